/**
 * Batch prediction over a row-major matrix. NaN means missing and follows the node's default
 * direction; splits compare in float32 like XGBoost (Math.fround(x) < condition).
 *
 * Speed (bench/model.ts): each tree is compiled once per model into a complete binary tree of its
 * own depth (a leaf above the bottom is repeated below itself), so a row descends with no leaf
 * test and no branch: k = 2k + 1 + (x ≥ condition). Rows go through a tree in blocks, level by
 * level, so the descents of different rows are independent and overlap in the CPU. Missing values
 * cost nothing per node: each block of rows is copied to float32 twice, once with NaN → −∞ (read
 * by default-left nodes: −∞ < any finite condition goes left) and once with NaN → +∞ (read by
 * default-right nodes). Trees deeper than PADDED_MAX_DEPTH (imported models) are walked node by
 * node instead. Leaf values are summed in tree order and added to base_score last, so every
 * path gives the same bits.
 */
import type { Tree, TreeEnsemble } from "./ensemble";

/** Deepest tree padded to a complete tree (2^13 − 1 nodes); deeper trees use the node walk. */
const PADDED_MAX_DEPTH = 12;
/** Rows per block: the block's two float32 copies and per-row state stay in L1/L2. */
const BLOCK_ROWS = 256;

/**
 * Rows per call when prediction is done in steps: whole blocks, at least one. Smaller calls run
 * every tree over a part-filled block and were ~2.5× slower (the default pipeline's evaluation).
 */
export function predictStepRows(wantedRows: number): number {
  return BLOCK_ROWS * Math.max(1, Math.floor(wantedRows / BLOCK_ROWS));
}

/** Rows as accepted by the predictors: row-major, NaN = missing. */
export type RowMatrix = Float64Array | Float32Array;

/** One model compiled for prediction; see the module comment. */
export interface CompiledForest {
  numFeature: number;
  baseScore: number;
  nTrees: number;
  /** Depth of tree t when padded, −1 when it is walked node by node. */
  depth: Int32Array;
  /** Padded trees: offset of the tree's internal nodes in feat/cond and of its leaves in leaf. */
  nodeOff: Int32Array;
  leafOff: Int32Array;
  /** Column of the doubled float32 row to read: feature, + numFeature for default-right nodes. */
  feat: Int32Array;
  cond: Float32Array;
  leaf: Float64Array;
  /** Walked trees: root index into the w* arrays; wFeat −1 marks a leaf (its value in wValue). */
  wRoot: Int32Array;
  wFeat: Int32Array;
  wCond: Float32Array;
  wLeft: Int32Array;
  wRight: Int32Array;
  wValue: Float64Array;
  /** Every leaf value by slot: the padded leaves, then the walked trees' nodes. */
  slotValue: Float64Array;
}

function treeDepth(t: Tree): number {
  const depth = new Int32Array(t.numNodes);
  let max = 0;
  const stack = [0];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (t.isLeaf[n]) {
      if (depth[n] > max) max = depth[n];
      continue;
    }
    depth[t.left[n]] = depth[n] + 1;
    depth[t.right[n]] = depth[n] + 1;
    stack.push(t.left[n], t.right[n]);
  }
  return max;
}

const compiledCache = new WeakMap<TreeEnsemble, CompiledForest>();

