/**
 * An imported model is matched to the dataset's features by name: a model trained on the same
 * columns in another order scores exactly like the original (it used to be applied by position
 * and scored silently wrong), and a model with a column the product lacks is refused.
 */
import { describe, expect, it } from "vitest";
import { FEATURE_KEYS } from "../../lib/data/catalog";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { predictMargin } from "../../lib/ml/predict";
import { matchFeaturesByName } from "../../lib/ml/training-service";
import { loadGolden, goldenModelBytes } from "../fixtures/golden/golden";

describe("imported model features matched by name", () => {
  const g = loadGolden();
  const model = parseLegacyBinary(goldenModelBytes());
  const catalog = { ...model, featureNames: [...FEATURE_KEYS] };

  it("a model whose columns come in another order is remapped and scores like the original", () => {
    // The same model as a tool that saw the columns reversed would have written it.
    const reversed = [...FEATURE_KEYS].reverse();
    const shuffled = {
      ...model,
      featureNames: reversed,
      trees: model.trees.map((t) => ({ ...t, splitIndex: Int32Array.from(t.splitIndex, (j, k) => (t.isLeaf[k] ? j : FEATURE_KEYS.length - 1 - j)) })),
    };
    const byPosition = predictMargin(shuffled, g.X, g.nRows, g.nCols);
    const expected = predictMargin(catalog, g.X, g.nRows, g.nCols);
    // Applied by position it would be wrong …
    expect(Array.from(byPosition)).not.toEqual(Array.from(expected));
    // … matched by name it is exactly the original.
    const matched = matchFeaturesByName(shuffled);
    expect(matched.featureNames).toEqual([...FEATURE_KEYS]);
    expect(Array.from(predictMargin(matched, g.X, g.nRows, g.nCols))).toEqual(Array.from(expected));
  });

  it("refuses a model with a feature the dataset does not have, naming it", () => {
    const names = [...FEATURE_KEYS];
    names[3] = "wealth_score";
    expect(() => matchFeaturesByName({ ...model, featureNames: names })).toThrow(/wealth_score/);
  });

  it("leaves a model in catalog order (or without names) as it is", () => {
    expect(matchFeaturesByName(catalog)).toBe(catalog);
    expect(matchFeaturesByName({ ...model, featureNames: undefined })).toBeDefined();
  });
});
