import { GraphQLScalarType, Kind } from "graphql";
import type { Resolvers } from "../generated/resolvers-types";
import { AccountMutation } from "./account";
import { AdminMutation, AdminQuery } from "./admin";
import { Mutation } from "./mutation";
import { Query } from "./query";
import { Subscription } from "./subscription";

const DateTime = new GraphQLScalarType({
  name: "DateTime",
  description: "ISO-8601 timestamp",
  serialize: (v) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString()),
  parseValue: (v) => {
    const d = new Date(String(v));
    if (Number.isNaN(d.getTime())) throw new TypeError("DateTime must be an ISO-8601 string");
    return d;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new TypeError("DateTime must be a string");
    return new Date(ast.value);
  },
});

const JSONScalar = new GraphQLScalarType({ name: "JSON", serialize: (v) => v, parseValue: (v) => v });

export const resolvers: Resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: { ...Query, ...AdminQuery },
  Mutation: { ...Mutation, ...AdminMutation, ...AccountMutation },
  Subscription,
};
