/**
 * XGBoost's legacy binary model format (what ml-xgboost's save_model writes and XGBoost 1.x–3.0
 * still load). Little-endian, C structs written raw:
 *   LearnerModelParam 136 B | objective (u64 len + bytes) | booster name | GBTreeModelParam 160 B
 *   | per tree: TreeParam 148 B, nodes 20 B each, stats 16 B each | tree_info i32 × num_trees
 *   | learner attributes when contain_extra_attrs ≠ 0.
 */
import { allocateTree, validateEnsemble, type Tree, type TreeEnsemble } from "./ensemble";

const LEARNER_PARAM_BYTES = 136;
const GBTREE_PARAM_BYTES = 160;
const TREE_PARAM_BYTES = 148;
const NODE_BYTES = 20;
const STAT_BYTES = 16;
const DEFAULT_LEFT_BIT = 0x80000000;

class Reader {
  private readonly view: DataView;
  pos = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) {
      throw new RangeError(`model bytes truncated while reading ${what}: need ${n} bytes at offset ${this.pos}, have ${this.bytes.length - this.pos}`);
    }
  }
  i32(at: number): number {
    return this.view.getInt32(at, true);
  }
  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
  f32(at: number): number {
    return this.view.getFloat32(at, true);
  }
  string(what: string): string {
    this.need(8, what);
    const len = Number(this.view.getBigUint64(this.pos, true));
    this.pos += 8;
    if (len > 1 << 20) throw new RangeError(`${what}: string length ${len} is not plausible (max 1 MiB)`);
    this.need(len, what);
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return s;
  }
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export interface ParseOptions {
  /**
   * Skip the first trees (only their sizes are read) and return the later ones: a training run
   * that saves after every chunk of rounds parses only the trees the chunk appended.
   */
  fromTree?: number;
}

export function parseLegacyBinary(bytes: Uint8Array, options: ParseOptions = {}): TreeEnsemble {
  const fromTree = options.fromTree ?? 0;
  const r = new Reader(bytes);
  // XGBoost < 0.8 optionally prefixed the file with "binf".
  if (bytes.length >= 4 && bytes[0] === 0x62 && bytes[1] === 0x69 && bytes[2] === 0x6e && bytes[3] === 0x66) r.pos = 4;
  if (bytes.length >= 2 && bytes[0] === 0x7b) {
    throw new RangeError("model bytes look like JSON; use fromXgboostJson for JSON models");
  }
  r.need(LEARNER_PARAM_BYTES, "LearnerModelParam");
  const lp = r.pos;
  const storedBaseScore = r.f32(lp);
  const numFeature = r.u32(lp + 4);
  const numClass = r.i32(lp + 8);
  const majorVersion = r.u32(lp + 20);
  r.pos += LEARNER_PARAM_BYTES;
  if (numClass > 1) throw new RangeError(`num_class must be 0 or 1 (binary/regression models only), got ${numClass}`);
  const objective = r.string("objective name");
  const booster = r.string("booster name");
  if (booster !== "gbtree") throw new RangeError(`booster must be "gbtree", got "${booster}"`);

  r.need(GBTREE_PARAM_BYTES, "GBTreeModelParam");
  const gp = r.pos;
  const numTrees = r.i32(gp);
  const numOutputGroup = r.i32(gp + 24);
  const sizeLeafVector = r.i32(gp + 28);
  r.pos += GBTREE_PARAM_BYTES;
  if (numTrees < 0 || numTrees > 1_000_000) throw new RangeError(`num_trees must be in 0..1000000, got ${numTrees}`);
  if (numOutputGroup > 1) throw new RangeError(`num_output_group must be 1, got ${numOutputGroup}`);
  if (sizeLeafVector !== 0) throw new RangeError(`size_leaf_vector must be 0, got ${sizeLeafVector}`);

  const trees: Tree[] = [];
  for (let ti = 0; ti < numTrees; ti++) {
    r.need(TREE_PARAM_BYTES, `TreeParam of tree ${ti}`);
    const numNodes = r.i32(r.pos + 4);
    const treeLeafVector = r.i32(r.pos + 20);
    r.pos += TREE_PARAM_BYTES;
    if (numNodes < 1 || numNodes > 1 << 24) throw new RangeError(`tree ${ti}: num_nodes must be in 1..16777216, got ${numNodes}`);
    if (treeLeafVector !== 0) throw new RangeError(`tree ${ti}: size_leaf_vector must be 0, got ${treeLeafVector}`);
    r.need(numNodes * (NODE_BYTES + STAT_BYTES), `nodes of tree ${ti}`);
    if (ti < fromTree) {
      r.pos += numNodes * (NODE_BYTES + STAT_BYTES);
      continue;
    }
    const t = allocateTree(numNodes, true);
    for (let n = 0; n < numNodes; n++) {
      const o = r.pos + n * NODE_BYTES;
      const cleft = r.i32(o + 4);
      const sindex = r.u32(o + 12);
      const info = r.f32(o + 16);
      if (cleft === -1) {
        t.isLeaf[n] = 1;
        t.leafValue[n] = info;
      } else {
        t.left[n] = cleft;
        t.right[n] = r.i32(o + 8);
        t.splitIndex[n] = sindex & 0x7fffffff;
        t.defaultLeft[n] = sindex >>> 31;
        t.splitCondition[n] = info;
      }
    }
    r.pos += numNodes * NODE_BYTES;
    for (let n = 0; n < numNodes; n++) {
      const o = r.pos + n * STAT_BYTES;
      t.gain![n] = r.f32(o);
      t.cover[n] = r.f32(o + 4);
      t.baseWeight![n] = r.f32(o + 8);
    }
    r.pos += numNodes * STAT_BYTES;
    trees.push(t);
  }
  // tree_info (all 0 for a single-output model) and learner attributes carry nothing we use.
  // XGBoost ≥ 1.0 stores base_score in probability space; 0.x (ml-xgboost) stores the margin.
  const baseScore = majorVersion >= 1 && objective === "binary:logistic" ? Math.fround(logit(storedBaseScore)) : storedBaseScore;
  const e: TreeEnsemble = { numFeature, baseScore, objective, trees };
  validateEnsemble(e);
  return e;
}

