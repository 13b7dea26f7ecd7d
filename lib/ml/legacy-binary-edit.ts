/**
 * Two byte-level edits of XGBoost legacy binary models (as ml-xgboost saves them), done on the
 * bytes so everything else in the file stays exactly as XGBoost wrote it:
 *
 * - `keepFirstTrees`: early stopping keeps the best iteration's trees. Tree i only depends on
 *   trees < i, so the first k trees of a longer run ARE the k-round model: rewriting num_trees,
 *   dropping the later trees and their tree_info entries gives the same bytes as training k rounds.
 * - `shiftBaseScore`: adds a constant to base_score (stored in margin form), used for the prior
 *   correction after training with scale_pos_weight.
 *
 * Layout (ARCHITECTURE.md): LearnerModelParam 136 B (base_score f32 at 0) · objective name
 * (u64 length + bytes) · booster name (same) · GBTreeModelParam 160 B (num_trees i32 at 0) ·
 * per tree: TreeParam 148 B (num_nodes i32 at 4, size_leaf_vector i32 at 20), nodes 20 B each,
 * stats 16 B each · tree_info i32 × num_trees · optional trailing attributes.
 */

const LEARNER_PARAM = 136;
const GBTREE_PARAM = 160;
const TREE_PARAM = 148;
const NODE = 20;
const STAT = 16;

interface Layout {
  gbtreeParamAt: number;
  numTrees: number;
  treeStarts: number[];
  treeInfoAt: number;
  endAt: number;
}

function fail(msg: string): never {
  throw new Error(`模型字节格式错误 (malformed legacy binary model): ${msg}`);
}

function layout(bytes: Uint8Array): Layout {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = LEARNER_PARAM;
  for (let s = 0; s < 2; s++) {
    if (at + 8 > bytes.length) fail("truncated name");
    const len = Number(dv.getBigUint64(at, true));
    at += 8 + len;
  }
  const gbtreeParamAt = at;
  if (at + GBTREE_PARAM > bytes.length) fail("truncated GBTreeModelParam");
  const numTrees = dv.getInt32(at, true);
  if (numTrees < 0) fail(`num_trees ${numTrees}`);
  at += GBTREE_PARAM;
  const treeStarts: number[] = [];
  for (let t = 0; t < numTrees; t++) {
    treeStarts.push(at);
    if (at + TREE_PARAM > bytes.length) fail(`truncated tree ${t}`);
    const numNodes = dv.getInt32(at + 4, true);
    const leafVector = dv.getInt32(at + 20, true);
    if (leafVector !== 0) fail(`tree ${t} has a leaf vector (unsupported)`);
    at += TREE_PARAM + numNodes * (NODE + STAT);
  }
  const treeInfoAt = at;
  const endAt = at + (numTrees > 0 ? 4 * numTrees : 0);
  if (endAt > bytes.length) fail("truncated tree_info");
  return { gbtreeParamAt, numTrees, treeStarts, treeInfoAt, endAt };
}

export function countTrees(bytes: Uint8Array): number {
  return layout(bytes).numTrees;
}

/** The model restricted to its first `keep` trees (1 ≤ keep ≤ num_trees). */
export function keepFirstTrees(bytes: Uint8Array, keep: number): Uint8Array {
  const l = layout(bytes);
  if (!(Number.isInteger(keep) && keep >= 1 && keep <= l.numTrees)) {
    throw new Error(`keepFirstTrees: keep 必须在 1..${l.numTrees} 之间 (got ${keep})`);
  }
  if (keep === l.numTrees) return bytes.slice();
  const treesEnd = l.treeStarts[keep]!;
  const head = bytes.subarray(0, treesEnd);
  const info = bytes.subarray(l.treeInfoAt, l.treeInfoAt + 4 * keep);
  const tail = bytes.subarray(l.endAt);
  const out = new Uint8Array(head.length + info.length + tail.length);
  out.set(head, 0);
  out.set(info, head.length);
  out.set(tail, head.length + info.length);
  new DataView(out.buffer).setInt32(l.gbtreeParamAt, keep, true);
  return out;
}

/** base_score (margin form, float32) of the model. */
export function readBaseScore(bytes: Uint8Array): number {
  if (bytes.length < LEARNER_PARAM) fail("shorter than LearnerModelParam");
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat32(0, true);
}

/** A copy with base_score + delta (margin space; stored as float32). */
export function shiftBaseScore(bytes: Uint8Array, delta: number): Uint8Array {
  const out = bytes.slice();
  const dv = new DataView(out.buffer);
  dv.setFloat32(0, readBaseScore(bytes) + delta, true);
  return out;
}
