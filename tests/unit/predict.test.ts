import { describe, expect, it } from "vitest";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { predictMargin, predictProba, sigmoid } from "../../lib/ml/predict";
import { allocateTree, type TreeEnsemble } from "../../lib/ml/ensemble";
import { goldenModelBytes, loadGolden } from "../fixtures/golden/golden";

describe("predict", () => {
  const g = loadGolden();
  const e = parseLegacyBinary(goldenModelBytes());

  it("matches XGBoost margins within 1e-6 on every golden row (NaN, thresholds, ulp neighbours)", () => {
    const m = predictMargin(e, g.X, g.nRows, g.nCols);
    let worst = 0;
    for (let r = 0; r < g.nRows; r++) worst = Math.max(worst, Math.abs(m[r] - g.margin[r]));
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  it("probabilities are the sigmoid of margins and fill a caller buffer", () => {
    const out = new Float64Array(g.nRows);
    const p = predictProba(e, g.X, g.nRows, g.nCols, out);
    expect(p).toBe(out);
    for (let r = 0; r < g.nRows; r++) expect(p[r]).toBeCloseTo(sigmoid(g.margin[r]), 6);
    expect(sigmoid(0)).toBe(0.5);
  });

  // One split on feature 0 at 0.1 (not representable in float32), NaN goes right.
  const stump: TreeEnsemble = (() => {
    const t = allocateTree(3);
    t.left[0] = 1; t.right[0] = 2; t.splitIndex[0] = 0; t.splitCondition[0] = 0.1; t.defaultLeft[0] = 0;
    t.isLeaf[1] = 1; t.leafValue[1] = -1; t.isLeaf[2] = 1; t.leafValue[2] = 1;
    t.cover.set([10, 4, 6]);
    return { numFeature: 1, baseScore: 0.25, objective: "binary:logistic", trees: [t] };
  })();

  it("compares in float32: a double just below the float32 threshold that rounds to it goes right", () => {
    const thr = Math.fround(0.1); // 0.10000000149…
    const xs = Float64Array.from([0.1, thr, thr - 1e-12, 0.0999999, NaN]);
    const m = predictMargin(stump, xs, 5, 1);
    expect(Array.from(m)).toEqual([1.25, 1.25, 1.25, -0.75, 1.25]);
  });

  it("sends NaN the default direction", () => {
    const left = { ...stump, trees: [{ ...stump.trees[0], defaultLeft: Uint8Array.from([1, 0, 0]) }] };
    expect(predictMargin(left, Float64Array.from([NaN]), 1, 1)[0]).toBe(-0.75);
  });

  it("validates shapes, naming the field", () => {
    expect(() => predictMargin(e, new Float64Array(10), 1, 10)).toThrow(/nCols must be an integer ≥ numFeature \(29\)/);
    expect(() => predictMargin(e, new Float64Array(10), 2, 29)).toThrow(/X must hold nRows × nCols = 58/);
    expect(() => predictMargin(e, new Float64Array(29), 1, 29, new Float64Array(0))).toThrow(/out must hold/);
  });
});
