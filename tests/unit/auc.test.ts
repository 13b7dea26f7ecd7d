import { describe, expect, it } from "vitest";
import { auc } from "../../lib/stats/auc";

/** O(n²) definition: P(score_pos > score_neg) + ½ P(equal). */
function naiveAuc(labels: number[], scores: number[]): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      u += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return u / pairs;
}

describe("auc", () => {
  it("is 1 for a perfect ranking, 0 for a reversed one, 0.5 for all ties", () => {
    expect(auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(auc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(auc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it("matches the pairwise definition with many ties", () => {
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + trial * 7;
      const labels = Array.from({ length: n }, () => (rnd() < 0.3 ? 1 : 0));
      labels[0] = 1;
      labels[1] = 0;
      const scores = Array.from({ length: n }, () => Math.floor(rnd() * 8) / 8);
      expect(auc(labels, scores)).toBeCloseTo(naiveAuc(labels, scores), 12);
    }
  });

  it("returns NaN for a single class and rejects mismatched lengths", () => {
    expect(auc([1, 1], [0.2, 0.3])).toBeNaN();
    expect(() => auc([1, 0], [0.2])).toThrow(/length/);
  });
});
