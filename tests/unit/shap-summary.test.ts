import { describe, expect, it } from "vitest";
import { beeswarmSample, dependence, meanAbsShap, topDrivers } from "../../lib/ml/shap-summary";
import { Random } from "../../lib/data/random";

/** Uniform [0, 1) numbers from the project's seeded generator. */
function seededUniform(seed: number): () => number {
  const rng = new Random(seed);
  return () => rng.next();
}

describe("shap summaries", () => {
  it("meanAbsShap averages |shap| per column", () => {
    const v = Float64Array.from([1, -2, 0, -3, 4, 0]);
    expect(Array.from(meanAbsShap(v, 2, 3))).toEqual([2, 3, 0]);
    expect(() => meanAbsShap(v, 3, 3)).toThrow(/values must hold nRows × nCols = 9/);
  });

  it("topDrivers orders by |shap| descending, ties by index", () => {
    expect(topDrivers([0.1, -0.5, 0.3, 0.5], 3)).toEqual([
      { index: 1, shap: -0.5 },
      { index: 3, shap: 0.5 },
      { index: 2, shap: 0.3 },
    ]);
    expect(topDrivers(Float64Array.from([1, 2]), 5).map((d) => d.index)).toEqual([1, 0]);
    expect(() => topDrivers([1], -1)).toThrow(/k must be a non-negative integer/);
  });

  const rand = seededUniform(3);
  const n = 500;
  const nCols = 4;
  const X = new Float64Array(n * nCols);
  const V = new Float64Array(n * nCols);
  for (let r = 0; r < n; r++) {
    const x = [rand() * 10, rand(), rand() < 0.5 ? 0 : 1, rand() < 0.1 ? NaN : rand()];
    X.set(x, r * nCols);
    // Feature 0's effect flips sign with feature 2: a strong interaction.
    V.set([(x[0] - 5) * 0.1 * (x[2] === 1 ? 1 : -1), x[1] - 0.5, 0.05 * x[2], 0.01], r * nCols);
  }

  it("beeswarmSample is deterministic per seed, distinct rows, values in [0,1] or NaN", () => {
    const a = beeswarmSample(V, X, n, nCols, 100, 9);
    const b = beeswarmSample(V, X, n, nCols, 100, 9);
    const c = beeswarmSample(V, X, n, nCols, 100, 10);
    expect(Array.from(a.rows)).toEqual(Array.from(b.rows));
    expect(Array.from(a.rows)).not.toEqual(Array.from(c.rows));
    expect(new Set(a.rows).size).toBe(100);
    expect(a.shap.length).toBe(nCols);
    a.rows.forEach((row, k) => {
      expect(a.shap[1][k]).toBe(V[row * nCols + 1]);
      const nv = a.normalizedValue[3][k];
      if (Number.isNaN(X[row * nCols + 3])) expect(nv).toBeNaN();
      else expect(nv >= 0 && nv <= 1).toBe(true);
    });
    expect(beeswarmSample(V, X, n, nCols, 10_000).rows.length).toBe(n);
    expect(() => beeswarmSample(V, X, n, nCols, 0)).toThrow(/sampleSize must be a positive integer/);
  });

  it("dependence picks the interacting feature and returns aligned arrays", () => {
    const d = dependence(V, X, n, nCols, 0);
    expect(d.interaction).toBe(2);
    expect(d.rows.length).toBe(n);
    d.rows.forEach((row, k) => {
      expect(d.x[k]).toBe(X[row * nCols]);
      expect(d.shap[k]).toBe(V[row * nCols]);
      expect(d.interactionX[k]).toBe(X[row * nCols + 2]);
    });
    expect(dependence(V, X, n, nCols, 0, 50).rows.length).toBe(50);
    expect(() => dependence(V, X, n, nCols, 4)).toThrow(/feature must be an integer in 0\.\.3/);
  });
});
