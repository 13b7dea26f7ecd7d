/**
 * Batch prediction over a row-major Float64Array. NaN means missing and follows the node's
 * default direction; splits compare in float32 like XGBoost (Math.fround(x) < condition).
 */
import type { TreeEnsemble } from "./ensemble";

/** All trees flattened into one node table so the hot loop touches a handful of typed arrays. */
interface FlatForest {
  roots: Int32Array;
  /** Split feature, or −1 for a leaf. */
  feature: Int32Array;
  condition: Float64Array;
  /** Leaf value for leaves. */
  value: Float64Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
}

const flatCache = new WeakMap<TreeEnsemble, FlatForest>();

function flatten(e: TreeEnsemble): FlatForest {
  const cached = flatCache.get(e);
  if (cached) return cached;
  let total = 0;
  for (const t of e.trees) total += t.numNodes;
  const f: FlatForest = {
    roots: new Int32Array(e.trees.length),
    feature: new Int32Array(total),
    condition: new Float64Array(total),
    value: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    defaultLeft: new Uint8Array(total),
  };
  let base = 0;
  e.trees.forEach((t, ti) => {
    f.roots[ti] = base;
    for (let n = 0; n < t.numNodes; n++) {
      const g = base + n;
      if (t.isLeaf[n]) {
        f.feature[g] = -1;
        f.value[g] = t.leafValue[n];
      } else {
        f.feature[g] = t.splitIndex[n];
        f.condition[g] = t.splitCondition[n];
        f.left[g] = base + t.left[n];
        f.right[g] = base + t.right[n];
        f.defaultLeft[g] = t.defaultLeft[n];
      }
    }
    base += t.numNodes;
  });
  flatCache.set(e, f);
  return f;
}

function checkShape(e: TreeEnsemble, X: Float64Array, nRows: number, nCols: number, out?: Float64Array): void {
  if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < e.numFeature) {
    throw new RangeError(`nCols must be an integer ≥ numFeature (${e.numFeature}), got ${nCols}`);
  }
  if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
  if (out && out.length < nRows) throw new RangeError(`out must hold nRows = ${nRows} values, has ${out.length}`);
}

export function predictMargin(e: TreeEnsemble, X: Float64Array, nRows: number, nCols: number, out?: Float64Array): Float64Array {
  checkShape(e, X, nRows, nCols, out);
  const res = out ?? new Float64Array(nRows);
  const { roots, feature, condition, value, left, right, defaultLeft } = flatten(e);
  const nTrees = roots.length;
  const base = e.baseScore;
  for (let r = 0; r < nRows; r++) {
    const off = r * nCols;
    let sum = 0;
    for (let t = 0; t < nTrees; t++) {
      let n = roots[t];
      let f = feature[n];
      while (f >= 0) {
        const x = X[off + f];
        if (x !== x) n = defaultLeft[n] ? left[n] : right[n];
        else n = Math.fround(x) < condition[n] ? left[n] : right[n];
        f = feature[n];
      }
      sum += value[n];
    }
    res[r] = base + sum;
  }
  return res;
}

export const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

/** Probability for binary:logistic models: sigmoid of the margin. */
export function predictProba(e: TreeEnsemble, X: Float64Array, nRows: number, nCols: number, out?: Float64Array): Float64Array {
  const res = predictMargin(e, X, nRows, nCols, out);
  for (let r = 0; r < nRows; r++) res[r] = sigmoid(res[r]);
  return res;
}
