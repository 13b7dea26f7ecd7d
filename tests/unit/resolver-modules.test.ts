import { buildASTSchema, parse, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { mergeResolvers, resolverModules, resolvers } from "../../graphql/resolvers";
import { typeDefs } from "../../graphql/schema";

describe("resolvers grouped by domain", () => {
  it("every root field of the schema has exactly one resolver among the domain modules", () => {
    const schema = buildASTSchema(parse(typeDefs));
    for (const root of ["Query", "Mutation", "Subscription"] as const) {
      const type = schema.getType(root) as GraphQLObjectType;
      const fields = Object.keys(type.getFields()).sort();
      const defined = Object.keys((resolvers as Record<string, object>)[root] ?? {}).sort();
      expect(defined, root).toEqual(fields);
    }
    expect(resolverModules.length).toBeGreaterThan(5);
  });

  it("two modules defining the same field fail instead of one silently winning", () => {
    const a = { Query: { health: () => null } };
    const b = { Query: { health: () => null } };
    expect(() => mergeResolvers([a, b] as never)).toThrow(/Query\.health defined twice/);
  });
});
