/**
 * The typed tree ensemble every model format parses into and every predictor/explainer reads.
 * Struct-of-arrays per tree keeps prediction and TreeSHAP on flat typed arrays.
 */
export interface Tree {
  numNodes: number;
  /** Child node ids; −1 for leaves. */
  left: Int32Array;
  right: Int32Array;
  splitIndex: Int32Array;
  /** A row goes left when Math.fround(x) < splitCondition (float32 compare, like XGBoost). */
  splitCondition: Float32Array;
  /** 1 when a missing value (NaN) goes left. */
  defaultLeft: Uint8Array;
  /** Leaf value (margin contribution) or 0 for split nodes. */
  leafValue: Float64Array;
  /** Sum of hessians reaching the node; TreeSHAP weighs paths by it. */
  cover: Float64Array;
  isLeaf: Uint8Array;
  /** Split gain (loss_chg); optional, kept so model files round-trip. */
  gain?: Float32Array;
  /** Node weight before shrinkage (base_weight); optional, kept so model files round-trip. */
  baseWeight?: Float32Array;
}

export interface TreeEnsemble {
  numFeature: number;
  /** Global bias in margin space (log-odds for binary:logistic). */
  baseScore: number;
  objective: string;
  trees: Tree[];
  featureNames?: string[];
}

/** An empty tree with room for `numNodes` nodes; callers fill the arrays. */
export function allocateTree(numNodes: number, withStats = false): Tree {
  const t: Tree = {
    numNodes,
    left: new Int32Array(numNodes).fill(-1),
    right: new Int32Array(numNodes).fill(-1),
    splitIndex: new Int32Array(numNodes),
    splitCondition: new Float32Array(numNodes),
    defaultLeft: new Uint8Array(numNodes),
    leafValue: new Float64Array(numNodes),
    cover: new Float64Array(numNodes),
    isLeaf: new Uint8Array(numNodes),
  };
  if (withStats) {
    t.gain = new Float32Array(numNodes);
    t.baseWeight = new Float32Array(numNodes);
  }
  return t;
}

/**
 * Structural checks shared by all parsers: children in range, every node reachable once from
 * the root, split features below numFeature. Throws with the offending tree/node named.
 */
export function validateEnsemble(e: TreeEnsemble): void {
  if (!Number.isInteger(e.numFeature) || e.numFeature < 1) {
    throw new RangeError(`numFeature must be a positive integer, got ${e.numFeature}`);
  }
  if (!Number.isFinite(e.baseScore)) throw new RangeError(`baseScore must be finite, got ${e.baseScore}`);
  e.trees.forEach((t, ti) => {
    if (t.numNodes < 1) throw new RangeError(`tree ${ti}: numNodes must be ≥ 1, got ${t.numNodes}`);
    const seen = new Uint8Array(t.numNodes);
    const stack = [0];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen[n]) throw new RangeError(`tree ${ti}: node ${n} is reached twice (not a tree)`);
      seen[n] = 1;
      if (t.isLeaf[n]) continue;
      const l = t.left[n];
      const r = t.right[n];
      if (l <= 0 || l >= t.numNodes || r <= 0 || r >= t.numNodes) {
        throw new RangeError(`tree ${ti} node ${n}: children (${l}, ${r}) must be in 1..${t.numNodes - 1}`);
      }
      const f = t.splitIndex[n];
      if (f < 0 || f >= e.numFeature) {
        throw new RangeError(`tree ${ti} node ${n}: split feature ${f} must be in 0..${e.numFeature - 1}`);
      }
      stack.push(l, r);
    }
  });
}
