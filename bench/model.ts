/**
 * Model-engine figures on structured synthetic data (29 columns, some missing; bench/shap.ts):
 *  - train: the training worker's whole job against its boosting time (worker overhead), and
 *    native XGBoost 1.7 `hist` on the same rows and parameters when /usr/bin/python3 has it;
 *  - predict: the TypeScript margin predictor's rows/s, and XGBoost's own predict on the same model;
 *  - score: margins / + TreeSHAP in a worker thread (scoreInWorker): wall time, rows/s and the
 *    longest event-loop stall on the main thread meanwhile;
 *  - caps: TreeSHAP of 3,000 rows in the worker for the worst models params.ts allows
 *    (complete trees at rounds × 2^depth × depth = MAX_SHAP_COST).
 * Standalone: `npx tsx bench/model.ts [train] [predict] [score] [caps]` (all without arguments);
 * `npm run bench -- engine` runs them all.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Random } from "../lib/data/random";
import { allocateTree, type Tree, type TreeEnsemble } from "../lib/ml/ensemble";
import { parseLegacyBinary } from "../lib/ml/model-binary";
import { MAX_SHAP_COST, resolveTrainParams, toXgboostParams, trainParamsSchema, type ResolvedTrainParams } from "../lib/ml/params";
import { predictMargin } from "../lib/ml/predict";
import { scoreInWorker } from "../lib/ml/score-in-worker";
import { trainModel } from "../lib/ml/trainer";
import { makeData, trainWithMlXgboost } from "./shap";

const PYTHON = "/usr/bin/python3";
const N_COLS = 29;

export function hasPythonXgboost(): boolean {
  return spawnSync(PYTHON, ["-c", "import xgboost"], { stdio: "ignore" }).status === 0;
}

/**
 * Runs `code` with /usr/bin/python3 (its argv[1] = a temp dir holding the named binary inputs)
 * and returns the last line of stdout (XGBoost may print warnings first); `read` sees the dir
 * before it is removed.
 */
