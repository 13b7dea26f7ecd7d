import { describe, expect, it } from "vitest";
import { DatasetInputError } from "../../lib/data/generator";
import { advanceOptions, generateTimeline } from "../../lib/data/timeline/generate";
import { maxCustomerWeeks, parseTimelineOptions } from "../../lib/data/timeline/options";
import { customerHazards, customerWeeks } from "../../lib/data/timeline/source";
import { CHURN_TYPES, type Timeline } from "../../lib/data/timeline/types";

const defaults = generateTimeline({});

/** Every byte of a timeline: columns, hazards, market and customers. */
function digest(tl: Timeline): string {
  const cols = Object.values(tl.activity).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString("base64"));
  return JSON.stringify({
    cols,
    hazard: Buffer.from(tl.hazard.buffer, tl.hazard.byteOffset, tl.hazard.byteLength).toString("base64"),
    market: tl.marketReturns,
    customers: tl.customers,
    intercept: tl.intercept,
    startDate: tl.startDate,
  });
}

function activeAt(tl: Timeline, t: number): number {
  let n = 0;
  for (const c of tl.customers) if (c.openWeek < t && (c.churnWeek === null || c.churnWeek >= t)) n++;
  return n;
}

describe("parseTimelineOptions", () => {
  it("refuses a population × history that would not fit this process's heap, naming customers, the product and the limit", () => {
    const cap = maxCustomerWeeks();
    // 1,000,000 × 26: each field within its range, together past the default 4 GB heap (the process died with "heap out of memory").
    expect(cap).toBeLessThan(1_000_000 * 26);
    expect(cap).toBeGreaterThan(3000 * 104);
    let err: unknown;
    try {
      parseTimelineOptions({ customers: 1_000_000, historyWeeks: 26, lookbackWeeks: 12, horizonWeeks: 4 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetInputError);
    expect((err as DatasetInputError).field).toBe("customers");
    expect((err as Error).message).toContain("customers × historyWeeks = 26,000,000");
    expect((err as Error).message).toContain(cap.toLocaleString("en"));
    const fits = Math.floor(cap / 26);
    expect(parseTimelineOptions({ customers: Math.min(fits, 1_000_000), historyWeeks: 26, lookbackWeeks: 12, horizonWeeks: 4 }).customers).toBe(Math.min(fits, 1_000_000));
  });

  it("fills the documented defaults", () => {
    const o = parseTimelineOptions({});
    expect(o).toEqual({
      customers: 3000,
      historyWeeks: 104,
      horizonWeeks: 12,
      lookbackWeeks: 12,
      seed: 42,
      churnRate: 0.3,
      startDate: "2024-11-25",
      intercept: null,
      driftWeek: null,
      driftFeatures: [],
      conceptDrift: false,
    });
  });

  it.each([
    [{ customers: 99 }, "customers", /100\.\.1000000/],
    [{ customers: 1.5 }, "customers", /integer/],
    [{ historyWeeks: 261 }, "historyWeeks", /26\.\.260/],
    [{ horizonWeeks: 3 }, "horizonWeeks", /4\.\.26/],
    [{ lookbackWeeks: 53 }, "lookbackWeeks", /4\.\.52/],
    [{ churnRate: 0.7 }, "churnRate", /0\.05\.\.0\.6/],
    [{ seed: -1 }, "seed", /0\.\./],
    [{ startDate: "2024-11-26" }, "startDate", /Monday/],
    [{ startDate: "2024-13-01" }, "startDate", /YYYY-MM-DD/],
    [{ intercept: 99 }, "intercept", /-50\.\.50/],
    [{ historyWeeks: 30, lookbackWeeks: 20 }, "historyWeeks", /lookbackWeeks \+ horizonWeeks/],
    [{ nCustomers: 10 }, "nCustomers", /unknown option/],
  ])("rejects %j naming %s and its range", (input, field, message) => {
    let err: unknown;
    try {
      parseTimelineOptions(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatasetInputError);
    expect((err as DatasetInputError).field).toBe(field);
    expect((err as Error).message).toMatch(message);
  });

  it("accepts numeric strings (CLI flags)", () => {
    expect(parseTimelineOptions({ customers: "500", churnRate: "0.2" })).toMatchObject({ customers: 500, churnRate: 0.2 });
  });
});

describe("generateTimeline", () => {
  it("is deterministic: the same seed gives the same bytes, another seed other bytes", () => {
    expect(digest(generateTimeline({}))).toBe(digest(defaults));
    expect(digest(generateTimeline({ seed: 43 }))).not.toBe(digest(defaults));
  });

  it("reproduces itself from the stored intercept without recalibrating", () => {
    expect(digest(generateTimeline({ intercept: defaults.intercept }))).toBe(digest(defaults));
  });

  it("advancing: a longer history with the same intercept has the shorter one as an exact prefix", () => {
    const short = generateTimeline({ customers: 600, historyWeeks: 60, seed: 7 });
    const long = generateTimeline(advanceOptions(short, 12));
    expect(long.nWeeks).toBe(72);
    expect(long.startDate).toBe(short.startDate);
    expect(long.intercept).toBe(short.intercept);
    expect(long.marketReturns.slice(0, 60)).toEqual(short.marketReturns);
    expect(long.customers.length).toBeGreaterThan(short.customers.length);
    expect(long.customers.slice(short.customers.length).every((c) => c.openWeek >= 60)).toBe(true);
    short.customers.forEach((s, i) => {
      const l = long.customers[i];
      expect(l.profile).toEqual(s.profile);
      expect(l.openWeek).toBe(s.openWeek);
      if (s.churnWeek !== null) {
        expect(l.churnWeek).toBe(s.churnWeek);
        expect(l.churnType).toBe(s.churnType);
      } else if (l.churnWeek !== null) expect(l.churnWeek).toBeGreaterThanOrEqual(60);
      const end = s.churnWeek ?? 60;
      expect(customerWeeks(long, i, s.firstWeek, end)).toEqual(customerWeeks(short, i));
      expect(Array.from(customerHazards(long, i, s.firstWeek, 60))).toEqual(Array.from(customerHazards(short, i, s.firstWeek, 60)));
    });
  });

  it("has no activity at or after the churn week, and rows for every open week before it", () => {
    let next = 0;
    for (const c of defaults.customers) {
      expect(c.rowOffset).toBe(next);
      const end = c.churnWeek ?? defaults.nWeeks;
      if (c.churnWeek !== null) expect(c.churnWeek).toBeGreaterThan(c.openWeek);
      next += end - c.firstWeek;
      expect(c.firstWeek).toBe(Math.max(0, c.openWeek));
    }
    expect(next).toBe(defaults.activity.logins.length);
    const churned = defaults.customers.findIndex((c) => c.churnWeek !== null && c.churnWeek < defaults.nWeeks - 1);
    const c = defaults.customers[churned];
    expect(() => customerWeeks(defaults, churned, c.firstWeek, c.churnWeek! + 1)).toThrow(/rows for weeks/);
  });

  it("keeps a hazard in [0, 1] for every week from the first to the end, 0 in a joiner's open week", () => {
    let total = 0;
    for (const c of defaults.customers) {
      expect(c.hazardOffset).toBe(total);
      total += defaults.nWeeks - c.firstWeek;
    }
    expect(defaults.hazard.length).toBe(total);
    expect(defaults.hazard.every((h) => h >= 0 && h <= 1)).toBe(true);
    const joiner = defaults.customers.findIndex((c) => c.openWeek > 0);
    expect(customerHazards(defaults, joiner, defaults.customers[joiner].openWeek, defaults.customers[joiner].openWeek + 1)[0]).toBe(0);
  });

  it("资产转出: every asset_out churner moved ≥ 80% of its assets out in the 4 weeks before the event; 销户 ends with no assets", () => {
    let assetOut = 0;
    let close = 0;
    defaults.customers.forEach((c, i) => {
      if (c.churnType === "asset_out") {
        assetOut++;
        const rows = customerWeeks(defaults, i, c.churnWeek! - 5, c.churnWeek!);
        expect(rows[4].totalAssets).toBeLessThanOrEqual(0.2 * rows[0].totalAssets);
        let out = 0;
        for (const r of rows.slice(1)) out -= Math.min(0, r.netInflow);
        expect(out).toBeGreaterThanOrEqual(0.6 * rows[0].totalAssets);
      } else if (c.churnType === "close") {
        close++;
        const [last] = customerWeeks(defaults, i, c.churnWeek! - 1, c.churnWeek!);
        expect(last.totalAssets).toBeLessThan(1);
      }
    });
    expect(assetOut).toBeGreaterThan(100);
    expect(close).toBeGreaterThan(100);
  });

  it("every churn type occurs, each in at least 10% of events", () => {
    const counts = Object.fromEntries(CHURN_TYPES.map((t) => [t, 0]));
    let events = 0;
    for (const c of defaults.customers) {
      expect(c.churnType === null).toBe(c.churnWeek === null);
      if (c.churnType) {
        counts[c.churnType]++;
        events++;
      }
    }
    for (const t of CHURN_TYPES) expect(counts[t] / events).toBeGreaterThan(0.1);
  });

  it("new customers join every few weeks and the active population stays within ±30% of the start", () => {
    const joiners = defaults.customers.filter((c) => c.openWeek >= 0);
    expect(joiners.length).toBeGreaterThan(1000);
    expect(joiners.every((c) => c.profile.tenureMonths === 0 && !c.profile.hasMargin)).toBe(true);
    const weeksWithJoiners = new Set(joiners.map((c) => c.openWeek));
    expect(weeksWithJoiners.size).toBeGreaterThan(100);
    for (let t = 1; t <= defaults.nWeeks; t++) {
      const n = activeAt(defaults, t);
      expect(n).toBeGreaterThanOrEqual(0.7 * 3000);
      expect(n).toBeLessThanOrEqual(1.3 * 3000);
    }
  });

  it("customers present at the start opened before it, with the tenure their profile states", () => {
    for (const c of defaults.customers.slice(0, 3000)) {
      expect(c.openWeek).toBeLessThan(0);
      expect(Math.floor((-c.openWeek * 7) / 30.4375)).toBe(c.profile.tenureMonths);
    }
  });

  it("hits the target H-week churn rate among active customers at the labelled as-of dates (±0.03)", () => {
    expect(Math.abs(defaults.churnRate - 0.3)).toBeLessThanOrEqual(0.03);
    const low = generateTimeline({ churnRate: 0.1, customers: 1500 });
    expect(Math.abs(low.churnRate - 0.1)).toBeLessThanOrEqual(0.03);
  });

  it("reports progress up to the total", () => {
    const calls: [number, number][] = [];
    generateTimeline({ customers: 200, historyWeeks: 30 }, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(10);
    const [done, total] = calls[calls.length - 1];
    expect(done).toBe(total);
    expect(calls.every(([d], k) => k === 0 || d > calls[k - 1][0])).toBe(true);
  });
});
