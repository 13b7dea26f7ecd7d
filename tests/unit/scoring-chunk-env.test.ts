/** SCORING_CHUNK_CUSTOMERS (#17): validated at start, the error names the variable and its range. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../lib/config/env";

const parse = (v: string | undefined) => parseEnv({ SCORING_CHUNK_CUSTOMERS: v } as unknown as NodeJS.ProcessEnv).SCORING_CHUNK_CUSTOMERS;

describe("SCORING_CHUNK_CUSTOMERS", () => {
  it("defaults to 20,000 and accepts integers from 1,000 to 1,000,000", () => {
    expect(parse(undefined)).toBe(20_000);
    expect(parse("1000")).toBe(1_000);
    expect(parse("50000")).toBe(50_000);
    expect(parse("1000000")).toBe(1_000_000);
  });

  it.each(["999", "1000001", "1500.5", "abc", "-5"])("rejects %s naming the variable and the range", (v) => {
    expect(() => parse(v)).toThrow(/SCORING_CHUNK_CUSTOMERS[^\n]*1,000 to 1,000,000/);
  });
});