function python(code: string, files: Record<string, Uint8Array>, args: string[] = [], read?: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "model-bench-"));
  try {
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const out = execFileSync(PYTHON, ["-c", code, dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 26 });
    read?.(dir);
    return out.trim().split("\n").pop() ?? "";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bytesOf = (a: Float64Array | Int32Array | Float32Array | Uint8Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const PY_TRAIN = `
import sys, json, time, numpy as np, xgboost as xgb
d, n, c, rounds, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
X = np.fromfile(d + '/X.f64', dtype='<f8').reshape(n, c)
y = np.fromfile(d + '/y.u8', dtype='u1').astype('f4')
tr = np.fromfile(d + '/train.i32', dtype='<i4')
params = json.load(open(d + '/params.json'))
params.pop('silent', None)
params['nthread'] = threads
dm = xgb.DMatrix(X[tr], label=y[tr], missing=np.nan, nthread=threads)
t0 = time.perf_counter()
xgb.train(params, dm, num_boost_round=rounds)
print((time.perf_counter() - t0) * 1000)
`;

export interface TrainBenchRow {
  rows: number;
  rounds: number;
  maxDepth: number;
  /** trainModel call: worker start-up, data transfer, job, result. */
  wallMs: number;
  /** Whole worker job (trainMs) and the ml-xgboost boosting calls inside it (boostMs). */
  workerMs: number;
  boostMs: number;
  /** (workerMs − boostMs) / boostMs. */
  overhead: number;
  /** Where the overhead went (train-protocol.ts). */
  overheadMs: { prepare: number; save: number; evaluate: number };
  /** Process CPU time of the job and of its boosting calls: steadier than wall time on a shared machine. */
  cpuMs: { job: number; boost: number };
  xgboost1ThreadMs: number | null;
  xgboost2ThreadsMs: number | null;
}

/** One training run through the worker, 80/20 train/validation split, no early stopping. */
export async function benchTrainWorker(nRows: number, rounds = 200, maxDepth = 5): Promise<TrainBenchRow> {
  const { X, y } = makeData(nRows, N_COLS, 5);
  const labels = Uint8Array.from(y);
  const nTrain = Math.floor(nRows * 0.8);
  const trainIdx = Int32Array.from({ length: nTrain }, (_, i) => i);
  const validIdx = Int32Array.from({ length: nRows - nTrain }, (_, i) => nTrain + i);
  const base = trainParamsSchema.parse({ rounds, maxDepth, eta: 0.1, earlyStoppingRounds: 0, scalePosWeight: 1 });
  const params: ResolvedTrainParams = resolveTrainParams(base, labels, trainIdx);
  const t0 = performance.now();
  const r = await trainModel({ X, y: labels, nCols: N_COLS, trainIdx, validIdx, params });
  const wallMs = performance.now() - t0;
  let xgboost1ThreadMs: number | null = null;
  let xgboost2ThreadsMs: number | null = null;
  if (hasPythonXgboost()) {
    const files = { "X.f64": bytesOf(X), "y.u8": labels, "train.i32": bytesOf(trainIdx), "params.json": new TextEncoder().encode(JSON.stringify(toXgboostParams(params))) };
    xgboost1ThreadMs = Number(python(PY_TRAIN, files, [String(nRows), String(N_COLS), String(rounds), "1"]));
    xgboost2ThreadsMs = Number(python(PY_TRAIN, files, [String(nRows), String(N_COLS), String(rounds), "2"]));
  }
  return {
    rows: nRows,
    rounds,
    maxDepth,
    wallMs,
    workerMs: r.trainMs,
    boostMs: r.boostMs,
    overhead: (r.trainMs - r.boostMs) / r.boostMs,
    overheadMs: r.overheadMs,
    cpuMs: r.cpuMs,
    xgboost1ThreadMs,
    xgboost2ThreadsMs,
  };
}

export function formatTrainRows(rows: TrainBenchRow[]): Record<string, string | number>[] {
  const f = (v: number | null) => (v === null ? "—" : Math.round(v));
  return rows.map((r) => ({
    "rows × 29": r.rows,
    "rounds / depth": `${r.rounds} / ${r.maxDepth}`,
    "trainModel wall ms": f(r.wallMs),
    "worker job ms": f(r.workerMs),
    "boosting ms": f(r.boostMs),
    "worker overhead": `${(r.overhead * 100).toFixed(1)}%`,
    "  prepare / save+parse / evaluate ms": `${f(r.overheadMs.prepare)} / ${f(r.overheadMs.save)} / ${f(r.overheadMs.evaluate)}`,
    "CPU job / boosting ms": `${f(r.cpuMs.job)} / ${f(r.cpuMs.boost)}`,
    "overhead by CPU": `${((r.cpuMs.job / r.cpuMs.boost - 1) * 100).toFixed(1)}%`,
    "XGBoost 1.7 hist, 1 thread ms": f(r.xgboost1ThreadMs),
    "XGBoost 1.7 hist, 2 threads ms": f(r.xgboost2ThreadsMs),
    "boosting / XGBoost (1 thread)": r.xgboost1ThreadMs ? (r.boostMs / r.xgboost1ThreadMs).toFixed(2) : "—",
  }));
}

const PY_PREDICT = `
import sys, time, numpy as np, xgboost as xgb
d, n, c, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(d + '/X.f64', dtype='<f8').reshape(n, c)
bst = xgb.Booster(model_file=d + '/model.bin')
bst.set_param({'nthread': threads})
best = 1e30
for _ in range(5):
    # A fresh DMatrix each time: XGBoost caches the predictions of a DMatrix it has seen.
    dm = xgb.DMatrix(X, missing=np.nan, nthread=threads)
    t0 = time.perf_counter()
    m = bst.predict(dm, output_margin=True)
    best = min(best, time.perf_counter() - t0)
m.astype('<f8').tofile(d + '/margin.f64')
print(best * 1000)
`;

/** The reference model (200 trees, depth 5, ml-xgboost hist) on 3,000 × 29 rows. */
function referenceModel(): Uint8Array {
  const { X, y } = makeData(3000, N_COLS, 11);
  return trainWithMlXgboost(X, y, 3000, N_COLS, 200, 5);
}

export interface PredictBench {
  rows: number;
  trees: number;
  tsMs: number;
  tsRowsPerSec: number;
  xgboost1ThreadMs: number | null;
  xgboost2ThreadsMs: number | null;
  maxAbsDiffVsXgboost: number | null;
}

/** TS margins for 100,000 rows (best CPU time of 5) against XGBoost 1.7's predict(output_margin). */
export function benchPredict(model: Uint8Array, nRows = 100_000): PredictBench {
  const e = parseLegacyBinary(model);
  const { X } = makeData(nRows, N_COLS, 12);
  const out = new Float64Array(nRows);
  let tsMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 5; k++) {
    const c0 = process.cpuUsage();
    predictMargin(e, X, nRows, N_COLS, out);
    const c = process.cpuUsage(c0);
    tsMs = Math.min(tsMs, (c.user + c.system) / 1000);
  }
  let xgboost1ThreadMs: number | null = null;
  let xgboost2ThreadsMs: number | null = null;
  let maxAbsDiffVsXgboost: number | null = null;
  if (hasPythonXgboost()) {
    const files = { "X.f64": bytesOf(X), "model.bin": model };
    const args = (threads: number) => [String(nRows), String(N_COLS), String(threads)];
    xgboost1ThreadMs = Number(python(PY_PREDICT, files, args(1)));
    xgboost2ThreadsMs = Number(
      python(PY_PREDICT, files, args(2), (dir) => {
        const buf = readFileSync(join(dir, "margin.f64"));
        const ref = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
        let worst = 0;
        for (let r = 0; r < nRows; r++) worst = Math.max(worst, Math.abs(out[r] - ref[r]));
        maxAbsDiffVsXgboost = worst;
      }),
    );
  }
  return { rows: nRows, trees: e.trees.length, tsMs, tsRowsPerSec: (nRows / tsMs) * 1000, xgboost1ThreadMs, xgboost2ThreadsMs, maxAbsDiffVsXgboost };
}

export interface ScoreBench {
  rows: number;
  withShap: boolean;
  wallMs: number;
  prepareMs: number;
  computeMs: number;
  rowsPerSec: number;
  progressReports: number;
  /** Longest gap between 5 ms timer ticks on the main thread while the job ran. */
  maxLoopStallMs: number;
}

/** scoreInWorker on `rows` rows of the reference model, timing the caller's event loop meanwhile. */
export async function benchScore(model: Uint8Array | TreeEnsemble, nRows: number, withShap: boolean, nCols = N_COLS): Promise<ScoreBench> {
  const { X } = makeData(nRows, nCols, 13);
  let last = performance.now();
  let maxLoopStallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLoopStallMs = Math.max(maxLoopStallMs, now - last - 5);
    last = now;
  }, 5);
  let progressReports = 0;
  const t0 = performance.now();
  try {
    const r = await scoreInWorker({
      model: model instanceof Uint8Array ? { modelBytes: model } : { ensemble: model },
      X,
      nRows,
      nCols,
      withShap,
      onProgress: () => progressReports++,
    });
    const wallMs = performance.now() - t0;
    return { rows: nRows, withShap, wallMs, prepareMs: r.prepareMs, computeMs: r.computeMs, rowsPerSec: (nRows / r.computeMs) * 1000, progressReports, maxLoopStallMs };
  } finally {
    clearInterval(timer);
  }
}

