import { describe, expect, it } from "vitest";
import { Random } from "../../lib/data/random";
import { InvalidEnsembleError } from "../../lib/ml/ensemble";
import { parseLegacyBinary } from "../../lib/ml/model-binary";
import { predictMargin } from "../../lib/ml/predict";
import { liveScoreWorkers, scoreInWorker } from "../../lib/ml/score-in-worker";
import { createTreeExplainer } from "../../lib/ml/treeshap";
import { goldenModelBytes, loadGolden } from "../fixtures/golden/golden";

const g = loadGolden();
const bytes = goldenModelBytes();
const e = parseLegacyBinary(bytes);

/** Golden rows resampled, with extra NaN (predict.ts: NaN is missing; −1 is an ordinary value here). */
function rows(n: number, nCols: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const X = new Float64Array(n * nCols);
  for (let r = 0; r < n; r++) {
    const src = Math.floor(rng.next() * g.nRows) * g.nCols;
    for (let c = 0; c < g.nCols; c++) X[r * nCols + c] = rng.next() < 0.1 ? NaN : g.X[src + c];
    for (let c = g.nCols; c < nCols; c++) X[r * nCols + c] = 99;
  }
  return X;
}

const same = (a: Float64Array, b: Float64Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe("scoreInWorker", () => {
  it("gives bit-identical margins and SHAP to the in-process predictor and explainer, with monotone progress to the total", async () => {
    const nRows = 700;
    const nCols = g.nCols + 1;
    const X = rows(nRows, nCols, 1);
    const progress: [number, number][] = [];
    const r = await scoreInWorker({ model: { modelBytes: bytes }, X, nRows, nCols, withShap: true, chunkRows: 300, onProgress: (d, t) => progress.push([d, t]) });
    const ex = createTreeExplainer(e);
    expect(same(r.margin, predictMargin(e, X, nRows, nCols))).toBe(true);
    expect(same(r.shap!, ex.explain(X, nRows, nCols).values)).toBe(true);
    expect(r.baseValue).toBe(ex.baseValue);
    expect(r.margin.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(progress.length).toBeGreaterThan(2);
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThan(progress[i - 1][0]);
    expect(progress.at(-1)).toEqual([nRows, nRows]);
    expect(liveScoreWorkers()).toBe(0);
  });

  it("takes a parsed ensemble too, and without SHAP returns margins only", async () => {
    const nRows = 300;
    const X = rows(nRows, g.nCols, 2);
    const r = await scoreInWorker({ model: { ensemble: e }, X, nRows, nCols: g.nCols, withShap: false });
    expect(same(r.margin, predictMargin(e, X, nRows, g.nCols))).toBe(true);
    expect(r.shap).toBeNull();
    expect(r.baseValue).toBeNull();
  });

  it("reads X in place when it lives in shared memory", async () => {
    const nRows = 400;
    const X = new Float64Array(new SharedArrayBuffer(nRows * g.nCols * 8));
    X.set(rows(nRows, g.nCols, 3));
    const r = await scoreInWorker({ model: { ensemble: e }, X, nRows, nCols: g.nCols, withShap: true, chunkRows: 150 });
    expect(same(r.shap!, createTreeExplainer(e).explain(X, nRows, g.nCols).values)).toBe(true);
  });

  it("a cancelled job rejects with an AbortError and its worker is gone", async () => {
    const nRows = 30_000;
    const X = rows(nRows, g.nCols, 4);
    const ac = new AbortController();
    const job = scoreInWorker({ model: { ensemble: e }, X, nRows, nCols: g.nCols, withShap: true, chunkRows: 5000, signal: ac.signal, onProgress: () => ac.abort() });
    expect(liveScoreWorkers()).toBe(1);
    await expect(job).rejects.toMatchObject({ name: "AbortError" });
    expect(liveScoreWorkers()).toBe(0);
    const pre = new AbortController();
    pre.abort();
    await expect(scoreInWorker({ model: { ensemble: e }, X, nRows, nCols: g.nCols, withShap: true, signal: pre.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("refuses a model beyond the limits with the typed error, and bad shapes before starting a worker", async () => {
    const X = rows(10, g.nCols, 5);
    const err = await scoreInWorker({ model: { modelBytes: bytes }, X, nRows: 10, nCols: g.nCols, withShap: true, limits: { maxTrees: 3 } }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(InvalidEnsembleError);
    expect((err as InvalidEnsembleError).problem).toBe("trees");
    expect(liveScoreWorkers()).toBe(0);
    await expect(scoreInWorker({ model: { ensemble: e }, X, nRows: 11, nCols: g.nCols, withShap: false })).rejects.toThrow(/X must hold nRows × nCols/);
    expect(liveScoreWorkers()).toBe(0);
  });
});