/** Compiles (once per ensemble object) the arrays the predictor walks. */
export function compileForest(e: TreeEnsemble): CompiledForest {
  const cached = compiledCache.get(e);
  if (cached) return cached;
  const nF = e.numFeature;
  const nTrees = e.trees.length;
  const depth = new Int32Array(nTrees);
  let nodes = 0;
  let leaves = 0;
  let walked = 0;
  e.trees.forEach((t, ti) => {
    // The ±∞ stand-ins for NaN are only right against finite conditions (validateEnsemble rejects others too).
    for (let n = 0; n < t.numNodes; n++) {
      if (!t.isLeaf[n] && !Number.isFinite(t.splitCondition[n])) {
        throw new RangeError(`tree ${ti} node ${n}: split condition must be finite, got ${t.splitCondition[n]}`);
      }
    }
    const d = treeDepth(t);
    if (d <= PADDED_MAX_DEPTH) {
      depth[ti] = d;
      nodes += (1 << d) - 1;
      leaves += 1 << d;
    } else {
      depth[ti] = -1;
      walked += t.numNodes;
    }
  });
  const f: CompiledForest = {
    numFeature: nF,
    baseScore: e.baseScore,
    nTrees,
    depth,
    nodeOff: new Int32Array(nTrees),
    leafOff: new Int32Array(nTrees),
    feat: new Int32Array(nodes),
    cond: new Float32Array(nodes),
    leaf: new Float64Array(leaves),
    wRoot: new Int32Array(nTrees).fill(-1),
    wFeat: new Int32Array(walked),
    wCond: new Float32Array(walked),
    wLeft: new Int32Array(walked),
    wRight: new Int32Array(walked),
    wValue: new Float64Array(walked),
    slotValue: new Float64Array(0),
  };
  let no = 0;
  let lo = 0;
  let wo = 0;
  e.trees.forEach((t, ti) => {
    const D = depth[ti];
    if (D < 0) {
      f.wRoot[ti] = wo;
      for (let n = 0; n < t.numNodes; n++) {
        const g = wo + n;
        if (t.isLeaf[n]) {
          f.wFeat[g] = -1;
          f.wValue[g] = t.leafValue[n];
        } else {
          f.wFeat[g] = t.splitIndex[n] + (t.defaultLeft[n] ? 0 : nF);
          f.wCond[g] = t.splitCondition[n];
          f.wLeft[g] = wo + t.left[n];
          f.wRight[g] = wo + t.right[n];
        }
      }
      wo += t.numNodes;
      return;
    }
    f.nodeOff[ti] = no;
    f.leafOff[ti] = lo;
    const firstLeaf = (1 << D) - 1;
    // Iterative fill: (tree node, heap slot, level). A leaf above the bottom fills both child slots.
    const stack: number[] = [0, 0, 0];
    while (stack.length > 0) {
      const level = stack.pop()!;
      const k = stack.pop()!;
      const n = stack.pop()!;
      if (level === D) {
        f.leaf[lo + k - firstLeaf] = t.leafValue[n];
        continue;
      }
      if (t.isLeaf[n]) {
        // Any condition works: both subtrees hold the same leaf.
        stack.push(n, 2 * k + 1, level + 1, n, 2 * k + 2, level + 1);
        continue;
      }
      f.feat[no + k] = t.splitIndex[n] + (t.defaultLeft[n] ? 0 : nF);
      f.cond[no + k] = t.splitCondition[n];
      stack.push(t.left[n], 2 * k + 1, level + 1, t.right[n], 2 * k + 2, level + 1);
    }
    no += firstLeaf;
    lo += 1 << D;
  });
  f.slotValue = new Float64Array(leaves + walked);
  f.slotValue.set(f.leaf);
  f.slotValue.set(f.wValue, leaves);
  compiledCache.set(e, f);
  return f;
}

/** Rows [r0, r0 + n) of X into the doubled float32 block: [x with NaN → −∞ | x with NaN → +∞]. */
function fillBlock(X: RowMatrix, r0: number, n: number, nCols: number, nF: number, out: Float32Array): void {
  const w = 2 * nF;
  for (let r = 0; r < n; r++) {
    const src = (r0 + r) * nCols;
    const dst = r * w;
    for (let j = 0; j < nF; j++) {
      const v = X[src + j];
      if (v === v) {
        out[dst + j] = v;
        out[dst + nF + j] = v;
      } else {
        out[dst + j] = Number.NEGATIVE_INFINITY;
        out[dst + nF + j] = Number.POSITIVE_INFINITY;
      }
    }
  }
}

/**
 * The leaf each of the block's n rows reaches in tree t, as a slot of f.slotValue, in k[0..n).
 * Padded trees descend level by level over all rows; deep trees walk node by node.
 */
function treeSlots(f: CompiledForest, t: number, B: Float32Array, n: number, k: Int32Array): void {
  const w = 2 * f.numFeature;
  const D = f.depth[t];
  if (D >= 0) {
    const { feat, cond } = f;
    const no = f.nodeOff[t];
    k.fill(0, 0, n);
    for (let level = 0; level < D; level++) {
      for (let r = 0, off = 0; r < n; r++, off += w) {
        const g = no + k[r];
        k[r] = 2 * k[r] + 1 + +(B[off + feat[g]] >= cond[g]);
      }
    }
    const lo = f.leafOff[t] - ((1 << D) - 1);
    for (let r = 0; r < n; r++) k[r] += lo;
    return;
  }
  const { wFeat, wCond, wLeft, wRight } = f;
  const root = f.wRoot[t];
  const walkedBase = f.leaf.length;
  for (let r = 0, off = 0; r < n; r++, off += w) {
    let g = root;
    let c = wFeat[g];
    while (c >= 0) {
      g = B[off + c] < wCond[g] ? wLeft[g] : wRight[g];
      c = wFeat[g];
    }
    k[r] = walkedBase + g;
  }
}

/** Leaf value of tree t for each of the block's n rows, written to out[0..n). */
function treeLeaves(f: CompiledForest, t: number, B: Float32Array, n: number, k: Int32Array, out: Float64Array): void {
  treeSlots(f, t, B, n, k);
  const { slotValue } = f;
  for (let r = 0; r < n; r++) out[r] = slotValue[k[r]];
}

function checkShape(numFeature: number, X: RowMatrix, nRows: number, nCols: number, out?: Float64Array, outLength = nRows): void {
  if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < numFeature) {
    throw new RangeError(`nCols must be an integer ≥ numFeature (${numFeature}), got ${nCols}`);
  }
  if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
  if (out && out.length < outLength) throw new RangeError(`out must hold ${outLength} values, has ${out.length}`);
}

interface Scratch {
  block: Float32Array;
  k: Int32Array;
  vals: Float64Array;
}

function scratchFor(nF: number, nRows: number): Scratch {
  const n = Math.max(1, Math.min(BLOCK_ROWS, nRows));
  return { block: new Float32Array(n * 2 * nF), k: new Int32Array(n), vals: new Float64Array(n) };
}