/** A complete tree of the given depth: every leaf at the bottom, the worst case for TreeSHAP. */
function completeTree(depth: number, rng: Random): Tree {
  const n = (1 << (depth + 1)) - 1;
  const t = allocateTree(n);
  for (let k = 0; k < n; k++) {
    t.cover[k] = 1000 / 2 ** Math.floor(Math.log2(k + 1));
    if (k >= (1 << depth) - 1) {
      t.isLeaf[k] = 1;
      t.leafValue[k] = rng.next() - 0.5;
    } else {
      t.left[k] = 2 * k + 1;
      t.right[k] = 2 * k + 2;
      t.splitIndex[k] = Math.floor(rng.next() * N_COLS);
      t.splitCondition[k] = Math.fround(rng.next() * 2 - 1);
      t.defaultLeft[k] = rng.next() < 0.5 ? 1 : 0;
    }
  }
  return t;
}

/** The largest model the training caps allow at each depth, explained for 3,000 rows in the worker. */
export async function benchCaps(depths = [10, 8, 6, 4]): Promise<Record<string, string | number>[]> {
  const rng = new Random(7);
  const out: Record<string, string | number>[] = [];
  for (const depth of depths) {
    const rounds = Math.min(2000, Math.floor(MAX_SHAP_COST / (2 ** depth * depth)));
    const e: TreeEnsemble = { numFeature: N_COLS, baseScore: 0, objective: "binary:logistic", trees: Array.from({ length: rounds }, () => completeTree(depth, rng)) };
    const r = await benchScore(e, 3000, true);
    out.push({
      maxDepth: depth,
      "most rounds allowed": rounds,
      "leaves × depth": rounds * 2 ** depth * depth,
      "TreeSHAP 3,000 rows in the worker, wall ms": Math.round(r.wallMs),
      "  of which tables ms": Math.round(r.prepareMs),
      "main-thread max stall ms": Math.round(r.maxLoopStallMs),
    });
  }
  return out;
}

