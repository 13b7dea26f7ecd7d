/**
 * Exact path-dependent TreeSHAP (Lundberg et al. 2020) in float64, margin space, computed with
 * per-leaf precomputed subset tables in the spirit of FastTreeSHAP v2 (Yang 2021).
 *
 * For a leaf with value v whose path splits on the distinct features D (|D| = d), let z_j be the
 * product of cover ratios of the path edges that test feature j, and P ⊆ D the features whose
 * every test on the path this row satisfies. The leaf's Shapley contribution to feature i is
 *   i ∉ P:  −v·M(P)
 *   i ∈ P:  v·(1 − z_i)/z_i · M(P∖{i})
 * with M(Q) = Σ_{S⊆Q} w(|S|, d) · Π_{j∈D∖S} z_j and w(s, d) = s!(d−s−1)!/d!.
 * M depends only on the leaf and the subset, so v·M(Q) is tabulated once per leaf for all 2^d
 * subsets; explaining a row then costs O(Σ_leaves d) per tree with no per-row recursion.
 * Leaves with a zero cover ratio, or beyond the table memory budget, are computed on the fly in
 * O(d²) per leaf from elementary symmetric polynomials (same formula, no table).
 */
import type { TreeEnsemble } from "./ensemble";

export interface ShapResult {
  baseValue: number;
  /** nRows × nCols, row-major; columns ≥ numFeature stay 0. */
  values: Float64Array;
}

export interface TreeExplainer {
  baseValue: number;
  explain(X: Float64Array, nRows: number, nCols: number): ShapResult;
  explainRow(x: ArrayLike<number>): Float64Array;
}

export interface TreeExplainerOptions {
  /** Max table entries (float64) kept across all leaves; default 16M (128 MiB). */
  tableBudget?: number;
}

const MAX_PATH_FEATURES = 30;
const DEFAULT_TABLE_BUDGET = 16 * 1024 * 1024;

