import { readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { SOAK_READS } from "../../bench/soak";

const schema = buildSchema(readFileSync(path.join(__dirname, "../../graphql/schema.graphql"), "utf8"));

describe("bench documents", () => {
  // The soak's readers asked for a renamed field for a whole soak (841 answers of 400) before this check.
  it.each(Object.entries(SOAK_READS))("the soak's %s is valid against the schema", (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
