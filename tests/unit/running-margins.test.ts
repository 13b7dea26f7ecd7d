import { describe, expect, it } from "vitest";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { parseTrainParams, resolveTrainParams } from "../../lib/ml/params";
import { predictProba } from "../../lib/ml/predict";
import { RunningMargins } from "../../lib/ml/running-margins";
import { stratifiedSplit } from "../../lib/ml/split";
import { trainModel } from "../../lib/ml/trainer";
import { logisticRows } from "../support/logistic-rows";

const P = 6;

/** A noisy signal, so early stopping ends the run well before its ceiling. */
const makeData = (n: number, seed: number) => logisticRows({ n, seed, cols: P, weights: [0.5, 0.3], noise: 6, cut: 0 });

async function trainWithRunning(earlyStoppingRounds: number, maxVisits = Number.POSITIVE_INFINITY) {
  const { X, y } = makeData(3000, 11);
  const split = stratifiedSplit(y, 4);
  const params = resolveTrainParams(parseTrainParams({ rounds: 300, maxDepth: 3, eta: 0.3, earlyStoppingRounds }), y, split.train);
  const running = new RunningMargins({ X, nRows: y.length, nCols: P, numFeature: P, maxVisits });
  let offers = 0;
  let lastSettled = 0;
  let settledShrank = false;
  const result = await trainModel(
    { X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params, chunkRounds: 10 },
    {
      onTrees: (trees, from, settled) => {
        offers++;
        // An expect here would be swallowed: the trainer shields training from its listeners.
        if (settled < lastSettled) settledShrank = true;
        lastSettled = settled;
        running.offer(trees, from, settled);
      },
    },
  );
  const model = parseLegacyBinary(result.modelBytes);
  expect(settledShrank).toBe(false);
  return { X, y, result, model, running, offers, lastSettled };
}

describe("running margins built while the model trains", () => {
  it("give the same bits as predicting with the final model, with early stopping dropping the last trees", async () => {
    const { X, y, result, model, running, offers, lastSettled } = await trainWithRunning(10);
    expect(result.stoppedEarly).toBe(true);
    expect(result.roundsTrained).toBeGreaterThan(model.trees.length);
    expect(offers).toBeGreaterThan(1);
    // Nothing past the kept trees was ever settled.
    expect(lastSettled).toBeLessThanOrEqual(model.trees.length);
    const got = await running.probabilities(model);
    const want = predictProba(model, X, y.length, P);
    expect(got).not.toBeNull();
    expect(Array.from(got!)).toEqual(Array.from(want));
  });

  it("give the same bits without early stopping (every tree settles as it comes)", async () => {
    const { X, y, result, model, running, lastSettled } = await trainWithRunning(0);
    expect(result.roundsTrained).toBe(300);
    expect(lastSettled).toBe(300);
    const got = await running.probabilities(model);
    expect(Array.from(got!)).toEqual(Array.from(predictProba(model, X, y.length, P)));
  });

  it("give up past their visit budget, so the caller predicts elsewhere", async () => {
    const { model, running } = await trainWithRunning(0, 3000 * 50);
    expect(await running.probabilities(model)).toBeNull();
    expect(running.gaveUp).toBe(true);
  });
});
