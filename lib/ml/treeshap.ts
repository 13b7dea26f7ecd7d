/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2020) in float64, margin space, computed with
 * per-leaf precomputed tables in the spirit of FastTreeSHAP v2 (Yang 2021) — no per-row
 * EXTEND/UNWIND recursion.
 *
 * For a leaf with value v whose path splits on the distinct features D (|D| = d), let z_j be the
 * product of cover ratios of the path edges that test feature j, and P ⊆ D the features whose
 * every test on the path this row satisfies (NaN follows the default direction). The leaf's
 * Shapley contribution to feature i is
 *   i ∉ P:  −v·M(P)
 *   i ∈ P:  v·(1 − z_i)·K_i(P∖{i}),   with z_i·K_i(Q) = M(Q)
 * where M(Q) = Σ_{S⊆Q} w(|S|, d) · Π_{j∈D∖S} z_j and w(s, d) = s!(d−s−1)!/d!.
 * These depend only on the leaf and P, so they are tabulated once for all 2^d agreement sets.
 * Per row, one pass over a tree's split nodes computes every node's agreement bitmask (a child
 * inherits its parent's mask, minus the parent's feature bit on the side the row does not take);
 * each leaf then adds d table entries. Sibling leaves share one table indexed by (parent mask,
 * direction), halving lookups. Rows are processed tree-major so a tree's tables stay in cache.
 * Cost: O(Σ_leaves d) per row and tree; memory d·2^d per leaf under a budget, beyond which a
 * 2^d table (M only) or an O(d²) on-the-fly evaluation of the same formula is used.
 * base value = base_score + Σ_leaves v·Π z, so base value + Σ SHAP = margin.
 */
import { validateEnsemble, type EnsembleLimits, type TreeEnsemble } from "./ensemble";

export interface ShapResult {
  baseValue: number;
  /** nRows × nCols, row-major; columns ≥ numFeature stay 0. */
  values: Float64Array;
}

export interface ShapWithMargin extends ShapResult {
  /**
   * The margin of every row, from the same pass: the leaf each row reaches in each tree, summed
   * in tree order and added to base_score last — the same bits as predictMargin.
   */
  margin: Float64Array;
}

export interface TreeExplainer {
  baseValue: number;
  explain(X: Float64Array, nRows: number, nCols: number): ShapResult;
  /** explain plus margins; writes into `out` buffers when given (values must hold nRows × nCols). */
  explainWithMargin(X: Float64Array, nRows: number, nCols: number, out?: { values?: Float64Array; margin?: Float64Array }): ShapWithMargin;
  explainRow(x: ArrayLike<number>): Float64Array;
}

export interface TreeExplainerOptions {
  /** Max table entries (float64) kept across all leaves; default 16M (128 MiB). */
  tableBudget?: number;
  /** Checked before any table is built (validateEnsemble); defaults to DEFAULT_ENSEMBLE_LIMITS. */
  limits?: Partial<EnsembleLimits>;
}

const MAX_PATH_FEATURES = 30;
const DEFAULT_TABLE_BUDGET = 16 * 1024 * 1024;
/** Rows per tree-major pass: their float32 copy and SHAP rows stay cache-sized. */
const ROW_BLOCK = 512;

/** How a group of leaves is evaluated per row; see the module comment. */
const KIND_VECTOR = 0; // one leaf: table of its d contributions for each agreement set P
const KIND_PAIR = 1; // two sibling leaves: table of their summed contributions per (P at parent, direction)
const KIND_SUBSET = 2; // one leaf: v·M(Q) per subset, 2^d entries
const KIND_ON_THE_FLY = 3; // one leaf: O(d²) per row, no table

interface Prepared {
  baseValue: number;
  /** base_score alone: the margin's intercept. */
  baseScore: number;
  /** Per tree, node-indexed children (−1 at leaves) and leaf values, for the margin walk. */
  treeNodeStart: Int32Array;
  ndLeft: Int32Array;
  ndRight: Int32Array;
  ndValue: Float64Array;
  numFeature: number;
  maxNodes: number;
  treeInStart: Int32Array;
  treeGroupStart: Int32Array;
  // split nodes in parent-before-child order, per tree contiguous
  inSelf: Int32Array;
  inFeat: Int32Array;
  inCond: Float64Array;
  inDefLeft: Uint8Array;
  inLeft: Int32Array;
  inRight: Int32Array;
  inBit: Int32Array;
  // leaves
  lfD: Int32Array;
  lfSlot: Int32Array;
  lfValue: Float64Array;
  slotFeat: Int32Array;
  slotZ: Float64Array;
  /** (1 − z)/z, used by KIND_SUBSET. */
  slotR: Float64Array;
  // groups, per tree contiguous
  gKind: Uint8Array;
  /** Leaf node whose mask to read, or the pair's parent node. */
  gNode: Int32Array;
  /** Leaf record (a pair's right leaf is gLeaf + 1). */
  gLeaf: Int32Array;
  gTab: Int32Array;
  /** For pairs: the slot bit the parent tests. */
  gBit: Int32Array;
  tab: Float64Array;
}

