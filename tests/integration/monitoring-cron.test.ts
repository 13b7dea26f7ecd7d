/** SCORING_SCHEDULE: the cron parser, next slots in Asia/Shanghai, and the env check naming the field. */
import { describe, expect, it } from "vitest";
import { nextCronTime, parseCron } from "../../lib/config/cron";
import { parseEnv } from "../../lib/config/env";
import { decideActivation } from "../../lib/monitor/champion";

describe("cron schedule (Asia/Shanghai)", () => {
  it("Mondays 08:30 Shanghai = Monday 00:30 UTC; the next slot is strictly after", () => {
    const c = parseCron("30 8 * * 1");
    // 2026-11-30 is a Monday.
    expect(nextCronTime(c, new Date("2026-11-29T12:00:00Z"))!.toISOString()).toBe("2026-11-30T00:30:00.000Z");
    expect(nextCronTime(c, new Date("2026-11-30T00:30:00Z"))!.toISOString()).toBe("2026-12-07T00:30:00.000Z");
  });
  it("steps, ranges, lists and Sunday as 7", () => {
    const c = parseCron("*/15 9-10 1,15 * 7");
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([9, 10]);
    expect([...c.daysOfWeek]).toEqual([0]);
    // Day of month and day of week both restricted: either matches (2026-12-06 is a Sunday).
    expect(nextCronTime(c, new Date("2026-12-02T00:00:00Z"))!.toISOString()).toBe("2026-12-06T01:00:00.000Z");
  });
  it("bad schedules are refused at startup, naming the field and its range", () => {
    expect(() => parseCron("61 * * * *")).toThrow(/minute.*0–59/);
    expect(() => parseCron("* * * *")).toThrow(/5 个字段/);
    expect(() => parseEnv({ SCORING_SCHEDULE: "0 25 * * *" } as unknown as NodeJS.ProcessEnv)).toThrow(/SCORING_SCHEDULE[\s\S]*hour/);
    expect(parseEnv({ SCORING_SCHEDULE: "0 2 * * 1" } as unknown as NodeJS.ProcessEnv).SCORING_SCHEDULE).toBe("0 2 * * 1");
    expect(() => parseEnv({ AUTO_ACTIVATE: "always" } as unknown as NodeJS.ProcessEnv)).toThrow(/AUTO_ACTIVATE/);
  });
});

describe("activation rule", () => {
  const auc = (diff: number, lower: number, upper: number) => ({ auc: { champion: 0.9, challenger: 0.9 + diff, diff, lower, upper, replicates: 1000 } });
  it("activates only a challenger better by the margin whose interval excludes zero, and never under AUTO_ACTIVATE=never", () => {
    const s = { autoActivate: "better" as const, activateMargin: 0.005 };
    expect(decideActivation(auc(0.02, 0.01, 0.03), s).activate).toBe(true);
    expect(decideActivation(auc(0.02, -0.001, 0.04), s).activate).toBe(false);
    expect(decideActivation(auc(0.004, 0.001, 0.007), s).activate).toBe(false);
    expect(decideActivation(auc(-0.004, -0.01, 0.002), s).activate).toBe(false);
    expect(decideActivation(auc(0.05, 0.04, 0.06), { ...s, autoActivate: "never" }).activate).toBe(false);
  });
});
