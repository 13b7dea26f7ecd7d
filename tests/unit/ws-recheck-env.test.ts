/** WS_RECHECK_MS: validated at start, the error names the variable and its range. */
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../lib/config/env";

const parse = (v: string | undefined) => parseEnv({ WS_RECHECK_MS: v } as unknown as NodeJS.ProcessEnv).WS_RECHECK_MS;

describe("WS_RECHECK_MS", () => {
  it("defaults to 2 s and accepts integers from 500 ms to an hour", () => {
    expect(parse(undefined)).toBe(2_000);
    expect(parse("500")).toBe(500);
    expect(parse("3600000")).toBe(3_600_000);
  });

  it.each(["499", "3600001", "1.5", "soon"])("rejects %s naming the variable and the range", (v) => {
    expect(() => parse(v)).toThrow(/WS_RECHECK_MS[^\n]*500 to 3,600,000/);
  });
});
