import { describe, expect, it } from "vitest";
import { stratifiedSplit } from "../../lib/ml/split";

function labelsWithRate(n: number, rate: number): Uint8Array {
  // Deterministic, interleaved so index order carries no class pattern the split could exploit.
  return Uint8Array.from({ length: n }, (_, i) => (((i * 2654435761) >>> 0) % 1000 < rate * 1000 ? 1 : 0));
}

describe("stratifiedSplit", () => {
  const labels = labelsWithRate(3000, 0.3);
  const pos = labels.reduce((s, v) => s + v, 0);

  it("70/15/15, disjoint, covering every row", () => {
    const s = stratifiedSplit(labels, 42);
    expect(s.train.length + s.valid.length + s.test.length).toBe(3000);
    expect(Math.abs(s.train.length - 2100)).toBeLessThanOrEqual(2);
    expect(Math.abs(s.valid.length - 450)).toBeLessThanOrEqual(2);
    const seen = new Set<number>([...s.train, ...s.valid, ...s.test]);
    expect(seen.size).toBe(3000);
  });

  it("keeps the churn rate in every part (± one row per class)", () => {
    const s = stratifiedSplit(labels, 42);
    const rate = pos / labels.length;
    for (const part of [s.train, s.valid, s.test]) {
      const p = part.reduce((acc, i) => acc + labels[i]!, 0);
      expect(Math.abs(p - rate * part.length)).toBeLessThanOrEqual(1.5);
    }
  });

  it("is seeded: same seed same split, other seed another", () => {
    const a = stratifiedSplit(labels, 7);
    const b = stratifiedSplit(labels, 7);
    const c = stratifiedSplit(labels, 8);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it("rejects impossible fractions", () => {
    expect(() => stratifiedSplit(labels, 1, { train: 0.9, valid: 0.2 })).toThrow(/train \+ valid < 1/);
  });
});
