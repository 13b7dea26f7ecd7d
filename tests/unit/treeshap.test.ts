import { describe, expect, it } from "vitest";
import { allocateTree, type Tree, type TreeEnsemble } from "../../lib/ml/ensemble";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { fromXgboostJson } from "../../lib/ml/model-json";
import { predictMargin } from "../../lib/ml/predict";
import { createTreeExplainer } from "../../lib/ml/treeshap";
import { goldenModelBytes, goldenXgboostJson, loadGolden } from "../fixtures/golden/golden";
import { Random } from "../../lib/data/random";

/** Path-dependent conditional expectation: features outside S are averaged by cover. */
function expectation(t: Tree, node: number, x: ArrayLike<number>, inS: (f: number) => boolean): number {
  if (t.isLeaf[node]) return t.leafValue[node];
  const f = t.splitIndex[node];
  const l = t.left[node];
  const r = t.right[node];
  if (inS(f)) {
    const v = x[f];
    const goLeft = Number.isNaN(v) ? t.defaultLeft[node] === 1 : Math.fround(v) < t.splitCondition[node];
    return expectation(t, goLeft ? l : r, x, inS);
  }
  return (t.cover[l] * expectation(t, l, x, inS) + t.cover[r] * expectation(t, r, x, inS)) / t.cover[node];
}

/** Exact Shapley values by enumerating all 2^M coalitions. */
function bruteForceShap(e: TreeEnsemble, x: ArrayLike<number>): { base: number; phi: number[] } {
  const M = e.numFeature;
  const value = (mask: number) => e.trees.reduce((s, t) => s + expectation(t, 0, x, (f) => ((mask >> f) & 1) === 1), 0);
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  const phi = new Array<number>(M).fill(0);
  for (let i = 0; i < M; i++) {
    for (let S = 0; S < 1 << M; S++) {
      if ((S >> i) & 1) continue;
      let size = 0;
      for (let k = 0; k < M; k++) size += (S >> k) & 1;
      const w = (fact(size) * fact(M - size - 1)) / fact(M);
      phi[i] += w * (value(S | (1 << i)) - value(S));
    }
  }
  return { base: e.baseScore + value(0), phi };
}

/** Uniform [0, 1) numbers from the project's seeded generator. */
function seededUniform(seed: number): () => number {
  const rng = new Random(seed);
  return () => rng.next();
}

/** Random full binary tree; features repeat on paths often because there are few of them. */
function randomTree(rand: () => number, numFeature: number, maxDepth: number): Tree {
  type N = { leaf: boolean; f: number; c: number; dl: number; v: number; cover: number; l: number; r: number };
  const nodes: N[] = [];
  const grow = (depth: number, cover: number): number => {
    const id = nodes.length;
    const leaf = depth >= maxDepth || (depth > 0 && rand() < 0.25);
    nodes.push({ leaf, f: Math.floor(rand() * numFeature), c: Math.fround(rand() * 2 - 1), dl: rand() < 0.5 ? 1 : 0, v: rand() * 2 - 1, cover, l: -1, r: -1 });
    if (!leaf) {
      const share = 0.1 + 0.8 * rand();
      nodes[id].l = grow(depth + 1, cover * share);
      nodes[id].r = grow(depth + 1, cover * (1 - share));
    }
    return id;
  };
  grow(0, 100);
  const t = allocateTree(nodes.length);
  nodes.forEach((n, i) => {
    t.cover[i] = n.cover;
    if (n.leaf) {
      t.isLeaf[i] = 1;
      t.leafValue[i] = n.v;
    } else {
      t.left[i] = n.l; t.right[i] = n.r; t.splitIndex[i] = n.f; t.splitCondition[i] = n.c; t.defaultLeft[i] = n.dl;
    }
  });
  return t;
}

function randomRow(rand: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => (rand() < 0.15 ? NaN : rand() * 2.4 - 1.2));
}

