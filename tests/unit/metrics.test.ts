import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  aucStrict,
  averagePrecision,
  brier,
  calibrationTable,
  chooseThreshold,
  computeMetrics,
  confusionAt,
  logLoss,
  prf,
  rocCurve,
  prCurve,
  thresholdSweep,
  MAX_CURVE_POINTS,
} from "../../lib/ml/metrics";

describe("metrics: hand-worked examples", () => {
  it("AUC counts ties as one half", () => {
    // pairs (pos, neg): (.8,.8)=½, (.8,.2)=1, (.4,.8)=0, (.4,.2)=1 → 2.5 / 4
    expect(aucStrict([1, 0, 1, 0], [0.8, 0.8, 0.4, 0.2])).toBeCloseTo(0.625, 12);
    expect(aucStrict([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("AUC with a single class throws a clear error", () => {
    expect(() => aucStrict([1, 1, 1], [0.1, 0.5, 0.9])).toThrow(/一个类别|single class/);
    expect(() => aucStrict([0, 0], [0.1, 0.5])).toThrow(/single class/);
  });

  it("confusion matrix flags probability ≥ threshold", () => {
    expect(confusionAt([1, 1, 0, 0, 1], [0.9, 0.4, 0.6, 0.1, 0.5], 0.5)).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
  });

  it("precision, recall and F1 are 0, not NaN, without positives", () => {
    expect(prf({ tp: 0, fp: 3, tn: 5, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
    expect(prf({ tp: 0, fp: 0, tn: 5, fn: 0 })).toEqual({ precision: 0, recall: 0, f1: 0 });
    const sweep = thresholdSweep([0, 0, 0], [0.2, 0.6, 0.9]);
    for (const p of sweep) expect(Number.isNaN(p.f1)).toBe(false);
    expect(chooseThreshold([0, 0, 0], [0.2, 0.6, 0.9])).toBe(0.5);
  });

  it("log loss and Brier score", () => {
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(1e-15), 6); // clipped, finite
    expect(brier([1, 0], [0.8, 0.4])).toBeCloseTo(0.1, 12);
  });

  it("average precision (PR-AUC)", () => {
    // cuts: .9 → R .5 P 1; .8 → R .5; .7 → R 1 P 2/3; .1 → R 1 → AP = .5·1 + .5·2/3
    expect(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1])).toBeCloseTo(0.5 + 1 / 3, 12);
  });

  it("threshold = max-F1 cut on validation, midway to the next score", () => {
    // F1 by cut: ≥.9 .5, ≥.8 .8, ≥.7 .667, ≥.6 .857 (best), ≥.3 .75, ≥.2 .667
    expect(chooseThreshold([1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.3, 0.2])).toBeCloseTo(0.45, 12);
  });

  it("curves are downsampled to ≤ 200 points and span the unit square", () => {
    const n = 10_000;
    const labels = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const scores = Array.from({ length: n }, (_, i) => ((i * 7919) % n) / n);
    const roc = rocCurve(labels, scores);
    expect(roc.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(roc[0]).toMatchObject({ x: 0, y: 0 });
    expect(roc[roc.length - 1]).toMatchObject({ x: 1, y: 1 });
    const pr = prCurve(labels, scores);
    expect(pr.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(pr[pr.length - 1]!.x).toBe(1);
  });

  it("calibration bins cover every row; sweep is 0.05..0.95", () => {
    const labels = [0, 1, 0, 1, 1, 0, 0, 1];
    const probs = [0.05, 0.15, 0.25, 0.55, 0.95, 0.99, 0.5, 0.51];
    const cal = calibrationTable(labels, probs);
    expect(cal.reduce((s, b) => s + b.count, 0)).toBe(labels.length);
    const top = cal[cal.length - 1]!;
    expect(top).toEqual({ predicted: (0.95 + 0.99) / 2, observed: 0.5, count: 2 });
    const sweep = thresholdSweep(labels, probs);
    expect(sweep.map((p) => p.threshold)).toEqual(Array.from({ length: 19 }, (_, i) => (i + 1) / 20).map((t) => Math.round(t * 100) / 100));
    for (let i = 1; i < sweep.length; i++) expect(sweep[i]!.flagged).toBeLessThanOrEqual(sweep[i - 1]!.flagged);
  });

  it("computeMetrics has exactly the fields of the GraphQL Metrics type", () => {
    const schema = readFileSync(new URL("../../graphql/schema.graphql", import.meta.url), "utf8");
    const block = /type Metrics \{([\s\S]*?)\n\}/.exec(schema)![1]!;
    const fields = [...block.matchAll(/^\s+(\w+):/gm)].map((m) => m[1]).sort();
    const m = computeMetrics({
      test: { labels: [1, 0, 1, 0], probs: [0.9, 0.2, 0.6, 0.4] },
      validation: { labels: [1, 0, 1, 0], probs: [0.8, 0.3, 0.7, 0.1] },
      trainSize: 10,
      oracleAuc: 0.95,
    });
    expect(Object.keys(m).sort()).toEqual(fields);
    expect(m.auc).toBe(1);
    expect(m.oracleRatio).toBeCloseTo(1 / 0.95, 12);
    expect(m.threshold).toBeCloseTo(0.5, 12); // validation: cut between .7 and .3
    expect(m.confusion).toEqual({ tp: 2, fp: 0, tn: 2, fn: 0 });
    expect(m).toMatchObject({ testSize: 4, validationSize: 4, trainSize: 10, accuracy: 1, f1: 1 });
  });
});