function parentsOf(t: Tree): Int32Array {
  const parent = new Int32Array(t.numNodes).fill(-1);
  for (let n = 0; n < t.numNodes; n++) {
    if (t.isLeaf[n]) continue;
    // XGBoost marks "I am my parent's left child" with bit 31 of the parent field.
    parent[t.left[n]] = n | DEFAULT_LEFT_BIT;
    parent[t.right[n]] = n;
  }
  return parent;
}

/** XGBoost's pruner counts, per split node, how many of its children are leaves. */
function leafChildCounts(t: Tree): Int32Array {
  const cnt = new Int32Array(t.numNodes);
  for (let n = 0; n < t.numNodes; n++) {
    if (t.isLeaf[n]) continue;
    cnt[n] = t.isLeaf[t.left[n]] + t.isLeaf[t.right[n]];
  }
  return cnt;
}

/**
 * Writes the legacy format the way XGBoost 0.7 (ml-xgboost) does: base_score in margin form,
 * version 0, reserved fields zero. Gain/base_weight are written when the trees carry them.
 */
export function writeLegacyBinary(e: TreeEnsemble): Uint8Array {
  validateEnsemble(e);
  const enc = new TextEncoder();
  const obj = enc.encode(e.objective);
  const gbm = enc.encode("gbtree");
  let size = LEARNER_PARAM_BYTES + 8 + obj.length + 8 + gbm.length + GBTREE_PARAM_BYTES + 4 * e.trees.length;
  for (const t of e.trees) size += TREE_PARAM_BYTES + t.numNodes * (NODE_BYTES + STAT_BYTES);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  let p = 0;
  v.setFloat32(0, e.baseScore, true);
  v.setUint32(4, e.numFeature, true);
  p = LEARNER_PARAM_BYTES;
  for (const s of [obj, gbm]) {
    v.setBigUint64(p, BigInt(s.length), true);
    p += 8;
    out.set(s, p);
    p += s.length;
  }
  v.setInt32(p, e.trees.length, true);
  v.setInt32(p + 4, 1, true); // num_roots
  v.setInt32(p + 8, e.numFeature, true);
  v.setInt32(p + 24, 1, true); // num_output_group
  p += GBTREE_PARAM_BYTES;
  for (const t of e.trees) {
    v.setInt32(p, 1, true); // num_roots
    v.setInt32(p + 4, t.numNodes, true);
    v.setInt32(p + 16, e.numFeature, true);
    p += TREE_PARAM_BYTES;
    const parent = parentsOf(t);
    const leafChildren = leafChildCounts(t);
    for (let n = 0; n < t.numNodes; n++) {
      v.setInt32(p, parent[n], true);
      if (t.isLeaf[n]) {
        v.setInt32(p + 4, -1, true);
        v.setInt32(p + 8, -1, true);
        v.setUint32(p + 12, 0, true);
        v.setFloat32(p + 16, t.leafValue[n], true);
      } else {
        v.setInt32(p + 4, t.left[n], true);
        v.setInt32(p + 8, t.right[n], true);
        v.setUint32(p + 12, (t.splitIndex[n] | (t.defaultLeft[n] ? DEFAULT_LEFT_BIT : 0)) >>> 0, true);
        v.setFloat32(p + 16, t.splitCondition[n], true);
      }
      p += NODE_BYTES;
    }
    for (let n = 0; n < t.numNodes; n++) {
      v.setFloat32(p, t.gain ? t.gain[n] : 0, true);
      v.setFloat32(p + 4, t.cover[n], true);
      v.setFloat32(p + 8, t.baseWeight ? t.baseWeight[n] : t.leafValue[n], true);
      v.setInt32(p + 12, leafChildren[n], true);
      p += STAT_BYTES;
    }
  }
  // tree_info: every tree belongs to output group 0.
  p += 4 * e.trees.length;
  if (p !== size) throw new Error(`internal: wrote ${p} of ${size} bytes`);
  return out;
}
