/**
 * TreeSHAP / predict speed against XGBoost's own pred_contribs (1 thread).
 * Standalone: `npx tsx bench/shap.ts` trains a 200-tree depth-5 ml-xgboost model on
 * 3,000 × 29 structured data and prints the table.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseLegacyBinary } from "../lib/ml/model-binary";
import { predictMargin } from "../lib/ml/predict";
import { createTreeExplainer } from "../lib/ml/treeshap";
import { Random } from "../lib/data/random";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PYTHON = "/usr/bin/python3";

export interface ShapBench {
  rows: number;
  trees: number;
  tsPredictMs: number;
  tsExplainerPrepareMs: number;
  tsShapMs: number;
  /** CPU time of the same call; less sensitive than wall time when the machine is shared. */
  tsShapCpuMs: number;
  xgboostPredContribsMs: number | null;
  xgboostPredContribsCpuMs: number | null;
  /** XGBoost time / TS TreeSHAP time (> 1 means TS is faster). */
  speedup: number | null;
  maxAbsDiffVsXgboost: number | null;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeMs(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const PY_CONTRIBS = `
import sys, time, numpy as np, xgboost as xgb
model, xpath, outpath, n, c, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
X = np.fromfile(xpath, dtype='<f8').reshape(n, c)
bst = xgb.Booster(model_file=model)
bst.set_param({'nthread': 1})
dm = xgb.DMatrix(X, missing=np.nan, nthread=1)
times, cpu = [], []
for _ in range(reps):
    t0, c0 = time.perf_counter(), time.process_time()
    out = bst.predict(dm, pred_contribs=True)
    times.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
out.astype('<f8').tofile(outpath)
print(sorted(times)[len(times) // 2], sorted(cpu)[len(cpu) // 2])
`;

function hasPythonXgboost(): boolean {
  const r = spawnSync(PYTHON, ["-c", "import xgboost"], { stdio: "ignore" });
  return r.status === 0;
}

/** model: legacy XGBoost bytes (what ml-xgboost saves); X: row-major nRows × numFeature, NaN = missing. */
export function benchShap(model: Uint8Array, X: Float64Array, nRows: number, reps = 3): ShapBench {
  const e = parseLegacyBinary(model);
  const nCols = e.numFeature;
  const out = new Float64Array(nRows);
  const tsPredictMs = median(Array.from({ length: reps }, () => timeMs(() => predictMargin(e, X, nRows, nCols, out))));
  let explainer = createTreeExplainer(e);
  const tsExplainerPrepareMs = median(Array.from({ length: reps }, () => timeMs(() => (explainer = createTreeExplainer(e)))));
  let values: Float64Array = new Float64Array(0);
  const tsShapMs = median(Array.from({ length: reps }, () => timeMs(() => (values = explainer.explain(X, nRows, nCols).values))));
  const tsShapCpuMs = median(Array.from({ length: reps }, () => cpuMs(() => explainer.explain(X, nRows, nCols))));

  let xgboostPredContribsMs: number | null = null;
  let xgboostPredContribsCpuMs: number | null = null;
  let maxAbsDiffVsXgboost: number | null = null;
  if (hasPythonXgboost()) {
    const dir = mkdtempSync(join(tmpdir(), "shap-bench-"));
    try {
      const modelPath = join(dir, "model.bin");
      const xPath = join(dir, "X.f64");
      const outPath = join(dir, "contribs.f64");
      writeFileSync(modelPath, model);
      writeFileSync(xPath, new Uint8Array(X.buffer, X.byteOffset, nRows * nCols * 8));
      const stdout = execFileSync(PYTHON, ["-c", PY_CONTRIBS, modelPath, xPath, outPath, String(nRows), String(nCols), String(reps)], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const [wall, cpu] = stdout.trim().split("\n").pop()!.split(" ").map(Number);
      xgboostPredContribsMs = wall;
      xgboostPredContribsCpuMs = cpu;
      const buf = readFileSync(outPath);
      const contribs = new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      let worst = 0;
      for (let r = 0; r < nRows; r++) {
        for (let c = 0; c < nCols; c++) worst = Math.max(worst, Math.abs(values[r * nCols + c] - contribs[r * (nCols + 1) + c]));
      }
      maxAbsDiffVsXgboost = worst;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return {
    rows: nRows,
    trees: e.trees.length,
    tsPredictMs,
    tsExplainerPrepareMs,
    tsShapMs,
    tsShapCpuMs,
    xgboostPredContribsMs,
    xgboostPredContribsCpuMs,
    speedup: xgboostPredContribsMs === null ? null : xgboostPredContribsMs / tsShapMs,
    maxAbsDiffVsXgboost,
  };
}

/** Structured synthetic data: a logistic signal with interactions, some missing values. */
export function makeData(nRows: number, nCols: number, seed: number): { X: Float64Array; y: Float64Array } {
  const rng = new Random(seed);
  const rand = () => rng.next();
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const X = new Float64Array(nRows * nCols);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const o = r * nCols;
    for (let c = 0; c < nCols; c++) X[o + c] = Math.fround(c % 5 === 0 ? Math.floor(rand() * 4) : gauss());
    const logit = 0.9 * X[o + 1] - 0.7 * X[o + 2] + 0.6 * X[o + 3] * X[o + 4] + 0.4 * X[o + 5] - 0.3 * X[o + 7] * (X[o + 10] > 1 ? 1 : 0) + 0.5 * gauss() - 0.8;
    y[r] = rand() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    for (const c of [6, 8, 9]) if (rand() < 0.05) X[o + c] = NaN;
  }
  return { X, y };
}

export function trainWithMlXgboost(X: Float64Array, y: Float64Array, nRows: number, nCols: number, rounds: number, depth: number): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), "shap-train-"));
  try {
    const spec = {
      rows: nRows,
      cols: nCols,
      // ml-xgboost reads −1 as missing.
      X: Array.from(X, (v) => (Number.isNaN(v) ? -1 : v)),
      y: Array.from(y),
      rounds,
      params: { booster: "gbtree", objective: "binary:logistic", max_depth: depth, eta: 0.1, subsample: 1, colsample_bytree: 1, min_child_weight: 1, gamma: 0, lambda: 1, alpha: 0, base_score: 0.3, silent: 1, tree_method: "hist", seed: 0 },
    };
    writeFileSync(join(dir, "spec.json"), JSON.stringify(spec));
    execFileSync("node", [join(ROOT, "scripts", "train-ml-xgboost.cjs"), join(dir, "spec.json"), join(dir, "model.bin")], { stdio: ["ignore", "ignore", "ignore"] });
    return new Uint8Array(readFileSync(join(dir, "model.bin")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const nRows = 3000;
  const nCols = 29;
  const { X, y } = makeData(nRows, nCols, 11);
  const model = trainWithMlXgboost(X, y, nRows, nCols, 200, 5);
  const r = benchShap(model, X, nRows);
  const f = (v: number | null, digits = 1) => (v === null ? "n/a" : v.toFixed(digits));
  console.log(`rows ${r.rows}, trees ${r.trees} (depth 5), median of 3 runs`);
  console.log("| what | wall ms | cpu ms |");
  console.log("| --- | --- | --- |");
  console.log(`| TS predictMargin, all rows | ${f(r.tsPredictMs)} | |`);
  console.log(`| TS createTreeExplainer (tables) | ${f(r.tsExplainerPrepareMs)} | |`);
  console.log(`| TS TreeSHAP, all rows | ${f(r.tsShapMs)} | ${f(r.tsShapCpuMs)} |`);
  console.log(`| XGBoost pred_contribs, nthread=1 | ${f(r.xgboostPredContribsMs)} | ${f(r.xgboostPredContribsCpuMs)} |`);
  console.log(`| speed-up (XGBoost / TS, wall) | ${f(r.speedup, 2)}× | |`);
  if (r.xgboostPredContribsCpuMs !== null) console.log(`| speed-up (XGBoost / TS, cpu) | ${f(r.xgboostPredContribsCpuMs / r.tsShapCpuMs, 2)}× | |`);
  console.log(`| max |TS − XGBoost| SHAP | ${r.maxAbsDiffVsXgboost === null ? "n/a" : r.maxAbsDiffVsXgboost.toExponential(2)} |`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
