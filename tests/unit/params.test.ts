import { describe, expect, it } from "vitest";
import { DEFAULT_TRAIN_PARAMS, LARGE_TRAINING_ROWS, ParamsError, parseTrainParams, resolveTrainParams, SIZE_DEFAULTS, toXgboostParams } from "../../lib/ml/params";
import { parseStartTrainingInput, TrainingInputError } from "../../lib/ml/training-service";

describe("training parameters", () => {
  it("defaults", () => {
    expect(DEFAULT_TRAIN_PARAMS).toEqual({
      rounds: 800,
      subsample: 0.8,
      colsampleBytree: 0.8,
      minChildWeight: 1,
      lambda: 1,
      treeMethod: "hist",
      scalePosWeight: "auto",
      seed: 42,
    });
  });

  it("maxDepth, eta and early stopping default by the size of the training split; given values win", () => {
    const labels = new Uint8Array(LARGE_TRAINING_ROWS).map((_, i) => i % 3 === 0 ? 1 : 0);
    const rows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
    const small = resolveTrainParams(DEFAULT_TRAIN_PARAMS, labels, rows(LARGE_TRAINING_ROWS - 1));
    const large = resolveTrainParams(DEFAULT_TRAIN_PARAMS, labels, rows(LARGE_TRAINING_ROWS));
    expect(small).toMatchObject(SIZE_DEFAULTS.small);
    expect(large).toMatchObject(SIZE_DEFAULTS.large);
    expect(SIZE_DEFAULTS.small).not.toEqual(SIZE_DEFAULTS.large);
    expect(resolveTrainParams(parseTrainParams({ maxDepth: 5, eta: 0.3, earlyStoppingRounds: 0 }), labels, rows(LARGE_TRAINING_ROWS))).toMatchObject({ maxDepth: 5, eta: 0.3, earlyStoppingRounds: 0 });
  });

  it.each([
    [{ rounds: 0 }, "rounds", "1..2000"],
    [{ rounds: 2001 }, "rounds", "1..2000"],
    [{ rounds: 1.5 }, "rounds", "1..2000"],
    [{ maxDepth: 13 }, "maxDepth", "1..10"],
    [{ maxDepth: 11, rounds: 1 }, "maxDepth", "1..10"],
    [{ eta: 0 }, "eta", "0.001..1"],
    [{ subsample: 1.2 }, "subsample", "0.1..1"],
    [{ colsampleBytree: 0.05 }, "colsampleBytree", "0.1..1"],
    [{ minChildWeight: -1 }, "minChildWeight", "0..100"],
    [{ lambda: 101 }, "lambda", "0..100"],
    [{ treeMethod: "gpu_hist" }, "treeMethod", "hist | exact | approx"],
    [{ earlyStoppingRounds: 501 }, "earlyStoppingRounds", "0..500"],
    [{ scalePosWeight: 0 }, "scalePosWeight", "0.01..100"],
    [{ seed: -1 }, "seed", "0..2147483647"],
    [{ eta: "0.1" }, "eta", "0.001..1"],
  ])("rejects %j naming the field and its range", (input, field, range) => {
    let err: unknown;
    try {
      parseTrainParams(input);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamsError);
    expect((err as ParamsError).field).toBe(field);
    expect((err as Error).message).toContain(field);
    expect((err as Error).message).toContain(range);
  });

  it("caps rounds × 2^maxDepth × maxDepth (TreeSHAP's worst case), naming rounds and the most allowed", () => {
    expect(parseTrainParams({ maxDepth: 6, rounds: 341 }).rounds).toBe(341);
    expect(parseTrainParams({ maxDepth: 10, rounds: 12 }).maxDepth).toBe(10);
    expect(parseTrainParams({ maxDepth: 4, rounds: 2000 }).rounds).toBe(2000);
    let err: unknown;
    try {
      parseTrainParams({ maxDepth: 6, rounds: 342 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParamsError);
    expect((err as ParamsError).field).toBe("rounds");
    expect((err as Error).message).toMatch(/131072.*maxDepth 6 at most 341 rounds/);
    // The attack from the audit: 2,000 rounds of depth 12 is refused on depth alone.
    expect(() => parseTrainParams({ rounds: 2000, maxDepth: 12 })).toThrow(/maxDepth.*1\.\.10/);
  });

  it("rejects unknown fields by name", () => {
    expect(() => parseTrainParams({ max_depth: 3 })).toThrow(/max_depth/);
  });

  it("auto scalePosWeight = negatives / positives of the training rows", () => {
    const labels = [1, 0, 0, 0, 1, 0, 0, 1];
    const r = resolveTrainParams(parseTrainParams({}), labels, [0, 1, 2, 3, 4, 5]);
    expect(r.scalePosWeight).toBe(2);
    expect(r.scalePosWeightAuto).toBe(true);
    expect(resolveTrainParams(parseTrainParams({ scalePosWeight: 1 }), labels, [0, 1]).scalePosWeight).toBe(1);
  });

  it("sets every XGBoost parameter explicitly (subsample is not left at ml-xgboost's 0.5)", () => {
    const x = toXgboostParams(resolveTrainParams(parseTrainParams({ maxDepth: 3 }), [1, 0], [0, 1]));
    expect(x).toMatchObject({
      objective: "binary:logistic",
      max_depth: "3",
      eta: "0.05",
      subsample: "0.8",
      colsample_bytree: "0.8",
      min_child_weight: "1",
      lambda: "1",
      tree_method: "hist",
      scale_pos_weight: "1",
      seed: "42",
    });
  });

  it("API input: GraphQL nulls ignored, trainSeed is the training seed, dataset fields regenerate", () => {
    const r = parseStartTrainingInput({ rounds: 50, trainSeed: 7, eta: null, nCustomers: 500 });
    expect(r.params).toMatchObject({ rounds: 50, seed: 7 });
    expect(r.params.eta).toBeUndefined();
    expect(r.regenerate).toEqual({ customers: 500, weeks: 12, seed: 42, churnRate: 0.3 });
    expect(parseStartTrainingInput({}).regenerate).toBeNull();
    expect(() => parseStartTrainingInput({ nCustomers: 5 })).toThrow(TrainingInputError);
    expect(() => parseStartTrainingInput({ maxDepth: 99 })).toThrow(/maxDepth.*1\.\.10/);
  });
});