/** w(s, d) = s!(d−s−1)!/d! for s < d ≤ MAX_PATH_FEATURES. */
const SHAPLEY_WEIGHT: Float64Array[] = (() => {
  const out: Float64Array[] = [new Float64Array(0)];
  for (let d = 1; d <= MAX_PATH_FEATURES; d++) {
    const w = new Float64Array(d);
    // w(0, d) = 1/d and w(s+1, d) = w(s, d)·(s+1)/(d−s−1)
    w[0] = 1 / d;
    for (let s = 0; s + 1 < d; s++) w[s + 1] = (w[s] * (s + 1)) / (d - s - 1);
    out.push(w);
  }
  return out;
})();

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Fills tab[off + Q] = v·M(Q) for every Q ⊆ {0..d−1}. */
function fillSubsetTable(z: Float64Array, zOff: number, d: number, v: number, tab: Float64Array, off: number): void {
  const n = 1 << d;
  const stride = d + 1;
  // poly[Q·stride + k] = e_k(z_Q), built by adding the lowest member last.
  const poly = new Float64Array(n * stride);
  poly[0] = 1;
  for (let Q = 1; Q < n; Q++) {
    const j = 31 - Math.clz32(Q & -Q);
    const src = (Q ^ (1 << j)) * stride;
    const dst = Q * stride;
    const zj = z[zOff + j];
    const size = popcount(Q);
    poly[dst] = 1;
    for (let k = 1; k <= size; k++) poly[dst + k] = poly[src + k] + zj * poly[src + k - 1];
  }
  // zc[Q] = Π_{j∉Q} z_j, from the full set downwards.
  const zc = new Float64Array(n);
  zc[n - 1] = 1;
  for (let Q = n - 2; Q >= 0; Q--) {
    const j = 31 - Math.clz32(~Q & (Q + 1));
    zc[Q] = zc[Q | (1 << j)] * z[zOff + j];
  }
  const w = SHAPLEY_WEIGHT[d];
  for (let Q = 0; Q < n; Q++) {
    const size = popcount(Q);
    let s = 0;
    for (let k = 0; k <= size && k < d; k++) s += w[k] * poly[Q * stride + size - k];
    tab[off + Q] = v * zc[Q] * s;
  }
}

/**
 * Adds one leaf's contributions for agreement set P to out[slot] in O(d²), from the elementary
 * symmetric polynomials of the z in P. Works for any z ≥ 0 (no division).
 */
function leafContrib(p: Prepared, l: number, P: number, out: Float64Array, poly: Float64Array, defl: Float64Array): void {
  const d = p.lfD[l];
  const so = p.lfSlot[l];
  const v = p.lfValue[l];
  const w = SHAPLEY_WEIGHT[d];
  poly[0] = 1;
  let size = 0;
  let zN = 1;
  for (let s = 0; s < d; s++) {
    const z = p.slotZ[so + s];
    if (P & (1 << s)) {
      size++;
      poly[size] = 0;
      for (let k = size; k >= 1; k--) poly[k] += z * poly[k - 1];
    } else {
      zN *= z;
    }
  }
  let mP = 0;
  for (let k = 0; k <= size && k < d; k++) mP += w[k] * poly[size - k];
  mP *= zN * v;
  for (let s = 0; s < d; s++) {
    if (!(P & (1 << s))) {
      out[s] -= mP;
      continue;
    }
    const z = p.slotZ[so + s];
    // Remove (1 + z t) from the product: e'_k = e_k − z·e'_{k−1}; stable because 0 ≤ z ≤ 1.
    defl[0] = 1;
    for (let k = 1; k < size; k++) defl[k] = poly[k] - z * defl[k - 1];
    let a = 0;
    for (let k = 0; k <= size - 1; k++) a += w[k] * defl[size - 1 - k];
    out[s] += v * (1 - z) * zN * a;
  }
}