export function predictMargin(e: TreeEnsemble, X: RowMatrix, nRows: number, nCols: number, out?: Float64Array): Float64Array {
  checkShape(e.numFeature, X, nRows, nCols, out);
  const f = compileForest(e);
  const res = out ?? new Float64Array(nRows);
  const s = scratchFor(f.numFeature, nRows);
  const sum = new Float64Array(s.k.length);
  for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, nRows - r0);
    fillBlock(X, r0, n, nCols, f.numFeature, s.block);
    sum.fill(0, 0, n);
    for (let t = 0; t < f.nTrees; t++) {
      treeLeaves(f, t, s.block, n, s.k, s.vals);
      for (let r = 0; r < n; r++) sum[r] += s.vals[r];
    }
    for (let r = 0; r < n; r++) res[r0 + r] = f.baseScore + sum[r];
  }
  return res;
}

/**
 * The leaf value every row reaches in every tree, tree-major: out[t · nRows + r]. The training
 * worker adds them round by round to running margins for its learning curve.
 */
export function predictLeafValues(e: TreeEnsemble, X: RowMatrix, nRows: number, nCols: number, out?: Float64Array): Float64Array {
  const f = compileForest(e);
  checkShape(e.numFeature, X, nRows, nCols, out, f.nTrees * nRows);
  const res = out ?? new Float64Array(f.nTrees * nRows);
  const s = scratchFor(f.numFeature, nRows);
  for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, nRows - r0);
    fillBlock(X, r0, n, nCols, f.numFeature, s.block);
    for (let t = 0; t < f.nTrees; t++) {
      treeLeaves(f, t, s.block, n, s.k, s.vals);
      res.set(s.vals.subarray(0, n), t * nRows + r0);
    }
  }
  return res;
}

/**
 * Which leaf every row reaches in every tree, tree-major: out[t · nRows + r] is a slot of
 * compileForest(e).slotValue. Per-leaf quantities (the training worker's exp of each leaf
 * value) can then be computed once per leaf instead of once per row.
 */
export function predictLeafSlots(e: TreeEnsemble, X: RowMatrix, nRows: number, nCols: number, out?: Int32Array): Int32Array {
  const f = compileForest(e);
  checkShape(e.numFeature, X, nRows, nCols, undefined);
  if (out && out.length < f.nTrees * nRows) throw new RangeError(`out must hold ${f.nTrees * nRows} values, has ${out.length}`);
  const res = out ?? new Int32Array(f.nTrees * nRows);
  const s = scratchFor(f.numFeature, nRows);
  for (let r0 = 0; r0 < nRows; r0 += BLOCK_ROWS) {
    const n = Math.min(BLOCK_ROWS, nRows - r0);
    fillBlock(X, r0, n, nCols, f.numFeature, s.block);
    for (let t = 0; t < f.nTrees; t++) {
      treeSlots(f, t, s.block, n, s.k);
      res.set(s.k.subarray(0, n), t * nRows + r0);
    }
  }
  return res;
}

/**
 * Rows [from, to) of X in the predictor's own row layout (each row twice in float32: NaN → −∞,
 * then NaN → +∞), written at the same rows of `out` (rows × 2 · numFeature). For callers that
 * pass over the same rows many times (running-margins.ts): the conversion is then paid once.
 */
export function prepareRows(X: RowMatrix, from: number, to: number, nCols: number, numFeature: number, out: Float32Array): void {
  const w = 2 * numFeature;
  fillBlock(X, from, to - from, nCols, numFeature, out.subarray(from * w, to * w));
}

/** predictLeafValues on rows [from, to) of prepareRows' output: out[t · (to − from) + r]. */
export function predictLeafValuesPrepared(e: TreeEnsemble, prepared: Float32Array, from: number, to: number, out: Float64Array): void {
  const f = compileForest(e);
  const w = 2 * f.numFeature;
  const n = to - from;
  if (prepared.length < to * w) throw new RangeError(`prepared rows must hold ${to} rows of ${w} values, has ${prepared.length} values`);
  if (out.length < f.nTrees * n) throw new RangeError(`out must hold ${f.nTrees * n} values, has ${out.length}`);
  const s = scratchFor(f.numFeature, n);
  for (let r0 = from; r0 < to; r0 += BLOCK_ROWS) {
    const m = Math.min(BLOCK_ROWS, to - r0);
    const B = prepared.subarray(r0 * w, (r0 + m) * w);
    for (let t = 0; t < f.nTrees; t++) {
      treeLeaves(f, t, B, m, s.k, s.vals);
      out.set(s.vals.subarray(0, m), t * n + (r0 - from));
    }
  }
}

export const sigmoid = (m: number): number => 1 / (1 + Math.exp(-m));

/** Probability for binary:logistic models: sigmoid of the margin. */
export function predictProba(e: TreeEnsemble, X: RowMatrix, nRows: number, nCols: number, out?: Float64Array): Float64Array {
  const res = predictMargin(e, X, nRows, nCols, out);
  for (let r = 0; r < nRows; r++) res[r] = sigmoid(res[r]);
  return res;
}
