import { describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import { engineerFeatures, F } from "../../lib/data/features";
import { asOfDates, outOfTimeSplit, tenureMonthsAt } from "../../lib/data/timeline/as-of";
import { generateTimeline } from "../../lib/data/timeline/generate";
import { buildSnapshot, buildTrainingSet, populationAt } from "../../lib/data/timeline/snapshot";
import { customerWeeks, timelineSource } from "../../lib/data/timeline/source";
import type { Timeline } from "../../lib/data/timeline/types";
import { Random } from "../../lib/data/random";
import { auc } from "../../lib/stats/auc";

const tl = generateTimeline({});
const source = timelineSource(tl);
const opts = { lookbackWeeks: 12, horizonWeeks: 12 };
const plan = asOfDates(tl, opts);

/**
 * A copy of the timeline in which everything dated at or after week t is different: activity
 * rows, market returns, hazards, churn events (weeks and types) and the customers who open then.
 */
function rewriteFrom(src: Timeline, t: number): Timeline {
  const rng = new Random(99);
  const activity = Object.fromEntries(Object.entries(src.activity).map(([k, v]) => [k, v.slice()])) as Timeline["activity"];
  const hazard = src.hazard.slice();
  const customers = src.customers.map((c) => ({ ...c, profile: { ...c.profile } }));
  for (const c of customers) {
    const end = c.churnWeek ?? src.nWeeks;
    for (let w = Math.max(t, c.firstWeek); w < end; w++) {
      const r = c.rowOffset + w - c.firstWeek;
      activity.logins[r] = rng.int(0, 50);
      activity.trades[r] = rng.int(0, 50);
      activity.tradeAmount[r] = rng.uniform(0, 1e6);
      activity.totalAssets[r] = rng.uniform(0, 1e7);
      activity.netInflow[r] = rng.uniform(-1e6, 1e6);
      activity.serviceContacts[r] = rng.int(0, 9);
      activity.complaints[r] = rng.int(0, 9);
      activity.weeklyReturn[r] = rng.uniform(-0.2, 0.2);
    }
    for (let w = Math.max(t, c.firstWeek); w < src.nWeeks; w++) hazard[c.hazardOffset + w - c.firstWeek] = rng.next();
    // Events at or after t move (still at or after t: moving one before t would rewrite the past).
    if (c.churnWeek !== null && c.churnWeek >= t) {
      c.churnWeek = rng.bernoulli(0.5) ? Math.min(src.nWeeks - 1, c.churnWeek + 3) : t;
      c.churnType = "close";
    }
    if (c.openWeek >= t) {
      c.profile.age = 99;
      c.openWeek = t;
    }
  }
  const marketReturns = src.marketReturns.map((m, w) => (w >= t ? rng.normal(0, 0.05) : m));
  return { ...src, activity, hazard, customers, marketReturns };
}

describe("buildSnapshot", () => {
  it("is point in time: rewriting everything dated at or after t leaves the population and features at t unchanged", () => {
    for (const t of [12, 50, plan.labelled[plan.labelled.length - 1], tl.nWeeks]) {
      const before = buildSnapshot(source, t, opts);
      const after = buildSnapshot(timelineSource(rewriteFrom(tl, t)), t, opts);
      expect(Array.from(after.customers)).toEqual(Array.from(before.customers));
      expect(Buffer.from(after.X.buffer).equals(Buffer.from(before.X.buffer))).toBe(true);
      // The rewrite did change what lies ahead: true probabilities move, and labels too where
      // moved events can leave the window (it reaches the end of the data at the test as-of).
      if (t < tl.nWeeks) expect(Buffer.from(after.trueProbability.buffer).equals(Buffer.from(before.trueProbability.buffer))).toBe(false);
      if (t + opts.horizonWeeks < tl.nWeeks) expect(Buffer.from(after.labels).equals(Buffer.from(before.labels))).toBe(false);
    }
  });

  it("takes the active customers: opened before t, not churned by t", () => {
    const t = 40;
    const snap = buildSnapshot(source, t, opts);
    const expected = tl.customers.flatMap((c, i) => (c.openWeek < t && (c.churnWeek === null || c.churnWeek >= t) ? [i] : []));
    expect(Array.from(snap.customers)).toEqual(expected);
    expect(snap.customers.length).toBeGreaterThan(2000);
    expect(Array.from(populationAt(source, t))).toEqual(expected);
  });

  it("features = engineerFeatures over the lookback window before t (shorter for young accounts), tenure at t", () => {
    const t = 60;
    const snap = buildSnapshot(source, t, opts);
    let young = 0;
    snap.customers.forEach((i, r) => {
      if (r % 97 !== 0 && tl.customers[i].openWeek < t - 6) return;
      const c = tl.customers[i];
      const from = Math.max(0, c.openWeek, t - 12);
      if (from > t - 12) young++;
      const expected = engineerFeatures(c.profile, customerWeeks(tl, i, from, t), tl.marketReturns.slice(from, t));
      expected[F.tenure_months] = tenureMonthsAt(c.openWeek, t);
      expect(Array.from(snap.X.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT))).toEqual(Array.from(expected));
    });
    expect(young).toBeGreaterThan(50);
  });

  it("labels: 1 for an event in [t, t + H), 0 when the window is inside the data, unknown past it", () => {
    const t = 92;
    const snap = buildSnapshot(source, t, opts);
    snap.customers.forEach((i, r) => {
      const c = tl.customers[i];
      const event = c.churnWeek !== null && c.churnWeek < t + 12;
      expect(snap.labels[r]).toBe(event ? 1 : 0);
      expect(snap.labelled[r]).toBe(1);
    });
    const late = buildSnapshot(source, 100, opts);
    let unknown = 0;
    late.customers.forEach((i, r) => {
      const c = tl.customers[i];
      if (c.churnWeek !== null) {
        expect(late.labels[r]).toBe(1);
        expect(late.labelled[r]).toBe(1);
      } else {
        unknown++;
        expect(late.labelled[r]).toBe(0);
      }
      expect(Number.isNaN(late.trueProbability[r])).toBe(true);
    });
    expect(unknown).toBeGreaterThan(1000);
    const scoring = buildSnapshot(source, plan.scoring, opts);
    expect(scoring.labelled.every((k) => k === 0)).toBe(true);
  });

  it("true probability = 1 − Π(1 − hazard) over [t, t + H), and the oracle AUC at the test as-of is high but not perfect", () => {
    const t = plan.labelled[plan.labelled.length - 1];
    const snap = buildSnapshot(source, t, opts);
    const i = snap.customers[5];
    const c = tl.customers[i];
    let survive = 1;
    for (let w = t; w < t + 12; w++) survive *= 1 - tl.hazard[c.hazardOffset + w - c.firstWeek];
    expect(snap.trueProbability[5]).toBeCloseTo(1 - survive, 12);
    const oracle = auc(snap.labels, snap.trueProbability);
    console.log(`oracle AUC at the test as-of week ${t}: ${oracle.toFixed(4)} (${snap.customers.length} customers)`);
    expect(oracle).toBeGreaterThan(0.85);
    expect(oracle).toBeLessThan(0.98);
  });

  it("rejects as-of weeks outside the data", () => {
    expect(() => buildSnapshot(source, 0, opts)).toThrow(/asOfWeek/);
    expect(() => buildSnapshot(source, tl.nWeeks + 1, opts)).toThrow(/asOfWeek/);
  });
});