function prepare(e: TreeEnsemble, tableBudget: number): Prepared {
  let nIn = 0;
  let nLeaf = 0;
  let maxNodes = 1;
  for (const t of e.trees) {
    maxNodes = Math.max(maxNodes, t.numNodes);
    for (let n = 0; n < t.numNodes; n++) if (t.isLeaf[n]) nLeaf++;
    else nIn++;
  }
  let totalNodes = 0;
  for (const t of e.trees) totalNodes += t.numNodes;
  const p: Prepared = {
    baseValue: e.baseScore,
    baseScore: e.baseScore,
    treeNodeStart: new Int32Array(e.trees.length + 1),
    ndLeft: new Int32Array(totalNodes),
    ndRight: new Int32Array(totalNodes),
    ndValue: new Float64Array(totalNodes),
    numFeature: e.numFeature,
    maxNodes,
    treeInStart: new Int32Array(e.trees.length + 1),
    treeGroupStart: new Int32Array(e.trees.length + 1),
    inSelf: new Int32Array(nIn),
    inFeat: new Int32Array(nIn),
    inCond: new Float64Array(nIn),
    inDefLeft: new Uint8Array(nIn),
    inLeft: new Int32Array(nIn),
    inRight: new Int32Array(nIn),
    inBit: new Int32Array(nIn),
    lfD: new Int32Array(nLeaf),
    lfSlot: new Int32Array(nLeaf),
    lfValue: new Float64Array(nLeaf),
    slotFeat: new Int32Array(0),
    slotZ: new Float64Array(0),
    slotR: new Float64Array(0),
    gKind: new Uint8Array(nLeaf),
    gNode: new Int32Array(nLeaf),
    gLeaf: new Int32Array(nLeaf),
    gTab: new Int32Array(nLeaf),
    gBit: new Int32Array(nLeaf),
    tab: new Float64Array(0),
  };
  const slotFeat: number[] = [];
  const slotZ: number[] = [];
  let ii = 0;
  let li = 0;
  let gi = 0;
  type PathState = { feats: number[]; z: number[] };
  const addLeaf = (value: number, path: PathState): number => {
    const d = path.feats.length;
    p.lfD[li] = d;
    p.lfSlot[li] = slotFeat.length;
    p.lfValue[li] = value;
    let zAll = 1;
    for (let s = 0; s < d; s++) {
      slotFeat.push(path.feats[s]);
      slotZ.push(path.z[s]);
      zAll *= path.z[s];
    }
    p.baseValue += value * zAll;
    return li++;
  };
  const extend = (path: PathState, slot: number, f: number, ratio: number): PathState => {
    const feats = path.feats.slice();
    const z = path.z.slice();
    if (slot === feats.length) {
      feats.push(f);
      z.push(ratio);
    } else {
      z[slot] *= ratio;
    }
    return { feats, z };
  };
  let nodeBase = 0;
  e.trees.forEach((t, ti) => {
    p.treeInStart[ti] = ii;
    p.treeGroupStart[ti] = gi;
    p.treeNodeStart[ti] = nodeBase;
    for (let n = 0; n < t.numNodes; n++) {
      p.ndLeft[nodeBase + n] = t.isLeaf[n] ? -1 : t.left[n];
      p.ndRight[nodeBase + n] = t.isLeaf[n] ? -1 : t.right[n];
      p.ndValue[nodeBase + n] = t.isLeaf[n] ? t.leafValue[n] : 0;
    }
    nodeBase += t.numNodes;
    const stack: { node: number; path: PathState }[] = [{ node: 0, path: { feats: [], z: [] } }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (t.isLeaf[node]) {
        p.gNode[gi] = node;
        p.gLeaf[gi] = addLeaf(t.leafValue[node], path);
        p.gKind[gi] = KIND_VECTOR;
        gi++;
        continue;
      }
      const f = t.splitIndex[node];
      let slot = path.feats.indexOf(f);
      if (slot < 0) {
        slot = path.feats.length;
        if (slot >= MAX_PATH_FEATURES) {
          throw new RangeError(`tree ${ti}: a path tests more than ${MAX_PATH_FEATURES} distinct features; TreeSHAP supports at most ${MAX_PATH_FEATURES}`);
        }
      }
      const l = t.left[node];
      const r = t.right[node];
      p.inSelf[ii] = node;
      p.inFeat[ii] = f;
      p.inCond[ii] = t.splitCondition[node];
      p.inDefLeft[ii] = t.defaultLeft[node];
      p.inLeft[ii] = l;
      p.inRight[ii] = r;
      p.inBit[ii] = 1 << slot;
      ii++;
      const cover = t.cover[node];
      const ratio = (child: number) => (cover > 0 ? t.cover[child] / cover : 0);
      if (t.isLeaf[l] && t.isLeaf[r]) {
        // Sibling leaves share their feature slots; one table lookup serves both.
        p.gNode[gi] = node;
        p.gLeaf[gi] = addLeaf(t.leafValue[l], extend(path, slot, f, ratio(l)));
        addLeaf(t.leafValue[r], extend(path, slot, f, ratio(r)));
        p.gKind[gi] = KIND_PAIR;
        p.gBit[gi] = 1 << slot;
        gi++;
        continue;
      }
      stack.push({ node: r, path: extend(path, slot, f, ratio(r)) });
      stack.push({ node: l, path: extend(path, slot, f, ratio(l)) });
    }
  });
  p.treeInStart[e.trees.length] = ii;
  p.treeGroupStart[e.trees.length] = gi;
  p.treeNodeStart[e.trees.length] = nodeBase;
  p.slotFeat = Int32Array.from(slotFeat);
  p.slotZ = Float64Array.from(slotZ);
  p.slotR = new Float64Array(slotZ.length);

  // Choose each group's form within the memory budget, then fill the tables.
  let tabSize = 0;
  const fits = (n: number) => tabSize + n <= tableBudget;
  const singleKind = (l: number): number => {
    const d = p.lfD[l];
    const so = p.lfSlot[l];
    if (fits(d << d)) return KIND_VECTOR;
    let positive = true;
    for (let s = 0; s < d; s++) if (!(p.slotZ[so + s] > 0)) positive = false;
    return positive && fits(1 << d) ? KIND_SUBSET : KIND_ON_THE_FLY;
  };
  const tableSize = (kind: number, d: number) => (kind === KIND_VECTOR ? d << d : kind === KIND_PAIR ? d << (d + 1) : kind === KIND_SUBSET ? 1 << d : 0);
  const treeGroupStart = new Int32Array(e.trees.length + 1);
  const gKind: number[] = [];
  const gNode: number[] = [];
  const gLeaf: number[] = [];
  const gTab: number[] = [];
  const gBit: number[] = [];
  for (let ti = 0; ti < e.trees.length; ti++) {
    treeGroupStart[ti] = gKind.length;
    for (let g = p.treeGroupStart[ti]; g < p.treeGroupStart[ti + 1]; g++) {
      const l = p.gLeaf[g];
      const d = p.lfD[l];
      const node = p.gNode[g];
      const push = (kind: number, n: number, leaf: number) => {
        gBit.push(p.gBit[g]);
        gKind.push(kind);
        gNode.push(n);
        gLeaf.push(leaf);
        gTab.push(tabSize);
        tabSize += tableSize(kind, p.lfD[leaf]);
      };
      if (p.gKind[g] === KIND_PAIR) {
        if (fits(d << (d + 1))) {
          push(KIND_PAIR, node, l);
        } else {
          // Too big to pair: fall back to per-leaf forms, reading each leaf's own mask.
          const t = e.trees[ti];
          push(singleKind(l), t.left[node], l);
          push(singleKind(l + 1), t.right[node], l + 1);
        }
      } else {
        push(singleKind(l), node, l);
      }
    }
  }
  treeGroupStart[e.trees.length] = gKind.length;
  p.treeGroupStart = treeGroupStart;
  p.gKind = Uint8Array.from(gKind);
  p.gNode = Int32Array.from(gNode);
  p.gLeaf = Int32Array.from(gLeaf);
  p.gTab = Int32Array.from(gTab);
  p.gBit = Int32Array.from(gBit);
  p.tab = new Float64Array(tabSize);

  const poly = new Float64Array(MAX_PATH_FEATURES + 2);
  const defl = new Float64Array(MAX_PATH_FEATURES + 2);
  const tmp = new Float64Array(MAX_PATH_FEATURES);
  const { tab } = p;
  for (let g = 0; g < p.gKind.length; g++) {
    const l = p.gLeaf[g];
    const d = p.lfD[l];
    const off = p.gTab[g];
    const full = (1 << d) - 1;
    switch (p.gKind[g]) {
      case KIND_VECTOR:
        for (let P = 0; P <= full; P++) {
          tmp.fill(0, 0, d);
          leafContrib(p, l, P, tmp, poly, defl);
          for (let s = 0; s < d; s++) tab[off + P * d + s] = tmp[s];
        }
        break;
      case KIND_PAIR: {
        const bit = p.gBit[g];
        for (let P = 0; P <= full; P++) {
          for (let dir = 0; dir < 2; dir++) {
            tmp.fill(0, 0, d);
            leafContrib(p, l, dir ? P : P & ~bit, tmp, poly, defl);
            leafContrib(p, l + 1, dir ? P & ~bit : P, tmp, poly, defl);
            const base = off + ((P << 1) | dir) * d;
            for (let s = 0; s < d; s++) tab[base + s] = tmp[s];
          }
        }
        break;
      }
      case KIND_SUBSET: {
        const so = p.lfSlot[l];
        for (let s = 0; s < d; s++) p.slotR[so + s] = (1 - p.slotZ[so + s]) / p.slotZ[so + s];
        fillSubsetTable(p.slotZ, so, d, p.lfValue[l], tab, off);
        break;
      }
    }
  }
  return p;
}

