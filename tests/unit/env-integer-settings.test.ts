/** Integer settings are validated at start; an error names the variable and its range. */
import { describe, expect, it } from "vitest";
import { parseEnv, type Env } from "../../lib/config/env";

const parse = (name: keyof Env, v: string | undefined) => parseEnv({ [name]: v } as unknown as NodeJS.ProcessEnv)[name];

const SETTINGS: { name: keyof Env; def: number; accepted: [string, number][]; rejected: string[]; range: RegExp }[] = [
  {
    name: "SCORING_CHUNK_CUSTOMERS",
    def: 20_000,
    accepted: [["1000", 1_000], ["50000", 50_000], ["1000000", 1_000_000]],
    rejected: ["999", "1000001", "1500.5", "abc", "-5"],
    range: /SCORING_CHUNK_CUSTOMERS[^\n]*1,000 to 1,000,000/,
  },
  {
    name: "WS_RECHECK_MS",
    def: 2_000,
    accepted: [["500", 500], ["3600000", 3_600_000]],
    rejected: ["499", "3600001", "1.5", "soon"],
    range: /WS_RECHECK_MS[^\n]*500 to 3,600,000/,
  },
];

describe.each(SETTINGS)("$name", ({ name, def, accepted, rejected, range }) => {
  it("has its default and accepts integers in its range", () => {
    expect(parse(name, undefined)).toBe(def);
    for (const [v, want] of accepted) expect(parse(name, v)).toBe(want);
  });

  it.each(rejected)("rejects %s naming the variable and the range", (v) => {
    expect(() => parse(name, v)).toThrow(range);
  });
});
