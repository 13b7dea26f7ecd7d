import { describe, expect, it } from "vitest";
import { Random } from "../../lib/data/random";
import { rankOrder } from "../../lib/ml/gain-lift";
import { averagePrecision, auc, prCurve, rocCurve } from "../../lib/ml/metrics";
import { rankedMetrics } from "../../lib/ml/ranked-metrics";

describe("ranked metrics from one sort agree with metrics.ts", () => {
  it("AUC, average precision, ROC and PR equal metrics.ts on random data with ties (10 seeds, small and > 200 distinct scores)", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const rng = new Random(seed);
      for (const [n, digits] of [
        [50, 10],
        [3000, 1000],
      ] as const) {
        const scores = Array.from({ length: n }, () => Math.round(rng.next() * digits) / digits);
        const labels = scores.map((p) => (rng.next() < p ? 1 : 0));
        const r = rankedMetrics(labels, scores, rankOrder(scores));
        expect(r.auc!).toBeCloseTo(auc(labels, scores), 12);
        expect(r.averagePrecision).toBeCloseTo(averagePrecision(labels, scores), 12);
        expect(r.roc).toEqual(rocCurve(labels, scores));
        const pr = prCurve(labels, scores);
        expect(r.pr.length).toBe(pr.length);
        r.pr.forEach((p, k) => {
          expect(p.x).toBeCloseTo(pr[k]!.x, 12);
          expect(p.y).toBeCloseTo(pr[k]!.y, 12);
        });
      }
    }
  });

  it("one class: AUC null, AP 0 without positives", () => {
    const r = rankedMetrics([0, 0, 0], [0.1, 0.2, 0.3], rankOrder([0.1, 0.2, 0.3]));
    expect(r.auc).toBeNull();
    expect(r.averagePrecision).toBe(0);
  });
});