describe("buildTrainingSet", () => {
  const split = outOfTimeSplit(plan.labelled, opts);
  const set = buildTrainingSet(source, [...split.train, split.valid, split.test], opts);

  it("has one row per active customer per as-of, equal to that as-of's snapshot", () => {
    expect(set.ranges.map((r) => r.asOfWeek)).toEqual([...split.train, split.valid, split.test]);
    for (const range of [set.ranges[0], set.ranges[set.ranges.length - 1]]) {
      const snap = buildSnapshot(source, range.asOfWeek, opts);
      expect(range.end - range.start).toBe(snap.customers.length);
      expect(Array.from(set.customer.subarray(range.start, range.end))).toEqual(Array.from(snap.customers));
      expect(Array.from(set.X.subarray(range.start * FEATURE_COUNT, range.end * FEATURE_COUNT))).toEqual(Array.from(snap.X));
      expect(Array.from(set.labels.subarray(range.start, range.end))).toEqual(Array.from(snap.labels));
    }
    expect(set.X.every((v) => Number.isFinite(v) && Math.fround(v) !== -1)).toBe(true);
  });

  it("splits out of time with no customer-time overlap and no training label from the test window", () => {
    const seen = new Set<number>();
    for (let r = 0; r < set.labels.length; r++) seen.add(set.customer[r] * 1000 + set.asOfWeek[r]);
    expect(seen.size).toBe(set.labels.length);
    const testRows = set.ranges.filter((r) => r.asOfWeek === split.test);
    expect(testRows).toHaveLength(1);
    expect(split.test).toBe(plan.labelled[plan.labelled.length - 1]);
    const weeks = new Set(set.asOfWeek);
    expect(weeks.has(split.test) && weeks.has(split.valid)).toBe(true);
    for (const t of weeks) {
      if (t === split.test) continue;
      expect(t + opts.horizonWeeks).toBeLessThanOrEqual(split.test);
      if (t !== split.valid) expect(t).toBeLessThanOrEqual(split.valid - 4);
    }
  });

  it("realised H-week churn rate over the labelled as-of rows is the target ± 0.03", () => {
    const all = buildTrainingSet(source, plan.labelled, opts);
    let pos = 0;
    for (const y of all.labels) pos += y;
    expect(Math.abs(pos / all.labels.length - 0.3)).toBeLessThanOrEqual(0.03);
    for (const r of all.ranges) {
      let p = 0;
      for (let k = r.start; k < r.end; k++) p += all.labels[k];
      expect(Math.abs(p / (r.end - r.start) - 0.3)).toBeLessThanOrEqual(0.06);
    }
  });

  it("refuses an as-of week whose label window runs past the data", () => {
    expect(() => buildTrainingSet(source, [100], opts)).toThrow(/not fully labelled/);
  });
});
