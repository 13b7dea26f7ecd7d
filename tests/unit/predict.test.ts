import { describe, expect, it } from "vitest";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { predictLeafValues, predictMargin, predictProba, sigmoid } from "../../lib/ml/predict";
import { allocateTree, type Tree, type TreeEnsemble } from "../../lib/ml/ensemble";
import { Random } from "../../lib/data/random";
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

  it("validates shapes of the per-tree leaf values too", () => {
    expect(() => predictLeafValues(e, new Float64Array(29), 1, 29, new Float64Array(3))).toThrow(/out must hold/);
  });

  /** The textbook walk, one node at a time: the reference the compiled predictor must match bit for bit. */
  function referenceMargin(en: TreeEnsemble, X: ArrayLike<number>, nRows: number, nCols: number): Float64Array {
    const out = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) {
      let sum = 0;
      for (const t of en.trees) {
        let n = 0;
        while (!t.isLeaf[n]) {
          const x = X[r * nCols + t.splitIndex[n]];
          n = Number.isNaN(x) ? (t.defaultLeft[n] ? t.left[n] : t.right[n]) : Math.fround(x) < t.splitCondition[n] ? t.left[n] : t.right[n];
        }
        sum += t.leafValue[n];
      }
      out[r] = en.baseScore + sum;
    }
    return out;
  }

  /** Random binary tree with leaves at every depth; `chain` adds a left spine deeper than the padded layout allows. */
  function randomTree(rng: Random, numFeature: number, maxDepth: number, chain = 0): Tree {
    type N = { f: number; c: number; dl: number; v: number; l: number; r: number };
    const nodes: N[] = [];
    const grow = (depth: number, spine: boolean): number => {
      const id = nodes.length;
      const split = spine ? depth < chain : depth < maxDepth && (depth === 0 || rng.next() < 0.75);
      nodes.push({ f: Math.floor(rng.next() * numFeature), c: Math.fround(rng.next() * 4 - 2), dl: rng.next() < 0.5 ? 1 : 0, v: rng.next() * 2 - 1, l: -1, r: -1 });
      if (split) {
        nodes[id].l = grow(depth + 1, spine);
        nodes[id].r = grow(depth + 1, false);
      }
      return id;
    };
    grow(0, chain > 0);
    const t = allocateTree(nodes.length);
    nodes.forEach((n, i) => {
      t.cover[i] = 1;
      if (n.l < 0) {
        t.isLeaf[i] = 1;
        t.leafValue[i] = n.v;
      } else {
        t.left[i] = n.l; t.right[i] = n.r; t.splitIndex[i] = n.f; t.splitCondition[i] = n.c; t.defaultLeft[i] = n.dl;
      }
    });
    return t;
  }

  it("equals the node-by-node walk bit for bit: padded and deep trees, NaN both ways, extra columns, float32 input", () => {
    const rng = new Random(3);
    const numFeature = 6;
    const trees = [...Array.from({ length: 40 }, () => randomTree(rng, numFeature, 1 + Math.floor(rng.next() * 8))), randomTree(rng, numFeature, 3, 20)];
    const en: TreeEnsemble = { numFeature, baseScore: 0.125, objective: "binary:logistic", trees };
    const nRows = 700; // more than one block of rows
    const nCols = numFeature + 2;
    const X = new Float64Array(nRows * nCols);
    // Values on and next to the thresholds, and NaN, so every comparison edge is exercised.
    const thresholds = trees.flatMap((t) => Array.from(t.splitCondition));
    for (let i = 0; i < X.length; i++) {
      const u = rng.next();
      X[i] = u < 0.15 ? NaN : u < 0.4 ? thresholds[Math.floor(rng.next() * thresholds.length)] + (rng.next() < 0.5 ? 0 : 1e-9) : rng.next() * 4 - 2;
    }
    const want = referenceMargin(en, X, nRows, nCols);
    const got = predictMargin(en, X, nRows, nCols);
    expect(Buffer.from(got.buffer).equals(Buffer.from(want.buffer))).toBe(true);
    const X32 = Float32Array.from(X);
    const got32 = predictMargin(en, X32, nRows, nCols);
    expect(Buffer.from(got32.buffer).equals(Buffer.from(referenceMargin(en, X32, nRows, nCols).buffer))).toBe(true);
    // Per-tree leaf values, summed in tree order, give the margin.
    const leaves = predictLeafValues(en, X, nRows, nCols);
    for (let r = 0; r < nRows; r++) {
      let s = 0;
      for (let t = 0; t < trees.length; t++) s += leaves[t * nRows + r];
      expect(en.baseScore + s).toBe(want[r]);
    }
  });

  it("refuses a non-finite split condition, naming tree and node", () => {
    const bad = { ...stump, trees: [{ ...stump.trees[0], splitCondition: Float32Array.from([Infinity, 0, 0]) }] };
    expect(() => predictMargin(bad, Float64Array.from([1]), 1, 1)).toThrow(/tree 0 node 0: split condition must be finite/);
  });
});