/**
 * Tree-major: each tree's nodes and tables stay in cache while every row passes through it.
 * X32 is the rows as float32 (how XGBoost compares), stride numFeature; phi has stride nCols.
 */
function explainInto(p: Prepared, X32: Float32Array, nRows: number, phi: Float64Array, nCols: number, s: Scratch, leafSum: Float64Array | null): void {
  const { treeInStart, treeGroupStart, inSelf, inFeat, inCond, inDefLeft, inLeft, inRight, inBit } = p;
  const { treeNodeStart, ndLeft, ndRight, ndValue } = p;
  const { gKind, gNode, gLeaf, gTab, lfD, lfSlot, slotFeat, slotR, tab } = p;
  const { mask, dir } = s;
  const nF = p.numFeature;
  const nTrees = treeInStart.length - 1;
  for (let t = 0; t < nTrees; t++) {
    const inStart = treeInStart[t];
    const inEnd = treeInStart[t + 1];
    const gStart = treeGroupStart[t];
    const gEnd = treeGroupStart[t + 1];
    for (let r = 0; r < nRows; r++) {
      const xOff = r * nF;
      const off = r * nCols;
      mask[0] = -1;
      for (let k = inStart; k < inEnd; k++) {
        const self = inSelf[k];
        const m = mask[self];
        // NaN fails every comparison, so only default-left nodes need to look for it.
        const x = X32[xOff + inFeat[k]];
        const gl = (x < inCond[k] ? 1 : 0) | (inDefLeft[k] & (x !== x ? 1 : 0));
        const bit = inBit[k];
        // Branch-free: the child on the row's side keeps the mask, the other loses this slot's bit.
        dir[self] = gl;
        mask[inLeft[k]] = m & ~(bit & (gl - 1));
        mask[inRight[k]] = m & ~(bit & -gl);
      }
      if (leafSum) {
        // The directions just computed lead to the row's leaf: its margin comes for a few steps.
        const no = treeNodeStart[t];
        let n = 0;
        while (ndLeft[no + n] >= 0) n = dir[n] ? ndLeft[no + n] : ndRight[no + n];
        leafSum[r] += ndValue[no + n];
      }
      for (let g = gStart; g < gEnd; g++) {
        const l = gLeaf[g];
        const d = lfD[l];
        if (d === 0) continue;
        const node = gNode[g];
        const P = mask[node] & ((1 << d) - 1);
        const so = lfSlot[l];
        const kind = gKind[g];
        if (kind === KIND_PAIR || kind === KIND_VECTOR) {
          const base = gTab[g] + (kind === KIND_PAIR ? (P << 1) | dir[node] : P) * d;
          for (let i = 0; i < d; i++) phi[off + slotFeat[so + i]] += tab[base + i];
        } else if (kind === KIND_SUBSET) {
          const to = gTab[g];
          const mP = tab[to + P];
          for (let i = 0; i < d; i++) {
            const bit = 1 << i;
            if (P & bit) phi[off + slotFeat[so + i]] += slotR[so + i] * tab[to + (P ^ bit)];
            else phi[off + slotFeat[so + i]] -= mP;
          }
        } else {
          const tmp = s.tmp;
          tmp.fill(0, 0, d);
          leafContrib(p, l, P, tmp, s.poly, s.defl);
          for (let i = 0; i < d; i++) phi[off + slotFeat[so + i]] += tmp[i];
        }
      }
    }
  }
}

