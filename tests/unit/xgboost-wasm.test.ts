import { beforeAll, describe, expect, it } from "vitest";
import { countTrees, keepFirstTrees, readBaseScore, shiftBaseScore } from "../../lib/ml/legacy-binary-edit";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { parseTrainParams, resolveTrainParams, toXgboostParams } from "../../lib/ml/params";
import { predictMargin, predictProba } from "../../lib/ml/predict";
import { stratifiedSplit } from "../../lib/ml/split";
import { trainModel } from "../../lib/ml/trainer";
import { loadXgboost, XgboostBooster, XgboostError, type XgboostRuntime } from "../../lib/ml/xgboost-wasm";

const P = 29;

/** Structured random data: label depends on a few features plus noise; some NaN (missing). */
function makeData(n: number, seed = 1, missingEvery = 0): { X: Float64Array; y: Uint8Array } {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const X = new Float64Array(n * P);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < P; j++) {
      const v = Math.round(rnd() * 1000) / 100;
      X[i * P + j] = v;
      if (j < 4) z += (v - 5) * (j + 1) * 0.3;
    }
    y[i] = z + (rnd() - 0.5) * 6 > 1 ? 1 : 0;
    if (missingEvery && i % missingEvery === 0) X[i * P + (i % 4)] = Number.NaN;
  }
  return { X, y };
}

const params = (over: Record<string, unknown> = {}, y: ArrayLike<number> = [0, 1]) =>
  toXgboostParams(resolveTrainParams(parseTrainParams({ scalePosWeight: 1, ...over }), y, Array.from({ length: y.length }, (_, i) => i)));

