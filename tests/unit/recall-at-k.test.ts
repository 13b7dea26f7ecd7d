import { describe, expect, it } from "vitest";
import { Random } from "../../lib/data/random";
import { recallAtK } from "../../lib/ml/training-service";

/** The definition: the k highest probabilities by a stable sort (ties in row order). */
function byStableSort(labels: Uint8Array, probs: Float64Array, k: number): number | null {
  const positives = labels.reduce((a, b) => a + b, 0);
  if (positives === 0) return null;
  const order = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
  let hit = 0;
  for (let r = 0; r < Math.min(k, order.length); r++) hit += labels[order[r]!]!;
  return hit / positives;
}

describe("recall@K", () => {
  it("equals the stable-sort definition, with many ties at the cut", () => {
    const rng = new Random(9);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rng.next() * 300);
      // Few distinct values, so the k-th probability is usually tied with rows on both sides of the cut.
      const levels = 1 + Math.floor(rng.next() * 8);
      const probs = Float64Array.from({ length: n }, () => Math.floor(rng.next() * levels) / levels);
      const labels = Uint8Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0));
      const k = Math.floor(rng.next() * (n + 3));
      expect(recallAtK(labels, probs, k)).toBe(byStableSort(labels, probs, k));
    }
  });

  it("is null without positives, 0 for k = 0, 1 when k covers every row", () => {
    expect(recallAtK([0, 0], [0.2, 0.9], 1)).toBeNull();
    expect(recallAtK([1, 0], [0.2, 0.9], 0)).toBe(0);
    expect(recallAtK([1, 0, 1], [0.2, 0.9, 0.1], 5)).toBe(1);
    expect(recallAtK([1, 0, 1], [0.2, 0.9, 0.1], 2)).toBe(0.5);
  });
});