/** Everything above, printed; `npm run bench -- engine`. */
export async function runEngineBench(parts: string[] = []): Promise<void> {
  const want = (s: string) => parts.length === 0 || parts.includes(s);
  // Wall times on these shared 2-core machines depend on what else runs: say so next to them.
  console.log(`\nload average at start: ${loadavg().map((v) => v.toFixed(1)).join(" / ")} (1 / 5 / 15 min, 2 cores)`);
  if (want("train")) {
    const rows = [await benchTrainWorker(3000), await benchTrainWorker(100_000)];
    console.log("\n## Training worker: 200 rounds, depth 5, hist, 80/20 split\n");
    console.table(formatTrainRows(rows));
  }
  const model = want("predict") || want("score") ? referenceModel() : null;
  if (model && want("predict")) {
    const p = benchPredict(model);
    const f = (v: number | null) => (v === null ? "—" : Math.round(v));
    console.log(`\n## Margin predictor: ${p.trees} trees depth 5, ${p.rows.toLocaleString("en")} rows × 29 (best of 5)\n`);
    console.table({
      "TS predictMargin ms (CPU)": f(p.tsMs),
      "TS rows/s": f(p.tsRowsPerSec),
      "XGBoost 1.7 predict, 1 thread ms": f(p.xgboost1ThreadMs),
      "XGBoost 1.7 rows/s, 1 thread": p.xgboost1ThreadMs ? f((p.rows / p.xgboost1ThreadMs) * 1000) : "—",
      "XGBoost 1.7 predict, 2 threads ms": f(p.xgboost2ThreadsMs),
      "XGBoost 1.7 rows/s, 2 threads": p.xgboost2ThreadsMs ? f((p.rows / p.xgboost2ThreadsMs) * 1000) : "—",
      "max |TS − XGBoost| margin": p.maxAbsDiffVsXgboost?.toExponential(2) ?? "—",
    });
  }
  if (model && want("score")) {
    const rows = [await benchScore(model, 200_000, false), await benchScore(model, 20_000, true)];
    console.log("\n## scoreInWorker: reference model (200 trees depth 5), wall includes worker start-up\n");
    console.table(
      rows.map((r) => ({
        rows: r.rows,
        SHAP: r.withShap ? "yes (margins from TreeSHAP)" : "no",
        "wall ms": Math.round(r.wallMs),
        "model + tables ms": Math.round(r.prepareMs),
        "compute ms": Math.round(r.computeMs),
        "rows/s (compute)": Math.round(r.rowsPerSec),
        "progress reports": r.progressReports,
        "main-thread max stall ms": Math.round(r.maxLoopStallMs),
      })),
    );
  }
  if (want("caps")) {
    console.log(`\n## Caps: worst-case models at rounds × 2^maxDepth × maxDepth = ${MAX_SHAP_COST} (complete trees)\n`);
    console.table(await benchCaps());
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runEngineBench(process.argv.slice(2));
  process.exit(0);
}
