import { describe, expect, it } from "vitest";
import { allocateTree, DEFAULT_ENSEMBLE_LIMITS, InvalidEnsembleError, validateEnsemble, type Tree, type TreeEnsemble } from "../../lib/ml/ensemble";
import { fromXgboostJson, toXgboostJson } from "../../lib/ml/model-json";
import { createTreeExplainer } from "../../lib/ml/treeshap";

/** Complete tree of the given depth over 3 features. */
function complete(depth: number): Tree {
  const n = (1 << (depth + 1)) - 1;
  const t = allocateTree(n);
  for (let k = 0; k < n; k++) {
    t.cover[k] = 1;
    if (k >= (1 << depth) - 1) {
      t.isLeaf[k] = 1;
      t.leafValue[k] = 0.1;
    } else {
      t.left[k] = 2 * k + 1;
      t.right[k] = 2 * k + 2;
      t.splitIndex[k] = k % 3;
      t.splitCondition[k] = 0.5;
    }
  }
  return t;
}

/** A left spine of `depth` splits: the depth-3000 chain from the audit. */
function chain(depth: number): Tree {
  const t = allocateTree(2 * depth + 1);
  for (let d = 0; d < depth; d++) {
    const node = 2 * d;
    t.left[node] = node + 2;
    t.right[node] = node + 1;
    t.splitIndex[node] = d % 3;
    t.splitCondition[node] = d;
    t.cover[node] = 1;
    t.isLeaf[node + 1] = 1;
    t.cover[node + 1] = 1;
  }
  t.isLeaf[2 * depth] = 1;
  t.cover[2 * depth] = 1;
  return t;
}

const model = (trees: Tree[]): TreeEnsemble => ({ numFeature: 3, baseScore: 0, objective: "binary:logistic", trees });

function problemOf(f: () => unknown): { problem: string; message: string } {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidEnsembleError);
    expect(e).toBeInstanceOf(RangeError);
    return { problem: (e as InvalidEnsembleError).problem, message: (e as Error).message };
  }
  throw new Error("expected validateEnsemble to throw");
}

describe("validateEnsemble with limits", () => {
  it("accepts a model within the limits, and without limits checks structure only", () => {
    expect(() => validateEnsemble(model([complete(5), complete(3)]), DEFAULT_ENSEMBLE_LIMITS)).not.toThrow();
    const t = complete(2);
    t.leafValue[6] = NaN;
    expect(() => validateEnsemble(model([t]))).not.toThrow();
  });

  it("names non-finite leaves, split conditions and covers", () => {
    const leaf = complete(2);
    leaf.leafValue[5] = Infinity;
    expect(problemOf(() => validateEnsemble(model([complete(1), leaf]), {}))).toEqual({ problem: "non-finite", message: "tree 1 leaf 5: value must be finite, got Infinity" });
    const split = complete(2);
    split.splitCondition[1] = NaN;
    expect(problemOf(() => validateEnsemble(model([split]), {})).message).toBe("tree 0 node 1: split condition must be finite, got NaN");
    const cover = complete(2);
    cover.cover[2] = -1;
    expect(problemOf(() => validateEnsemble(model([cover]), {})).message).toMatch(/tree 0 node 2: cover must be finite and ≥ 0, got -1/);
  });

  it("refuses a depth-3000 chain by depth, without recursion", () => {
    const r = problemOf(() => validateEnsemble(model([chain(3000)]), DEFAULT_ENSEMBLE_LIMITS));
    expect(r.problem).toBe("depth");
    expect(r.message).toMatch(/tree 0 node \d+ is at depth 17; at most 16 is allowed/);
  });

  it("bounds tree count, nodes per tree, total nodes and SHAP cost", () => {
    expect(problemOf(() => validateEnsemble(model([complete(1), complete(1), complete(1)]), { maxTrees: 2 }))).toEqual({
      problem: "trees",
      message: "the model has 3 trees; at most 2 are allowed",
    });
    expect(problemOf(() => validateEnsemble(model([complete(1), complete(4)]), { maxNodesPerTree: 15 })).message).toBe("tree 1 has 31 nodes; at most 15 per tree are allowed");
    expect(problemOf(() => validateEnsemble(model([complete(3), complete(3)]), { maxTotalNodes: 20 })).problem).toBe("nodes");
    // 2 trees × 8 leaves at depth 3 = 48.
    expect(() => validateEnsemble(model([complete(3), complete(3)]), { maxShapCost: 48 })).not.toThrow();
    expect(problemOf(() => validateEnsemble(model([complete(3), complete(3)]), { maxShapCost: 47 }))).toEqual({
      problem: "cost",
      message: "the model's leaves lie at depth 48 in sum (TreeSHAP work per row); at most 47 is allowed",
    });
  });

  it("structural faults are typed too", () => {
    const t = complete(1);
    t.splitIndex[0] = 7;
    expect(problemOf(() => validateEnsemble(model([t]))).problem).toBe("structure");
  });

  it("an imported JSON model with a leaf beyond float32 or a deep chain is refused before use", () => {
    const json = toXgboostJson(model([complete(2)]));
    const overflow = json.replace(/"split_conditions":\[([^\]]*)\]/, (_m, list: string) => `"split_conditions":[${list.split(",").slice(0, -1).join(",")},1E39]`);
    expect(problemOf(() => fromXgboostJson(overflow)).problem).toBe("non-finite");
    expect(problemOf(() => fromXgboostJson(toXgboostJson(model([chain(40)])))).problem).toBe("depth");
  });

  it("the explainer checks the limits before building any table", () => {
    expect(problemOf(() => createTreeExplainer(model([chain(3000)]))).problem).toBe("depth");
    expect(problemOf(() => createTreeExplainer(model([complete(3)]), { limits: { maxShapCost: 10 } })).problem).toBe("cost");
  });
});
