import { describe, expect, it } from "vitest";
import { Random } from "../../lib/data/random";
import { bestCut, breakEvenProbability, checkCostInputs, defaultRetainedValue, expectedValue, expectedValueCurve, FALLBACK_RETAINED_VALUE, type CostInputs } from "../../lib/ml/cost-threshold";
import { gainTable } from "../../lib/ml/gain-lift";

/** EV of flagging every row with score ≥ t, by counting rows; the brute-force reference. */
function bruteForceBest(labels: number[], scores: number[], c: CostInputs): { threshold: number | null; value: number } {
  let best: { threshold: number | null; value: number } = { threshold: null, value: 0 };
  for (const t of [...new Set(scores)].sort((a, b) => b - a)) {
    let flagged = 0;
    let tp = 0;
    for (let i = 0; i < labels.length; i++) if (scores[i]! >= t) {
        flagged++;
        tp += labels[i]!;
      }
    const v = tp * c.successRate * c.retainedValue - flagged * c.contactCost;
    if (v > best.value) best = { threshold: t, value: v };
  }
  return best;
}

function calibratedSample(seed: number, n: number): { labels: number[]; scores: number[] } {
  const rng = new Random(seed);
  const scores = Array.from({ length: n }, () => Math.round(rng.next() ** 2 * 1000) / 1000);
  const labels = scores.map((p) => (rng.next() < p ? 1 : 0));
  return { labels, scores };
}

describe("expected value by threshold", () => {
  it("EV formula by hand: 30 churners of 100 contacted, 40% stay, 2,000 元 each, 100 元 a contact", () => {
    expect(expectedValue(100, 30, { contactCost: 100, retainedValue: 2000, successRate: 0.4 })).toBe(30 * 0.4 * 2000 - 100 * 100);
  });

  it("the best cut of the unbinned table equals the brute-force maximum over every threshold (20 seeds, several costs)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { labels, scores } = calibratedSample(seed, 800);
      const table = gainTable(labels, scores, 1000);
      for (const c of [
        { contactCost: 100, retainedValue: 2000, successRate: 0.3 },
        { contactCost: 10, retainedValue: 5000, successRate: 0.5 },
        { contactCost: 500, retainedValue: 1000, successRate: 0.2 },
      ]) {
        const best = bestCut(table, c);
        const ref = bruteForceBest(labels, scores, c);
        expect(best.expectedValue).toBeCloseTo(ref.value, 6);
        expect(best.threshold).toBe(ref.threshold);
      }
    }
  });

  it("a dearer contact moves the chosen threshold up (fewer customers contacted)", () => {
    const { labels, scores } = calibratedSample(42, 3000);
    const table = gainTable(labels, scores, 200);
    const cheap = bestCut(table, { contactCost: 50, retainedValue: 3000, successRate: 0.3 });
    const dear = bestCut(table, { contactCost: 400, retainedValue: 3000, successRate: 0.3 });
    expect(dear.threshold!).toBeGreaterThan(cheap.threshold!);
    expect(dear.flagged).toBeLessThan(cheap.flagged);
  });

  it("on calibrated scores the chosen threshold sits near the break-even probability", () => {
    const { labels, scores } = calibratedSample(9, 40000);
    const c = { contactCost: 150, retainedValue: 1000, successRate: 0.5 };
    expect(breakEvenProbability(c)).toBeCloseTo(0.3, 12);
    const best = bestCut(gainTable(labels, scores, 1000), c);
    expect(Math.abs(best.threshold! - 0.3)).toBeLessThan(0.05);
  });

  it("when no contact pays, contact nobody (threshold null, EV 0)", () => {
    const best = bestCut(gainTable([1, 0, 0], [0.9, 0.5, 0.1], 10), { contactCost: 1000, retainedValue: 100, successRate: 1 });
    expect(best).toMatchObject({ threshold: null, flagged: 0, expectedValue: 0 });
  });

  it("the curve starts at contacting nobody and has one point per cut", () => {
    const t = gainTable([1, 0, 1], [0.9, 0.5, 0.1], 10);
    const curve = expectedValueCurve(t, { contactCost: 10, retainedValue: 100, successRate: 0.5 });
    expect(curve.map((p) => p.expectedValue)).toEqual([0, 40, 30, 70]);
  });

  it("bad inputs are refused naming the field and the limit", () => {
    expect(checkCostInputs({ contactCost: -1, retainedValue: 10, successRate: 0.3 })).toMatchObject({ field: "contactCost" });
    expect(checkCostInputs({ contactCost: 1, retainedValue: 0, successRate: 0.3 })).toMatchObject({ field: "retainedValue" });
    expect(checkCostInputs({ contactCost: 1, retainedValue: 10, successRate: 1.5 })?.message).toMatch(/\(0, 1\]/);
    expect(() => bestCut(gainTable([1], [0.5], 1), { contactCost: 1, retainedValue: 10, successRate: 0 })).toThrow(/successRate/);
  });

  it("default retained value: 0.8% of the churners' mean assets, rounded to 10 元; a fallback without assets", () => {
    expect(defaultRetainedValue(500_000)).toBe(4000);
    expect(defaultRetainedValue(null)).toBe(FALLBACK_RETAINED_VALUE);
    expect(defaultRetainedValue(0)).toBe(FALLBACK_RETAINED_VALUE);
  });
});