describe("TreeSHAP", () => {
  it("matches brute-force Shapley values on a hand-built tree over 3 features (repeated feature, NaN)", () => {
    // x0 < 0.5 ? (x1 < 0 ? (x0 < 0.2 ? 1 : 2) : 3) : (x2 < 1 ? 4 : 5), NaN goes left at the root.
    const t = allocateTree(9);
    const split = (n: number, f: number, c: number, l: number, r: number, dl = 0) => {
      t.splitIndex[n] = f; t.splitCondition[n] = c; t.left[n] = l; t.right[n] = r; t.defaultLeft[n] = dl;
    };
    const leaf = (n: number, v: number) => { t.isLeaf[n] = 1; t.leafValue[n] = v; };
    split(0, 0, 0.5, 1, 2, 1);
    split(1, 1, 0, 3, 4);
    split(2, 2, 1, 5, 6);
    split(3, 0, 0.2, 7, 8);
    leaf(4, 3); leaf(5, 4); leaf(6, 5); leaf(7, 1); leaf(8, 2);
    t.cover.set([100, 60, 40, 45, 15, 30, 10, 20, 25]);
    const e: TreeEnsemble = { numFeature: 3, baseScore: -0.5, objective: "binary:logistic", trees: [t] };
    const ex = createTreeExplainer(e);
    for (const x of [[0.1, -1, 0], [0.3, 2, 5], [0.9, -1, 0.5], [NaN, -1, 2], [0.1, NaN, NaN]]) {
      const want = bruteForceShap(e, x);
      const got = ex.explainRow(x);
      expect(ex.baseValue).toBeCloseTo(want.base, 12);
      for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - want.phi[i])).toBeLessThan(1e-12);
    }
  });

  // Budgets that force each evaluation form: full tables (pairs and single leaves), a mix with
  // 2^d subset tables, subset tables and on-the-fly only, on-the-fly only.
  const budgets = [undefined, 400, 60, 0];

  it("matches brute force on random ensembles under every table budget", () => {
    const rand = seededUniform(7);
    for (let trial = 0; trial < 12; trial++) {
      const e: TreeEnsemble = {
        numFeature: 4,
        baseScore: rand() - 0.5,
        objective: "binary:logistic",
        trees: Array.from({ length: 3 }, () => randomTree(rand, 4, 6)),
      };
      const explainers = budgets.map((b) => createTreeExplainer(e, b === undefined ? {} : { tableBudget: b }));
      for (let k = 0; k < 5; k++) {
        const x = randomRow(rand, 4);
        const want = bruteForceShap(e, x);
        for (const ex of explainers) {
          expect(Math.abs(ex.baseValue - want.base)).toBeLessThan(1e-12);
          const got = ex.explainRow(x);
          for (let i = 0; i < 4; i++) expect(Math.abs(got[i] - want.phi[i])).toBeLessThan(1e-11);
        }
      }
    }
  });

  it("agrees with brute force when a child has zero cover", () => {
    const t = allocateTree(5);
    t.left.set([1, -1, 3, -1, -1]); t.right.set([2, -1, 4, -1, -1]);
    t.splitIndex.set([0, 0, 1, 0, 0]); t.splitCondition.set([0, 0, 0.5, 0, 0]);
    t.isLeaf.set([0, 1, 0, 1, 1]); t.leafValue.set([0, 2, 0, -1, 3]);
    t.cover.set([10, 4, 6, 0, 6]);
    const e: TreeEnsemble = { numFeature: 2, baseScore: 0, objective: "binary:logistic", trees: [t] };
    for (const b of budgets) {
      const ex = createTreeExplainer(e, b === undefined ? {} : { tableBudget: b });
      for (const x of [[1, 0], [1, 1], [-1, 0]]) {
        const want = bruteForceShap(e, x);
        const got = ex.explainRow(x);
        for (let i = 0; i < 2; i++) expect(Math.abs(got[i] - want.phi[i])).toBeLessThan(1e-12);
      }
    }
  });

  const g = loadGolden();
  const e = parseLegacyBinary(goldenModelBytes());

  it("matches XGBoost pred_contribs on the golden rows (max abs diff ≤ 1e-5)", () => {
    const ex = createTreeExplainer(e);
    const { values, baseValue } = ex.explain(g.X, g.nRows, g.nCols);
    const w = g.nCols + 1;
    let worst = 0;
    for (let r = 0; r < g.nRows; r++) {
      for (let c = 0; c < g.nCols; c++) worst = Math.max(worst, Math.abs(values[r * g.nCols + c] - g.contribs[r * w + c]));
      worst = Math.max(worst, Math.abs(baseValue - g.contribs[r * w + g.nCols]));
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it("the same holds for the model imported from XGBoost's JSON", () => {
    const { values } = createTreeExplainer(fromXgboostJson(goldenXgboostJson())).explain(g.X, g.nRows, g.nCols);
    let worst = 0;
    for (let r = 0; r < g.nRows; r++) {
      for (let c = 0; c < g.nCols; c++) worst = Math.max(worst, Math.abs(values[r * g.nCols + c] - g.contribs[r * (g.nCols + 1) + c]));
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
  });

  it("is additive: baseValue + Σ shap = margin within 1e-9 on random rows", () => {
    const rand = seededUniform(42);
    const n = 300;
    const X = new Float64Array(n * g.nCols);
    for (let i = 0; i < X.length; i++) X[i] = rand() < 0.1 ? NaN : (rand() * 2 - 1) * 3 + (i % g.nCols === 2 ? 45 : 0);
    const margin = predictMargin(e, X, n, g.nCols);
    for (const budget of [undefined, 5000, 0]) {
      const ex = createTreeExplainer(e, budget === undefined ? {} : { tableBudget: budget });
      const { values, baseValue } = ex.explain(X, n, g.nCols);
      for (let r = 0; r < n; r++) {
        let s = baseValue;
        for (let c = 0; c < g.nCols; c++) s += values[r * g.nCols + c];
        expect(Math.abs(s - margin[r])).toBeLessThanOrEqual(1e-9);
      }
    }
  });

  it("explainRow agrees with explain, and extra columns stay zero", () => {
    const ex = createTreeExplainer(e);
    const nCols = g.nCols + 2;
    const X = new Float64Array(3 * nCols);
    for (let r = 0; r < 3; r++) X.set(g.X.subarray(r * g.nCols, (r + 1) * g.nCols), r * nCols);
    const { values } = ex.explain(X, 3, nCols);
    for (let r = 0; r < 3; r++) {
      const row = ex.explainRow(g.X.subarray(r * g.nCols, (r + 1) * g.nCols));
      for (let c = 0; c < g.nCols; c++) expect(values[r * nCols + c]).toBe(row[c]);
      expect(values[r * nCols + g.nCols]).toBe(0);
    }
  });

  it("validates shapes, naming the field and range", () => {
    const ex = createTreeExplainer(e);
    expect(() => ex.explain(new Float64Array(5), 1, 5)).toThrow(/nCols must be an integer ≥ numFeature \(29\)/);
    expect(() => ex.explainRow([1, 2])).toThrow(/at least numFeature = 29/);
    expect(() => createTreeExplainer(e, { tableBudget: -1 })).toThrow(/tableBudget must be a non-negative integer/);
  });

  it("explainWithMargin: the same SHAP values, and margins bit-identical to predictMargin, into caller buffers", () => {
    const rand = seededUniform(9);
    const n = 600;
    const X = new Float64Array(n * g.nCols);
    for (let i = 0; i < X.length; i++) X[i] = rand() < 0.1 ? NaN : g.X[Math.floor(rand() * g.X.length)];
    const random: TreeEnsemble = { numFeature: 4, baseScore: 0.3, objective: "binary:logistic", trees: Array.from({ length: 6 }, () => randomTree(rand, 4, 7)) };
    for (const [model, cols] of [[e, g.nCols], [random, 4]] as const) {
      const rows = Math.floor(X.length / cols);
      const ex = createTreeExplainer(model);
      const values = new Float64Array(rows * cols).fill(7); // stale content must not leak into the sums
      const margin = new Float64Array(rows);
      const r = ex.explainWithMargin(X, rows, cols, { values, margin });
      expect(r.values).toBe(values);
      expect(r.margin).toBe(margin);
      expect(Buffer.from(margin.buffer).equals(Buffer.from(predictMargin(model, X, rows, cols).buffer))).toBe(true);
      expect(Buffer.from(values.buffer).equals(Buffer.from(ex.explain(X, rows, cols).values.buffer))).toBe(true);
    }
  });
});
