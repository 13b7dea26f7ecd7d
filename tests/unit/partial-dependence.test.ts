import { describe, expect, it } from "vitest";
import { allocateTree, type TreeEnsemble } from "../../lib/ml/ensemble";
import { column, partialDependence, quantileGrid } from "../../lib/ml/partial-dependence";
import { predictProba, sigmoid } from "../../lib/ml/predict";
import { Random } from "../../lib/data/random";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { goldenModelBytes, loadGolden } from "../fixtures/golden/golden";

// One tree on two features: x0 < 5 → (x1 < 1 → −1 | → 0.5); x0 ≥ 5 → 2. Base score 0.
const tree: TreeEnsemble = (() => {
  const t = allocateTree(5);
  t.left[0] = 1; t.right[0] = 2; t.splitIndex[0] = 0; t.splitCondition[0] = 5;
  t.left[1] = 3; t.right[1] = 4; t.splitIndex[1] = 1; t.splitCondition[1] = 1;
  t.isLeaf[2] = 1; t.leafValue[2] = 2;
  t.isLeaf[3] = 1; t.leafValue[3] = -1;
  t.isLeaf[4] = 1; t.leafValue[4] = 0.5;
  t.cover.set([10, 6, 4, 3, 3]);
  return { numFeature: 2, baseScore: 0, objective: "binary:logistic", trees: [t] };
})();

describe("partial dependence", () => {
  it("PD of a single tree, by hand: sweeping x0 over {0, 10} with x1 = 0, 2, 3", async () => {
    const X = Float64Array.from([9, 0, 1, 2, 7, 3]);
    const r = await partialDependence(tree, X, 3, 2, 0, [0, 10], { iceLines: 3 });
    // x0 = 0: rows go left, then x1 decides: x1 = 0 → −1, x1 = 2 → 0.5, x1 = 3 → 0.5.
    expect(r.pd[0]).toBeCloseTo((sigmoid(-1) + 2 * sigmoid(0.5)) / 3, 12);
    // x0 = 10: every row reaches the leaf 2, whatever x1.
    expect(r.pd[1]).toBeCloseTo(sigmoid(2), 12);
    expect(r.ice[0]).toEqual([sigmoid(-1), sigmoid(2)]);
    expect(r.ice[1]).toEqual([sigmoid(0.5), sigmoid(2)]);
    expect(r.grid).toEqual([0, 10]);
    // The input matrix is left as it was.
    expect(Array.from(X)).toEqual([9, 0, 1, 2, 7, 3]);
  });

  it("a row's ICE line equals the model's predictions of that row with the feature set to each grid value (golden model)", async () => {
    const g = loadGolden();
    const e = parseLegacyBinary(goldenModelBytes());
    const n = Math.min(40, g.nRows);
    const X = g.X.slice(0, n * g.nCols);
    const feature = 3;
    const grid = quantileGrid(column(X, n, g.nCols, feature), 8);
    expect(grid.length).toBeGreaterThan(1);
    const r = await partialDependence(e, X, n, g.nCols, feature, grid, { iceLines: 5 });
    expect(r.ice).toHaveLength(5);
    for (let k = 0; k < 5; k++) {
      const row = X.slice(k * g.nCols, (k + 1) * g.nCols);
      grid.forEach((v, gi) => {
        row[feature] = v;
        expect(r.ice[k]![gi]).toBe(predictProba(e, row, 1, g.nCols)[0]);
      });
    }
    // The PD curve is the mean over all rows, not only the ICE rows.
    const at0 = X.slice();
    for (let i = 0; i < n; i++) at0[i * g.nCols + feature] = grid[0]!;
    const mean = Array.from(predictProba(e, at0, n, g.nCols)).reduce((a, b) => a + b, 0) / n;
    expect(r.pd[0]).toBeCloseTo(mean, 12);
  });

  it("calls `between` once between grid points (so a caller can yield)", async () => {
    let calls = 0;
    await partialDependence(tree, Float64Array.from([1, 1]), 1, 2, 0, [0, 4, 8], { between: async () => void calls++ });
    expect(calls).toBe(2);
  });

  it("grid: nearest-rank quantiles, distinct, ascending; NaN ignored; categorical → its codes", () => {
    expect(quantileGrid([3, 1, 2, NaN, 5, 4], 5)).toEqual([1, 2, 3, 4, 5]);
    expect(quantileGrid([0, 1, 1, 1, 2, 0, 2], 20)).toEqual([0, 1, 2]);
    expect(quantileGrid([NaN, NaN], 5)).toEqual([]);
    const rng = new Random(3);
    const xs = Array.from({ length: 1000 }, () => rng.next());
    const grid = quantileGrid(xs, 20);
    expect(grid).toHaveLength(20);
    for (let i = 1; i < grid.length; i++) expect(grid[i]!).toBeGreaterThan(grid[i - 1]!);
  });

  it("bad input names the field and the limit", async () => {
    expect(() => quantileGrid([1, 2], 1)).toThrow(/points must be an integer in 2\.\.50/);
    await expect(partialDependence(tree, new Float64Array(4), 2, 2, 2, [0])).rejects.toThrow(/feature must be a column index in 0\.\.1/);
    await expect(partialDependence(tree, new Float64Array(3), 2, 2, 0, [0])).rejects.toThrow(/X must hold nRows × nCols = 4/);
    await expect(partialDependence(tree, new Float64Array(2), 2, 1, 0, [0])).rejects.toThrow(/nCols must be an integer ≥ the model's 2 features/);
  });
});
