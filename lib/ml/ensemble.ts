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

/** What makes a model too costly to explain or score; see DEFAULT_ENSEMBLE_LIMITS. */
export interface EnsembleLimits {
  maxTrees: number;
  /** Edges from root to the deepest leaf. TreeSHAP's per-leaf tables grow as 2^depth. */
  maxDepth: number;
  maxNodesPerTree: number;
  maxTotalNodes: number;
  /**
   * Σ over all leaves of their depth: TreeSHAP's work per row (each leaf adds one value per
   * feature on its path). Same unit as params.ts MAX_SHAP_COST, so every model training may
   * produce passes.
   */
  maxShapCost: number;
}

/**
 * Generous for any model this product trains (params.ts caps depth at 10 and the worst-case
 * SHAP cost at 131,072) and for typical models trained elsewhere; they bound TreeSHAP of 3,000
 * rows to about half a minute and its tables to the explainer's memory budget.
 */
export const DEFAULT_ENSEMBLE_LIMITS: EnsembleLimits = {
  maxTrees: 10_000,
  maxDepth: 16,
  maxNodesPerTree: 1 << 17,
  maxTotalNodes: 2_000_000,
  maxShapCost: 131_072,
};

export type EnsembleProblem = "structure" | "non-finite" | "trees" | "depth" | "nodes" | "cost";

/** A model that cannot be used; `problem` says which check failed, the message names where. */
export class InvalidEnsembleError extends RangeError {
  constructor(
    readonly problem: EnsembleProblem,
    message: string,
  ) {
    super(message);
    this.name = "InvalidEnsembleError";
  }
}

/**
 * Structural checks shared by all parsers: children in range, every node reachable once from
 * the root, split features below numFeature. With `limits` (imported models, anything about to
 * be explained) also: finite values, and tree count, depth, node counts and SHAP cost within
 * them. Throws InvalidEnsembleError naming the tree/node and the limit.
 */
export function validateEnsemble(e: TreeEnsemble, limits?: Partial<EnsembleLimits>): void {
  const fail = (problem: EnsembleProblem, message: string): never => {
    throw new InvalidEnsembleError(problem, message);
  };
  if (!Number.isInteger(e.numFeature) || e.numFeature < 1) {
    fail("structure", `numFeature must be a positive integer, got ${e.numFeature}`);
  }
  if (!Number.isFinite(e.baseScore)) fail("non-finite", `baseScore must be finite, got ${e.baseScore}`);
  const lim = limits ? { ...DEFAULT_ENSEMBLE_LIMITS, ...limits } : null;
  if (lim && e.trees.length > lim.maxTrees) fail("trees", `the model has ${e.trees.length} trees; at most ${lim.maxTrees} are allowed`);
  let totalNodes = 0;
  let shapCost = 0;
  e.trees.forEach((t, ti) => {
    if (t.numNodes < 1) fail("structure", `tree ${ti}: numNodes must be ≥ 1, got ${t.numNodes}`);
    if (lim && t.numNodes > lim.maxNodesPerTree) fail("nodes", `tree ${ti} has ${t.numNodes} nodes; at most ${lim.maxNodesPerTree} per tree are allowed`);
    totalNodes += t.numNodes;
    if (lim && totalNodes > lim.maxTotalNodes) fail("nodes", `the model has more than ${lim.maxTotalNodes} nodes in all (limit reached at tree ${ti})`);
    const seen = new Uint8Array(t.numNodes);
    const depth = new Int32Array(t.numNodes);
    const stack = [0];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen[n]) fail("structure", `tree ${ti}: node ${n} is reached twice (not a tree)`);
      seen[n] = 1;
      if (lim && depth[n] > lim.maxDepth) fail("depth", `tree ${ti} node ${n} is at depth ${depth[n]}; at most ${lim.maxDepth} is allowed`);
      if (lim && !(Number.isFinite(t.cover[n]) && t.cover[n] >= 0)) fail("non-finite", `tree ${ti} node ${n}: cover must be finite and ≥ 0, got ${t.cover[n]}`);
      if (t.isLeaf[n]) {
        if (lim && !Number.isFinite(t.leafValue[n])) fail("non-finite", `tree ${ti} leaf ${n}: value must be finite, got ${t.leafValue[n]}`);
        shapCost += depth[n];
        continue;
      }
      const l = t.left[n];
      const r = t.right[n];
      if (l <= 0 || l >= t.numNodes || r <= 0 || r >= t.numNodes) {
        fail("structure", `tree ${ti} node ${n}: children (${l}, ${r}) must be in 1..${t.numNodes - 1}`);
      }
      const f = t.splitIndex[n];
      if (f < 0 || f >= e.numFeature) {
        fail("structure", `tree ${ti} node ${n}: split feature ${f} must be in 0..${e.numFeature - 1}`);
      }
      if (lim && !Number.isFinite(t.splitCondition[n])) fail("non-finite", `tree ${ti} node ${n}: split condition must be finite, got ${t.splitCondition[n]}`);
      depth[l] = depth[n] + 1;
      depth[r] = depth[n] + 1;
      stack.push(l, r);
    }
  });
  if (lim && shapCost > lim.maxShapCost) {
    fail("cost", `the model's leaves lie at depth ${shapCost} in sum (TreeSHAP work per row); at most ${lim.maxShapCost} is allowed`);
  }
}
