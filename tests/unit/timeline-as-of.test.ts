import { describe, expect, it } from "vitest";
import {
  addDays,
  asOfDates,
  AsOfSplitError,
  dataDate,
  dayNumber,
  outOfTimeSplit,
  shanghaiDate,
  startDateFor,
  tenureMonthsAt,
  weekday,
  weekOf,
  weekStart,
} from "../../lib/data/timeline/as-of";

describe("week dates", () => {
  it("default start date puts the data date (end of the last week) on 2026-11-23", () => {
    const start = startDateFor(104);
    expect(start).toBe("2024-11-25");
    expect(weekday(start)).toBe(0);
    expect(dataDate(start, 104)).toBe("2026-11-23");
    expect(weekStart(start, 103)).toBe("2026-11-16");
  });

  it("maps weeks to Mondays and dates back to weeks across month, year and leap-day boundaries", () => {
    const start = "2023-12-25";
    for (let w = -60; w <= 200; w++) {
      const monday = weekStart(start, w);
      expect(weekday(monday)).toBe(0);
      expect(weekOf(start, monday)).toBe(w);
      expect(weekOf(start, addDays(monday, 6))).toBe(w);
      expect(weekOf(start, addDays(monday, 7))).toBe(w + 1);
    }
    expect(weekStart(start, 9)).toBe("2024-02-26");
    expect(weekStart(start, 10)).toBe("2024-03-04");
  });

  it("does not depend on the process time zone (plain calendar dates)", () => {
    expect(dayNumber("1970-01-01")).toBe(0);
    expect(dayNumber("2026-11-23") - dayNumber("2024-11-25")).toBe(728);
  });

  it("gives the Asia/Shanghai calendar date of an instant", () => {
    expect(shanghaiDate(new Date("2026-11-22T15:59:59Z"))).toBe("2026-11-22");
    expect(shanghaiDate(new Date("2026-11-22T16:00:00Z"))).toBe("2026-11-23");
  });

  it("rejects invalid dates, naming the field", () => {
    expect(() => dayNumber("2026-02-30", "startDate")).toThrow(/startDate/);
    expect(() => dayNumber("2026-1-5", "startDate")).toThrow(/YYYY-MM-DD/);
    expect(() => startDateFor(104, "2026-11-24")).toThrow(/Monday/);
  });

  it("counts tenure in whole months from the open week", () => {
    expect(tenureMonthsAt(10, 11)).toBe(0);
    expect(tenureMonthsAt(0, 5)).toBe(1);
    expect(tenureMonthsAt(-261, 0)).toBe(60);
    expect(tenureMonthsAt(5, 3)).toBe(0);
  });
});

describe("as-of dates", () => {
  it("labels every 4 weeks back from nWeeks − H, never before the lookback, and scores at nWeeks", () => {
    const plan = asOfDates({ nWeeks: 104 }, { lookbackWeeks: 12, horizonWeeks: 12 });
    expect(plan.scoring).toBe(104);
    expect(plan.labelled[plan.labelled.length - 1]).toBe(92);
    expect(plan.labelled[0]).toBe(12);
    expect(plan.labelled).toHaveLength(21);
    for (let k = 1; k < plan.labelled.length; k++) expect(plan.labelled[k] - plan.labelled[k - 1]).toBe(4);
    for (const t of plan.labelled) expect(t + 12).toBeLessThanOrEqual(104);
  });

  it("honours everyWeeks and minWeek", () => {
    const plan = asOfDates({ nWeeks: 60 }, { lookbackWeeks: 12, horizonWeeks: 6, everyWeeks: 10, minWeek: 20 });
    expect(plan.labelled).toEqual([24, 34, 44, 54]);
  });

  it("splits out of time: test latest, validation's label window closed by the test date, train before", () => {
    const labelled = asOfDates({ nWeeks: 104 }, { lookbackWeeks: 12, horizonWeeks: 12 }).labelled;
    const s = outOfTimeSplit(labelled, { horizonWeeks: 12 });
    expect(s.test).toBe(92);
    expect(s.valid).toBe(80);
    expect(s.train[s.train.length - 1]).toBe(76);
    expect(s.train[0]).toBe(12);
    expect(s.train.every((t) => t <= s.valid - 4)).toBe(true);
    expect(new Set([...s.train, s.valid, s.test]).size).toBe(s.train.length + 2);
  });

  it("refuses a split when the history is too short", () => {
    expect(() => outOfTimeSplit([], { horizonWeeks: 12 })).toThrow(AsOfSplitError);
    expect(() => outOfTimeSplit([12, 16, 20], { horizonWeeks: 12 })).toThrow(/history too short/);
  });
});
