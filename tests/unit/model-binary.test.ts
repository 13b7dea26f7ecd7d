import { describe, expect, it } from "vitest";
import { parseLegacyBinary, writeLegacyBinary } from "../../lib/ml/model-binary";
import type { TreeEnsemble } from "../../lib/ml/ensemble";
import { fromXgboostJson } from "../../lib/ml/model-json";
import { goldenModelBytes, goldenXgboostJson, loadGolden } from "../fixtures/golden/golden";

function expectSameEnsemble(a: TreeEnsemble, b: TreeEnsemble): void {
  expect(a.numFeature).toBe(b.numFeature);
  expect(a.baseScore).toBe(b.baseScore);
  expect(a.objective).toBe(b.objective);
  expect(a.trees.length).toBe(b.trees.length);
  a.trees.forEach((t, i) => {
    const u = b.trees[i];
    expect(t.numNodes).toBe(u.numNodes);
    for (const k of ["left", "right", "splitIndex", "splitCondition", "defaultLeft", "leafValue", "cover", "isLeaf"] as const) {
      expect(Array.from(t[k])).toEqual(Array.from(u[k]));
    }
  });
}

describe("legacy binary model format", () => {
  const bytes = goldenModelBytes();

  it("parses the ml-xgboost fixture model", () => {
    const e = parseLegacyBinary(bytes);
    const g = loadGolden();
    expect(e.objective).toBe("binary:logistic");
    expect(e.numFeature).toBe(g.nCols);
    expect(e.trees.length).toBe(20);
    // base_score 0.3 stored as a float32 margin.
    expect(e.baseScore).toBeCloseTo(Math.log(0.3 / 0.7), 6);
    for (const t of e.trees) {
      expect(t.isLeaf[0]).toBe(0);
      let leaves = 0;
      for (let n = 0; n < t.numNodes; n++) leaves += t.isLeaf[n];
      expect(leaves).toBe((t.numNodes + 1) / 2);
    }
  });

  it("writes back byte-identical bytes for an ml-xgboost model", () => {
    const out = writeLegacyBinary(parseLegacyBinary(bytes));
    expect(out.length).toBe(bytes.length);
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });

  it("a model imported from XGBoost's JSON writes the same legacy bytes ml-xgboost saved", () => {
    const out = writeLegacyBinary(fromXgboostJson(goldenXgboostJson()));
    expect(Buffer.from(out).equals(Buffer.from(bytes))).toBe(true);
  });

  it("round-trips parse → write → parse without stats", () => {
    const e = parseLegacyBinary(bytes);
    const stripped: TreeEnsemble = { ...e, trees: e.trees.map(({ gain: _g, baseWeight: _b, ...t }) => t) };
    expectSameEnsemble(parseLegacyBinary(writeLegacyBinary(stripped)), e);
  });

  it("rejects truncated bytes naming what was being read", () => {
    expect(() => parseLegacyBinary(bytes.subarray(0, 100))).toThrow(/truncated while reading LearnerModelParam/);
    expect(() => parseLegacyBinary(bytes.subarray(0, 1000))).toThrow(/truncated while reading/);
  });

  it("rejects JSON passed as binary", () => {
    expect(() => parseLegacyBinary(new TextEncoder().encode('{"learner":{}}'))).toThrow(/fromXgboostJson/);
  });

  it("rejects a split feature outside numFeature", () => {
    const e = parseLegacyBinary(bytes);
    const bad = { ...e, numFeature: 1 };
    expect(() => writeLegacyBinary(bad)).toThrow(/split feature \d+ must be in 0\.\.0/);
  });
});