interface Prepared {
  baseValue: number;
  numFeature: number;
  maxNodes: number;
  treeInStart: Int32Array;
  treeLeafStart: Int32Array;
  // split nodes in parent-before-child order, per tree contiguous
  inSelf: Int32Array;
  inFeat: Int32Array;
  inCond: Float64Array;
  inDefLeft: Uint8Array;
  inLeft: Int32Array;
  inRight: Int32Array;
  inBit: Int32Array;
  // leaves, per tree contiguous
  lfNode: Int32Array;
  lfD: Int32Array;
  lfSlot: Int32Array;
  lfTab: Int32Array;
  lfValue: Float64Array;
  slotFeat: Int32Array;
  slotZ: Float64Array;
  /** (1 − z)/z, used with the table. */
  slotR: Float64Array;
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
function fillLeafTable(z: Float64Array, zOff: number, d: number, v: number, tab: Float64Array, off: number): void {
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

function prepare(e: TreeEnsemble, tableBudget: number): Prepared {
  let nIn = 0;
  let nLeaf = 0;
  let maxNodes = 1;
  for (const t of e.trees) {
    maxNodes = Math.max(maxNodes, t.numNodes);
    for (let n = 0; n < t.numNodes; n++) if (t.isLeaf[n]) nLeaf++;
    else nIn++;
  }
  const p: Prepared = {
    baseValue: e.baseScore,
    numFeature: e.numFeature,
    maxNodes,
    treeInStart: new Int32Array(e.trees.length + 1),
    treeLeafStart: new Int32Array(e.trees.length + 1),
    inSelf: new Int32Array(nIn),
    inFeat: new Int32Array(nIn),
    inCond: new Float64Array(nIn),
    inDefLeft: new Uint8Array(nIn),
    inLeft: new Int32Array(nIn),
    inRight: new Int32Array(nIn),
    inBit: new Int32Array(nIn),
    lfNode: new Int32Array(nLeaf),
    lfD: new Int32Array(nLeaf),
    lfSlot: new Int32Array(nLeaf),
    lfTab: new Int32Array(nLeaf),
    lfValue: new Float64Array(nLeaf),
    slotFeat: new Int32Array(0),
    slotZ: new Float64Array(0),
    slotR: new Float64Array(0),
    tab: new Float64Array(0),
  };
  const slotFeat: number[] = [];
  const slotZ: number[] = [];
  let ii = 0;
  let li = 0;
  // Per-node path state while walking a tree: the distinct features so far (slot order) and their z.
  type PathState = { feats: number[]; z: number[] };
  e.trees.forEach((t, ti) => {
    p.treeInStart[ti] = ii;
    p.treeLeafStart[ti] = li;
    const stack: { node: number; path: PathState }[] = [{ node: 0, path: { feats: [], z: [] } }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      if (t.isLeaf[node]) {
        const d = path.feats.length;
        p.lfNode[li] = node;
        p.lfD[li] = d;
        p.lfSlot[li] = slotFeat.length;
        p.lfValue[li] = t.leafValue[node];
        p.lfTab[li] = -1;
        let zAll = 1;
        for (let s = 0; s < d; s++) {
          slotFeat.push(path.feats[s]);
          slotZ.push(path.z[s]);
          zAll *= path.z[s];
        }
        p.baseValue += t.leafValue[node] * zAll;
        li++;
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
      for (const child of [r, l]) {
        const ratio = cover > 0 ? t.cover[child] / cover : 0;
        const feats = path.feats.slice();
        const z = path.z.slice();
        if (slot === feats.length) {
          feats.push(f);
          z.push(ratio);
        } else {
          z[slot] *= ratio;
        }
        stack.push({ node: child, path: { feats, z } });
      }
    }
  });
  p.treeInStart[e.trees.length] = ii;
  p.treeLeafStart[e.trees.length] = li;
  p.slotFeat = Int32Array.from(slotFeat);
  p.slotZ = Float64Array.from(slotZ);
  p.slotR = new Float64Array(slotZ.length);
  // Tabulate leaves while the budget lasts; the rest (and any leaf with a zero ratio) go on the fly.
  let tabSize = 0;
  for (let l = 0; l < nLeaf; l++) {
    const d = p.lfD[l];
    const so = p.lfSlot[l];
    let positive = true;
    for (let s = 0; s < d; s++) if (!(p.slotZ[so + s] > 0)) positive = false;
    if (!positive || tabSize + (1 << d) > tableBudget) continue;
    p.lfTab[l] = tabSize;
    tabSize += 1 << d;
    for (let s = 0; s < d; s++) p.slotR[so + s] = (1 - p.slotZ[so + s]) / p.slotZ[so + s];
  }
  p.tab = new Float64Array(tabSize);
  for (let l = 0; l < nLeaf; l++) {
    if (p.lfTab[l] >= 0) fillLeafTable(p.slotZ, p.lfSlot[l], p.lfD[l], p.lfValue[l], p.tab, p.lfTab[l]);
  }
  return p;
}

/** O(d²) contribution of one leaf for agreement set P, without a table. */
function leafOnTheFly(p: Prepared, l: number, P: number, phi: Float64Array, off: number, poly: Float64Array, defl: Float64Array): void {
  const d = p.lfD[l];
  const so = p.lfSlot[l];
  const v = p.lfValue[l];
  const w = SHAPLEY_WEIGHT[d];
  // e_k over the z of P, and Z over the z of D∖P.
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
    const f = off + p.slotFeat[so + s];
    if (!(P & (1 << s))) {
      phi[f] -= mP;
      continue;
    }
    const z = p.slotZ[so + s];
    // Remove (1 + z t) from the product: e'_k = e_k − z·e'_{k−1}; stable because 0 ≤ z ≤ 1.
    defl[0] = 1;
    for (let k = 1; k < size; k++) defl[k] = poly[k] - z * defl[k - 1];
    let a = 0;
    for (let k = 0; k <= size - 1; k++) a += w[k] * defl[size - 1 - k];
    phi[f] += v * (1 - z) * zN * a;
  }
}

function explainInto(p: Prepared, X: ArrayLike<number>, xOff: number, phi: Float64Array, off: number, mask: Int32Array, poly: Float64Array, defl: Float64Array): void {
  const { treeInStart, treeLeafStart, inSelf, inFeat, inCond, inDefLeft, inLeft, inRight, inBit } = p;
  const { lfNode, lfD, lfSlot, lfTab, slotFeat, slotR, tab } = p;
  const nTrees = treeInStart.length - 1;
  for (let t = 0; t < nTrees; t++) {
    mask[0] = -1;
    for (let k = treeInStart[t], end = treeInStart[t + 1]; k < end; k++) {
      const m = mask[inSelf[k]];
      const x = X[xOff + inFeat[k]];
      const goLeft = x !== x ? inDefLeft[k] === 1 : Math.fround(x) < inCond[k];
      const cleared = m & ~inBit[k];
      if (goLeft) {
        mask[inLeft[k]] = m;
        mask[inRight[k]] = cleared;
      } else {
        mask[inLeft[k]] = cleared;
        mask[inRight[k]] = m;
      }
    }
    for (let l = treeLeafStart[t], end = treeLeafStart[t + 1]; l < end; l++) {
      const d = lfD[l];
      if (d === 0) continue;
      const P = mask[lfNode[l]] & ((1 << d) - 1);
      const to = lfTab[l];
      if (to < 0) {
        leafOnTheFly(p, l, P, phi, off, poly, defl);
        continue;
      }
      const mP = tab[to + P];
      const so = lfSlot[l];
      for (let s = 0; s < d; s++) {
        const bit = 1 << s;
        if (P & bit) phi[off + slotFeat[so + s]] += slotR[so + s] * tab[to + (P ^ bit)];
        else phi[off + slotFeat[so + s]] -= mP;
      }
    }
  }
}

export function createTreeExplainer(e: TreeEnsemble, options: TreeExplainerOptions = {}): TreeExplainer {
  const budget = options.tableBudget ?? DEFAULT_TABLE_BUDGET;
  if (!Number.isInteger(budget) || budget < 0) throw new RangeError(`tableBudget must be a non-negative integer, got ${budget}`);
  const p = prepare(e, budget);
  const scratch = () => ({
    mask: new Int32Array(p.maxNodes),
    poly: new Float64Array(MAX_PATH_FEATURES + 2),
    defl: new Float64Array(MAX_PATH_FEATURES + 2),
  });
  return {
    baseValue: p.baseValue,
    explain(X: Float64Array, nRows: number, nCols: number): ShapResult {
      if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
      if (!Number.isInteger(nCols) || nCols < p.numFeature) {
        throw new RangeError(`nCols must be an integer ≥ numFeature (${p.numFeature}), got ${nCols}`);
      }
      if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
      const values = new Float64Array(nRows * nCols);
      const s = scratch();
      for (let r = 0; r < nRows; r++) explainInto(p, X, r * nCols, values, r * nCols, s.mask, s.poly, s.defl);
      return { baseValue: p.baseValue, values };
    },
    explainRow(x: ArrayLike<number>): Float64Array {
      if (x.length < p.numFeature) throw new RangeError(`row must have at least numFeature = ${p.numFeature} values, has ${x.length}`);
      const phi = new Float64Array(x.length);
      const s = scratch();
      explainInto(p, x, 0, phi, 0, s.mask, s.poly, s.defl);
      return phi;
    },
  };
}
