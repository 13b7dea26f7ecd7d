import { describe, expect, it } from "vitest";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { formatFloat32, fromXgboostJson, toXgboostJson } from "../../lib/ml/model-json";
import { predictMargin } from "../../lib/ml/predict";
import { goldenModelBytes, goldenXgboostJson, loadGolden } from "../fixtures/golden/golden";

describe("XGBoost JSON model format", () => {
  const g = loadGolden();
  const fromBinary = parseLegacyBinary(goldenModelBytes());
  const xgbJson = goldenXgboostJson();

  it("fromXgboostJson of XGBoost's own JSON predicts the golden margins", () => {
    const e = fromXgboostJson(xgbJson);
    expect(e.trees.length).toBe(fromBinary.trees.length);
    const m = predictMargin(e, g.X, g.nRows, g.nCols);
    for (let r = 0; r < g.nRows; r++) expect(Math.abs(m[r] - g.margin[r])).toBeLessThanOrEqual(1e-6);
  });

  it("toXgboostJson carries the same trees as XGBoost's JSON of the same model", () => {
    const ours = fromXgboostJson(toXgboostJson(fromBinary));
    const theirs = fromXgboostJson(xgbJson);
    expect(ours.baseScore).toBe(theirs.baseScore);
    ours.trees.forEach((t, i) => {
      const u = theirs.trees[i];
      for (const k of ["left", "right", "splitIndex", "splitCondition", "defaultLeft", "leafValue", "cover", "isLeaf"] as const) {
        expect(Array.from(t[k])).toEqual(Array.from(u[k]));
      }
      expect(Array.from(t.gain!)).toEqual(Array.from(u.gain!));
      expect(Array.from(t.baseWeight!)).toEqual(Array.from(u.baseWeight!));
    });
  });

  it("writes every float with an exponent (XGBoost rejects integer literals in float fields)", () => {
    const text = toXgboostJson(fromBinary);
    const doc = JSON.parse(text) as { learner: { gradient_booster: { model: { trees: Record<string, unknown>[] } } } };
    const tree = doc.learner.gradient_booster.model.trees[0];
    for (const key of ["split_conditions", "sum_hessian", "base_weights", "loss_changes"]) {
      const raw = new RegExp(`"${key}":\\[([^\\]]*)\\]`).exec(text)![1];
      for (const lit of raw.split(",")) expect(lit).toMatch(/E/);
      expect(Array.isArray(tree[key])).toBe(true);
    }
    expect(formatFloat32(0)).toBe("0E0");
    expect(formatFloat32(120)).toBe("1.2E2");
    expect(formatFloat32(Math.fround(0.1))).toBe("1E-1");
    expect(formatFloat32(-2.5)).toBe("-2.5E0");
    for (const v of [Math.fround(Math.PI), Math.fround(-1e-20), Math.fround(3.4e38), Math.fround(1 / 3)]) {
      expect(Math.fround(Number(formatFloat32(v)))).toBe(v);
    }
  });

  it("stores base_score in probability space and keeps feature names", () => {
    const names = Array.from({ length: 29 }, (_, i) => `特征${i}`);
    const doc = JSON.parse(toXgboostJson(fromBinary, names)) as { learner: { learner_model_param: { base_score: string }; feature_names: string[] } };
    expect(Number(doc.learner.learner_model_param.base_score)).toBeCloseTo(0.3, 6);
    expect(doc.learner.feature_names).toEqual(names);
    expect(fromXgboostJson(toXgboostJson(fromBinary, names)).featureNames).toEqual(names);
    expect(() => toXgboostJson(fromBinary, ["a"])).toThrow(/featureNames must have numFeature = 29/);
  });

  it("reads XGBoost 2.x/3.x vector base_score", () => {
    const v3 = xgbJson.replace(/"base_score":"([^"]*)"/, '"base_score":"[$1]"');
    expect(fromXgboostJson(v3).baseScore).toBe(fromXgboostJson(xgbJson).baseScore);
  });

  it("rejects malformed models naming the field", () => {
    expect(() => fromXgboostJson("{")).toThrow(/does not parse/);
    expect(() => fromXgboostJson('{"learner":{}}')).toThrow(/learner\.feature_names|learner\.gradient_booster/);
    const broken = xgbJson.replace('"num_nodes":"', '"num_nodes":"9');
    expect(() => fromXgboostJson(broken)).toThrow(/every node array must have num_nodes/);
  });
});