describe("ml-xgboost wrapper", () => {
  let rt: XgboostRuntime;
  beforeAll(async () => {
    rt = await loadXgboost();
  });

  it("chunked training is byte-identical to one call", () => {
    const { X, y } = makeData(3000);
    const p = params();
    const one = XgboostBooster.create(rt, { X, y, nRows: 3000, nCols: P, params: p });
    one.trainRounds(40);
    const chunked = XgboostBooster.create(rt, { X, y, nRows: 3000, nCols: P, params: p });
    for (let i = 0; i < 4; i++) chunked.trainRounds(10);
    const a = one.save();
    const b = chunked.save();
    expect(countTrees(a)).toBe(40);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    // Early-stopping truncation = training fewer rounds, byte for byte.
    const short = XgboostBooster.create(rt, { X, y, nRows: 3000, nCols: P, params: p });
    short.trainRounds(17);
    expect(Buffer.from(keepFirstTrees(a, 17)).equals(Buffer.from(short.save()))).toBe(true);
    for (const b2 of [one, chunked, short]) b2.dispose();
  });

  it("trains on more than 50,000 rows (heap buffers, no stack limit)", () => {
    const n = 60_000;
    const { X, y } = makeData(n, 3);
    const b = XgboostBooster.create(rt, { X, y, nRows: n, nCols: P, params: params({ maxDepth: 3, subsample: 1 }) });
    b.trainRounds(3);
    const e = parseLegacyBinary(b.save());
    expect(e.trees.length).toBe(3);
    // The root split covers every training row (cover = Σ hessian = n · 0.25 at p = 0.5).
    expect(e.trees[0]!.cover[0]).toBeCloseTo(n * 0.25, -1);
    b.dispose();
  });

  it("TS predictions from parseLegacyBinary + predictMargin equal ml-xgboost's own predict (NaN → missing)", () => {
    const { X, y } = makeData(2000, 5, 7);
    const b = XgboostBooster.create(rt, { X, y, nRows: 2000, nCols: P, params: params({ maxDepth: 4 }) });
    b.trainRounds(30);
    const bytes = b.save();
    const rows = 300;
    const Xs = X.subarray(0, rows * P);
    const theirs = b.predict(Xs, rows);
    const ours = predictProba(parseLegacyBinary(bytes), Xs, rows, P);
    let maxDiff = 0;
    for (let i = 0; i < rows; i++) maxDiff = Math.max(maxDiff, Math.abs(theirs[i]! - ours[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
    // The same through a model re-loaded from bytes.
    const loaded = XgboostBooster.load(rt, bytes, P);
    expect(Array.from(loaded.predict(Xs, 5))).toEqual(Array.from(theirs.subarray(0, 5)));
    loaded.dispose();
    b.dispose();
  });

  it("base_score shift moves every margin by the same amount", () => {
    const { X, y } = makeData(500, 9);
    const b = XgboostBooster.create(rt, { X, y, nRows: 500, nCols: P, params: params({ maxDepth: 2 }) });
    b.trainRounds(5);
    const bytes = b.save();
    b.dispose();
    expect(Math.abs(readBaseScore(bytes))).toBe(0); // base_score 0.5 in margin form
    const shifted = shiftBaseScore(bytes, -0.75);
    const m0 = predictMargin(parseLegacyBinary(bytes), X, 20, P);
    const m1 = predictMargin(parseLegacyBinary(shifted), X, 20, P);
    for (let i = 0; i < 20; i++) expect(m1[i]! - m0[i]!).toBeCloseTo(-0.75, 6);
  });

  it("validates input and turns wasm failures into Errors with a message", () => {
    const { X, y } = makeData(100);
    expect(() => XgboostBooster.create(rt, { X, y, nRows: 99, nCols: P, params: {} })).toThrow(/nRows/);
    const bad = XgboostBooster.create(rt, { X, y, nRows: 100, nCols: P, params: { ...params(), max_depth: "abc" } });
    expect(() => bad.trainRounds(1)).toThrow(XgboostError);
    expect(() => bad.trainRounds(1)).toThrow(/unusable|max_depth/);
  });
});

describe("training worker", () => {
  it("trains in a worker thread with progress and early stopping that keeps the best trees", async () => {
    const { X, y } = makeData(1500, 11);
    const split = stratifiedSplit(y, 42);
    const p = resolveTrainParams(parseTrainParams({ rounds: 300, eta: 0.3, earlyStoppingRounds: 10 }), y, split.train);
    const progress: number[] = [];
    const r = await trainModel(
      { X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params: p },
      { onProgress: (e) => progress.push(e.round) },
    );
    expect(r.stoppedEarly).toBe(true);
    expect(r.roundsTrained).toBeLessThan(300);
    expect(progress[0]).toBe(10);
    const e = parseLegacyBinary(r.modelBytes);
    expect(e.trees.length).toBe(r.bestIteration);
    const best = r.learningCurve.reduce((a, b) => (b.validLogloss < a.validLogloss ? b : a));
    expect(best.round).toBe(r.bestIteration);
    expect(r.learningCurve.length).toBeGreaterThanOrEqual(r.bestIteration + 10);
    // Prior correction for scale_pos_weight: base_score carries −ln w.
    expect(r.baseScoreShift).toBeCloseTo(-Math.log(p.scalePosWeight), 12);
    expect(e.baseScore).toBeCloseTo(r.baseScoreShift, 6);
  });

  it("reports bad parameters from the worker as an error", async () => {
    const { X, y } = makeData(300, 13);
    const split = stratifiedSplit(y, 1);
    const p = { ...resolveTrainParams(parseTrainParams({ rounds: 5 }), y, split.train), treeMethod: "nope" as "hist" };
    await expect(trainModel({ X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params: p })).rejects.toThrow(/tree_method|nope/);
  });

  it("can be aborted", async () => {
    const { X, y } = makeData(3000, 17);
    const split = stratifiedSplit(y, 1);
    const p = resolveTrainParams(parseTrainParams({ rounds: 2000, earlyStoppingRounds: 0 }), y, split.train);
    const ac = new AbortController();
    const run = trainModel({ X, y, nCols: P, trainIdx: split.train, validIdx: split.valid, params: p }, { signal: ac.signal, onProgress: () => ac.abort() });
    await expect(run).rejects.toThrow(/aborted/);
  });
});
