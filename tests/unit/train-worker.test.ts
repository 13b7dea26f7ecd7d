import { describe, expect, it } from "vitest";
import { keepFirstTrees } from "../../lib/ml/legacy-binary-edit";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { parseTrainParams, resolveTrainParams } from "../../lib/ml/params";
import { predictMargin } from "../../lib/ml/predict";
import { stratifiedSplit } from "../../lib/ml/split";
import { trainModel } from "../../lib/ml/trainer";
import { logisticRows } from "../support/logistic-rows";

const P = 8;

const makeData = (n: number, seed: number) => logisticRows({ n, seed, cols: P, weights: [0.6, 0.4], noise: 4, cut: 0.5 });

function rowsOf(X: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * P);
  idx.forEach((r, k) => {
    for (let j = 0; j < P; j++) out[k * P + j] = X[r * P + j] === -1 ? NaN : X[r * P + j];
  });
  return out;
}

function logLoss(y: ArrayLike<number>, margin: Float64Array): number {
  let s = 0;
  for (let i = 0; i < margin.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, 1 / (1 + Math.exp(-margin[i]))));
    s -= y[i] ? Math.log(p) : Math.log(1 - p);
  }
  return s / margin.length;
}

describe("training worker, incremental evaluation", () => {
  it("parses only the appended trees when asked, equal to the tail of a full parse", async () => {
    const { X, y } = makeData(600, 3);
    const split = stratifiedSplit(y, 1);
    const params = resolveTrainParams(parseTrainParams({ rounds: 12, maxDepth: 3, earlyStoppingRounds: 0 }), y, split.train);
    const r = await trainModel({ X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params });
    const full = parseLegacyBinary(r.modelBytes);
    const tail = parseLegacyBinary(r.modelBytes, { fromTree: 7 });
    expect(tail.trees.length).toBe(5);
    expect(tail.baseScore).toBe(full.baseScore);
    tail.trees.forEach((t, i) => {
      expect(Array.from(t.splitCondition)).toEqual(Array.from(full.trees[7 + i].splitCondition));
      expect(Array.from(t.leafValue)).toEqual(Array.from(full.trees[7 + i].leafValue));
    });
  });

  it("every round's log loss equals scoring the first k trees from scratch, and progress reaches the last round", async () => {
    const { X, y } = makeData(2000, 5);
    const split = stratifiedSplit(y, 2);
    const params = resolveTrainParams(parseTrainParams({ rounds: 45, maxDepth: 4, eta: 0.2, earlyStoppingRounds: 0 }), y, split.train);
    const rounds: number[] = [];
    let points = 0;
    const r = await trainModel(
      { X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params, chunkRounds: 5 },
      { onProgress: (p) => (rounds.push(p.round), (points += p.points.length)) },
    );
    expect(rounds.at(-1)).toBe(45);
    for (let i = 1; i < rounds.length; i++) expect(rounds[i]).toBeGreaterThan(rounds[i - 1]);
    expect(points).toBe(45);
    expect(r.learningCurve.map((p) => p.round)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    const Xtr = rowsOf(X, split.train);
    const Xva = rowsOf(X, split.valid);
    const ytr = Array.from(split.train, (i) => y[i]);
    const yva = Array.from(split.valid, (i) => y[i]);
    // Running sums add trees one at a time onto base_score; a fresh score adds base_score last (and stores it as float32).
    for (const k of [1, 7, 23, 45]) {
      const e = parseLegacyBinary(keepFirstTrees(r.modelBytes, k));
      const point = r.learningCurve[k - 1];
      expect(Math.abs(point.trainLogloss - logLoss(ytr, predictMargin(e, Xtr, ytr.length, P)))).toBeLessThan(1e-9);
      expect(Math.abs(point.validLogloss - logLoss(yva, predictMargin(e, Xva, yva.length, P)))).toBeLessThan(1e-9);
    }
    // The last point carries AUC, and the worker says where its time went.
    expect(r.learningCurve[44].validAuc).toBeGreaterThan(0.5);
    expect(r.overheadMs.prepare).toBeGreaterThan(0);
    expect(r.trainMs).toBeGreaterThanOrEqual(r.boostMs);
  });
});