/** Copies rows to float32 with stride numFeature; rows are processed in blocks to bound memory. */
function toFloat32Rows(X: ArrayLike<number>, rowFrom: number, nRows: number, nCols: number, nF: number, out: Float32Array): void {
  for (let r = 0; r < nRows; r++) {
    const src = (rowFrom + r) * nCols;
    const dst = r * nF;
    for (let j = 0; j < nF; j++) out[dst + j] = X[src + j];
  }
}

interface Scratch {
  mask: Int32Array;
  dir: Uint8Array;
  poly: Float64Array;
  defl: Float64Array;
  tmp: Float64Array;
}

export function createTreeExplainer(e: TreeEnsemble, options: TreeExplainerOptions = {}): TreeExplainer {
  const budget = options.tableBudget ?? DEFAULT_TABLE_BUDGET;
  if (!Number.isInteger(budget) || budget < 0) throw new RangeError(`tableBudget must be a non-negative integer, got ${budget}`);
  // A model too large or too deep would spend minutes (or overflow the table sizes) in prepare/explain.
  validateEnsemble(e, options.limits ?? {});
  const p = prepare(e, budget);
  const scratch = (): Scratch => ({
    mask: new Int32Array(p.maxNodes),
    dir: new Uint8Array(p.maxNodes),
    poly: new Float64Array(MAX_PATH_FEATURES + 2),
    defl: new Float64Array(MAX_PATH_FEATURES + 2),
    tmp: new Float64Array(MAX_PATH_FEATURES),
  });
  const run = (X: Float64Array, nRows: number, nCols: number, values: Float64Array, margin: Float64Array | null): void => {
    if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
    if (!Number.isInteger(nCols) || nCols < p.numFeature) {
      throw new RangeError(`nCols must be an integer ≥ numFeature (${p.numFeature}), got ${nCols}`);
    }
    if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
    if (values.length < nRows * nCols) throw new RangeError(`values must hold nRows × nCols = ${nRows * nCols} values, has ${values.length}`);
    if (margin && margin.length < nRows) throw new RangeError(`margin must hold nRows = ${nRows} values, has ${margin.length}`);
    // Contributions are added up in place, so caller buffers start from zero.
    values.fill(0, 0, nRows * nCols);
    const s = scratch();
    const block = Math.min(nRows, ROW_BLOCK);
    const X32 = new Float32Array(block * p.numFeature);
    const leafSum = margin ? new Float64Array(block) : null;
    for (let r0 = 0; r0 < nRows; r0 += ROW_BLOCK) {
      const n = Math.min(ROW_BLOCK, nRows - r0);
      toFloat32Rows(X, r0, n, nCols, p.numFeature, X32);
      leafSum?.fill(0);
      explainInto(p, X32, n, values.subarray(r0 * nCols, (r0 + n) * nCols), nCols, s, leafSum);
      if (margin && leafSum) for (let r = 0; r < n; r++) margin[r0 + r] = p.baseScore + leafSum[r];
    }
  };
  return {
    baseValue: p.baseValue,
    explain(X: Float64Array, nRows: number, nCols: number): ShapResult {
      const values = new Float64Array(nRows * nCols);
      run(X, nRows, nCols, values, null);
      return { baseValue: p.baseValue, values };
    },
    explainWithMargin(X: Float64Array, nRows: number, nCols: number, out: { values?: Float64Array; margin?: Float64Array } = {}): ShapWithMargin {
      const values = out.values ?? new Float64Array(nRows * nCols);
      const margin = out.margin ?? new Float64Array(nRows);
      run(X, nRows, nCols, values, margin);
      return { baseValue: p.baseValue, values, margin };
    },
    explainRow(x: ArrayLike<number>): Float64Array {
      if (x.length < p.numFeature) throw new RangeError(`row must have at least numFeature = ${p.numFeature} values, has ${x.length}`);
      const phi = new Float64Array(x.length);
      const X32 = new Float32Array(p.numFeature);
      toFloat32Rows(x, 0, 1, x.length, p.numFeature, X32);
      explainInto(p, X32, 1, phi, x.length, scratch(), null);
      return phi;
    },
  };
}
