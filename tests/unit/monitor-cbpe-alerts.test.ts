import { describe, expect, it } from "vitest";
import type { RealisedQuality } from "../../db/json-types";
import { Random } from "../../lib/data/random";
import { evaluateAlerts, AlertInputError } from "../../lib/monitor/alerts";
import { estimatePerformance, expectedAuc, CbpeInputError } from "../../lib/monitor/cbpe";
import { driftBetween, type DriftFeatureSpec } from "../../lib/monitor/drift";
import { auc } from "../../lib/stats/auc";

/** Σ over pairs i ≠ j of p_i (1 − p_j) [p_i > p_j] (+½ ties), over Σ_{i≠j} p_i (1 − p_j). */
function bruteExpectedAuc(p: number[]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < p.length; i++)
    for (let j = 0; j < p.length; j++) {
      if (i === j) continue;
      const w = p[i]! * (1 - p[j]!);
      den += w;
      num += w * (p[i]! > p[j]! ? 1 : p[i] === p[j] ? 0.5 : 0);
    }
  return num / den;
}

const betaLike = (n: number, seed: number) => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => 1 / (1 + Math.exp(-rng.normal(-1, 1.5))));
};

describe("CBPE", () => {
  it("expected AUC matches the pairwise definition, ties included", () => {
    const p = [0.1, 0.2, 0.2, 0.5, 0.9, 0.9, 0.05, 0.7];
    expect(expectedAuc(p)).toBeCloseTo(bruteExpectedAuc(p), 12);
    const q = betaLike(60, 3);
    expect(expectedAuc(q)).toBeCloseTo(bruteExpectedAuc(q), 12);
    expect(expectedAuc([0.3, 0.3, 0.3])).toBeCloseTo(0.5, 12);
    expect(expectedAuc([0, 0, 0])).toBeNull();
  });

  it("expects precision = mean p of the selected rows and recall = their share of Σp", () => {
    const p = [0.9, 0.8, 0.6, 0.4, 0.2, 0.1];
    const e = estimatePerformance(p, { threshold: 0.5, k: 2 });
    expect(e.predictedPositive).toBe(3);
    expect(e.precisionAtThreshold!.estimate).toBeCloseTo((0.9 + 0.8 + 0.6) / 3, 12);
    expect(e.recallAtThreshold!.estimate).toBeCloseTo(2.3 / 3, 12);
    expect(e.precisionAtK!.estimate).toBeCloseTo(0.85, 12);
    expect(e.recallAtK!.estimate).toBeCloseTo(1.7 / 3, 12);
    expect(e.expectedChurners).toBeCloseTo(3, 12);
  });

  it("covers the realised metrics of outcomes drawn from calibrated probabilities", () => {
    const p = betaLike(3000, 5);
    const e = estimatePerformance(p, { seed: 2 });
    let inside = 0;
    for (let s = 0; s < 20; s++) {
      const rng = new Random(100 + s);
      const y = p.map((v) => (rng.next() < v ? 1 : 0));
      const a = auc(y, p);
      if (a >= e.auc!.lower && a <= e.auc!.upper) inside++;
    }
    expect(inside).toBe(20);
    expect(e.auc!.standardError).toBeGreaterThan(0);
    expect(e.auc!.lower).toBeLessThan(e.auc!.q025);
    expect(JSON.parse(JSON.stringify(e))).toEqual(e);
  });

  it("names the field of bad input", () => {
    expect(() => estimatePerformance([0.5, 1.2])).toThrow(/probabilities\[1\]/);
    expect(() => estimatePerformance([0.5], { replicates: 5 })).toThrow(CbpeInputError);
    expect(() => estimatePerformance([0.5], { threshold: 0 })).toThrow(/threshold/);
    expect(() => estimatePerformance([])).toThrow(/probabilities/);
  });
});

const ONE: DriftFeatureSpec[] = [
  { key: "age", categories: null },
  { key: "logins_total", categories: null },
];
const realised = (a: number): RealisedQuality => ({ customers: 1000, churned: 300, churnRate: 0.3, auc: a, k: 100, precisionAtK: 0.8, recallAtK: 0.3, calibration: [], oracleAuc: null });

describe("alerts", () => {
  const rng = new Random(4);
  const ref = { X: Float64Array.from({ length: 4000 }, () => rng.normal(0, 1)), nCols: 2 };
  const same = { X: Float64Array.from({ length: 4000 }, () => rng.normal(0, 1)), nCols: 2 };
  const moved = { X: same.X.map((v, i) => (i % 2 ? v + 1.5 : v)), nCols: 2 };
  const calm = driftBetween(ref, same, { features: ONE });
  const drifted = driftBetween(ref, moved, { features: ONE });
  const est = estimatePerformance(betaLike(2000, 1));

  it("raises nothing when performance holds and nothing drifted", () => {
    expect(evaluateAlerts({ testAuc: est.auc!.estimate, drift: calm, estimated: est, realised: realised(est.auc!.estimate) })).toEqual([]);
  });

  it("raises a drift alert naming the moved feature and suggesting retraining", () => {
    const alerts = evaluateAlerts({ testAuc: 0.8, drift: drifted, estimated: null, realised: null });
    expect(alerts.map((a) => a.kind)).toEqual(["feature_drift"]);
    expect(alerts[0]!.features.map((f) => f.key)).toEqual(["logins_total"]);
    expect(alerts[0]!.message).toContain("12周登录次数");
    expect(alerts[0]!.suggestion).toContain("重新训练");
  });

  it("raises estimated and realised AUC drops beyond the margin, realised first", () => {
    const testAuc = est.auc!.estimate + 0.06;
    const alerts = evaluateAlerts({ testAuc, drift: drifted, estimated: est, realised: realised(testAuc - 0.051) });
    // Critical first: the realised drop and half of the features drifted, then the estimate.
    expect(alerts.map((a) => a.kind)).toEqual(["realised_auc_drop", "feature_drift", "estimated_auc_drop"]);
    expect(alerts[0]!.features[0]!.key).toBe("logins_total");
    expect(evaluateAlerts({ testAuc, drift: null, estimated: est, realised: realised(testAuc - 0.049) }, { aucMargin: 0.07 })).toEqual([]);
    expect(evaluateAlerts({ testAuc, drift: null, estimated: est, realised: null }, { requireBandBelow: true })).toEqual([]);
  });

  it("raises a data-quality alert for new missing values", () => {
    const holes = { X: same.X.map((v, i) => (i < 400 && i % 2 === 0 ? Number.NaN : v)), nCols: 2 };
    const alerts = evaluateAlerts({ testAuc: 0.8, drift: driftBetween(ref, holes, { features: ONE }), estimated: null, realised: null });
    const dq = alerts.find((a) => a.kind === "data_quality")!;
    expect(dq.features.map((f) => f.key)).toEqual(["age"]);
    expect(dq.message).toContain("缺失比例");
  });

  it("names the field of a bad policy", () => {
    expect(() => evaluateAlerts({ testAuc: 0.8, drift: null, estimated: null, realised: null }, { aucMargin: 2 })).toThrow(/aucMargin/);
    expect(() => evaluateAlerts({ testAuc: 0, drift: null, estimated: null, realised: null })).toThrow(AlertInputError);
  });
});
