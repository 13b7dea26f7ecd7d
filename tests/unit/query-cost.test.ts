/**
 * Query cost follows the work an argument asks for: a SHAP sample's size counts, so aliasing
 * many large summaries into one query is refused like any other expensive query.
 */
import { buildSchema, parse, validate } from "graphql";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { complexityRule } from "../../graphql/limits";

const schema = buildSchema(readFileSync("graphql/schema.graphql", "utf8"));
const codes = (q: string) => validate(schema, parse(q), [complexityRule()]).map((e) => e.extensions.limit);

describe("query cost of sampled fields", () => {
  it("counts sampleSize: one large summary passes, twenty aliased ones are refused", () => {
    expect(codes("{ shapSummary(sampleSize: 5000) { baseValue } }")).toEqual([]);
    const many = Array.from({ length: 20 }, (_, i) => `a${i}: shapSummary(sampleSize: 5000) { baseValue }`).join(" ");
    expect(codes(`{ ${many} }`)).toContain("cost");
  });

  it("counts the default sample when the argument is absent, and the largest allowed for a variable", () => {
    const defaults = Array.from({ length: 12 }, (_, i) => `a${i}: shapSummary { baseValue }`).join(" ");
    const large = Array.from({ length: 12 }, (_, i) => `a${i}: shapSummary(sampleSize: 5000) { baseValue }`).join(" ");
    expect(codes(`{ ${defaults} }`)).toEqual([]);
    expect(codes(`{ ${large} }`)).toContain("cost");
    const vars = Array.from({ length: 12 }, (_, i) => `a${i}: shapSummary(sampleSize: $n) { baseValue }`).join(" ");
    expect(codes(`query ($n: Int) { ${vars} }`)).toContain("cost");
  });
});
