import { describe, expect, it } from "vitest";
import { Random } from "../../lib/data/random";
import { gainCurve, gainTable, precisionRecallAtK } from "../../lib/ml/gain-lift";

describe("gain table: small known cases", () => {
  // Scores descending: .9(1) .8(0) .7(1) .6(1) .5(0) .4(0) .3(1) .2(0) .1(0) .05(0)
  const labels = [1, 0, 1, 1, 0, 0, 1, 0, 0, 0];
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05];

  it("unbinned: one cut per distinct score with cumulative true positives", () => {
    const t = gainTable(labels, scores, 10);
    expect(t.total).toBe(10);
    expect(t.positives).toBe(4);
    expect(t.cuts.map((c) => c.flagged)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(t.cuts.map((c) => c.truePositives)).toEqual([1, 1, 2, 3, 3, 3, 4, 4, 4, 4]);
    expect(t.cuts[3]!.threshold).toBe(0.6);
  });

  it("gain and lift by hand: top 20% finds 1 of 4 churners (gain 0.25, lift 1.25); top 40% finds 3 (0.75, 1.875)", () => {
    const curve = gainCurve(gainTable(labels, scores, 10));
    expect(curve[0]).toMatchObject({ share: 0, gain: 0, lift: null });
    expect(curve[2]!.share).toBeCloseTo(0.2, 12);
    expect(curve[2]!.gain).toBeCloseTo(0.25, 12);
    expect(curve[2]!.lift).toBeCloseTo(0.5 / 0.4, 12);
    expect(curve[4]!.gain).toBeCloseTo(0.75, 12);
    expect(curve[4]!.lift).toBeCloseTo(0.75 / 0.4, 12);
    // Everyone flagged: gain 1, lift 1.
    expect(curve.at(-1)!.gain).toBe(1);
    expect(curve.at(-1)!.lift).toBeCloseTo(1, 12);
  });

  it("binned to 5 cuts: exact values at every other row", () => {
    const t = gainTable(labels, scores, 5);
    expect(t.cuts.map((c) => c.flagged)).toEqual([2, 4, 6, 8, 10]);
    expect(t.cuts.map((c) => c.truePositives)).toEqual([1, 3, 3, 4, 4]);
  });

  it("ties are never split: equal scores are flagged together", () => {
    const t = gainTable([1, 0, 0, 1], [0.5, 0.5, 0.5, 0.1], 4);
    expect(t.cuts).toEqual([
      { threshold: 0.5, flagged: 3, truePositives: 1 },
      { threshold: 0.1, flagged: 4, truePositives: 2 },
    ]);
  });

  it("never more cuts than bins, always ending with every row, on random data", () => {
    const rng = new Random(3);
    const n = 5000;
    const y = Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
    const s = y.map((v) => Math.round((0.4 * v + rng.next()) * 1000) / 1000);
    for (const bins of [1, 7, 100, 1000]) {
      const t = gainTable(y, s, bins);
      expect(t.cuts.length).toBeLessThanOrEqual(bins);
      expect(t.cuts.at(-1)!.flagged).toBe(n);
      expect(t.cuts.at(-1)!.truePositives).toBe(t.positives);
      // Brute force at each cut: count rows with score ≥ threshold.
      for (const c of t.cuts.filter((_, i) => i % 13 === 0)) {
        let f = 0;
        let tp = 0;
        for (let i = 0; i < n; i++) if (s[i]! >= c.threshold) {
            f++;
            tp += y[i]!;
          }
        expect([c.flagged, c.truePositives]).toEqual([f, tp]);
      }
    }
  });

  it("bad input names the limit", () => {
    expect(() => gainTable([1], [0.5], 0)).toThrow(/bins must be an integer in 1\.\.1000/);
    expect(() => gainTable([1, 0], [0.5], 10)).toThrow(/labels 2 ≠ scores 1/);
    expect(() => gainTable([1], [Number.NaN], 10)).toThrow(/not finite/);
  });

  it("empty input gives an empty table", () => {
    expect(gainTable([], [], 10)).toEqual({ total: 0, positives: 0, cuts: [] });
  });
});

describe("precision@K and recall@K", () => {
  it("counts the K highest scores", () => {
    const r = precisionRecallAtK([1, 0, 1, 1, 0], [0.9, 0.8, 0.7, 0.1, 0.2], 3);
    expect(r).toEqual({ k: 3, precision: 2 / 3, recall: 2 / 3 });
  });
  it("K beyond the rows is the whole set; no positives → recall null", () => {
    expect(precisionRecallAtK([0, 0], [0.3, 0.2], 5)).toEqual({ k: 2, precision: 0, recall: null });
  });
});
