/**
 * A training run evaluated on an out-of-time test set, and two runs compared (model page, #16).
 *
 * A run's test set is the labelled rows of its test as-of week (split.test). Two runs of the same
 * dataset are compared on the SAME rows: the later of their two test as-of weeks, which neither
 * has trained or early-stopped on (each run's training and validation weeks precede its own test
 * week). Runs of different datasets are each shown on their own test set, and the result says so.
 *
 * What is sent is bounded whatever the test set's size: ROC/PR downsampled to ≤ 200 points, 10
 * calibration bins, a gain table of ≤ `bins` cuts (lib/ml/gain-lift.ts); the expected-value
 * choice of a threshold is computed from that table by the client (lib/ml/cost-threshold.ts).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { datasets, featureVectors, modelRuns, type ModelRunRow } from "../../db/schema";
import { loadFeatureMatrix } from "../data/dataset-store";
import { weekStart } from "../data/timeline/as-of";
import { AppError } from "../errors/app-error";
import { gainTable, precisionRecallAtK, rankOrder, type GainTable } from "../ml/gain-lift";
import { brier, calibrationTable, logLoss, type CalibrationBin, type CurvePoint } from "../ml/metrics";
import { ensembleOfRun, ModelNotFoundError } from "../ml/model-registry";
import { predictMargin, sigmoid } from "../ml/predict";
import { rankedMetrics } from "../ml/ranked-metrics";
import { bootstrapAucDiff } from "../monitor/champion";
import { yieldToLoop } from "../runtime/time-slice";

/** Share of the test rows in the top-K list of precision@K and recall@K (same K for both runs on shared rows). */
export const TOP_K_SHARE = 0.1;
export const COMPARISON_REPLICATES = 200;
const PREDICT_SLICE_ROWS = 5000;

export interface RunEvaluation {
  runId: number;
  datasetId: number;
  testAsOfWeek: number;
  /** 'YYYY-MM-DD' of the test as-of week (timeline datasets). */
  testAsOfDate: string | null;
  rows: number;
  positives: number;
  /** null when the test set has one class only. */
  auc: number | null;
  averagePrecision: number;
  brier: number;
  logLoss: number;
  k: number;
  precisionAtK: number;
  recallAtK: number | null;
  roc: CurvePoint[];
  pr: CurvePoint[];
  calibration: CalibrationBin[];
  gain: GainTable;
  /** Mean 最新总资产 of the test set's churners (元), for the default value of a retained customer. */
  meanChurnerAssets: number | null;
}

export interface RunComparison {
  /** Both runs evaluated on the same rows (same dataset, the later test week). */
  sameRows: boolean;
  a: RunEvaluation;
  b: RunEvaluation;
  /** AUC(b) − AUC(a) with a paired bootstrap 95% interval; only on shared rows. */
  aucDiff: { diff: number; lower: number; upper: number; replicates: number } | null;
}


/** Probabilities in slices, yielding between them, so 100k test rows do not hold the event loop. */
async function probabilitiesOf(run: ModelRunRow, X: Float64Array, n: number, nCols: number): Promise<Float64Array> {
  const e = ensembleOfRun(run);
  const out = new Float64Array(n);
  for (let r0 = 0; r0 < n; r0 += PREDICT_SLICE_ROWS) {
    const m = Math.min(PREDICT_SLICE_ROWS, n - r0);
    const margins = predictMargin(e, X.subarray(r0 * nCols, (r0 + m) * nCols), m, nCols);
    for (let i = 0; i < m; i++) out[r0 + i] = sigmoid(margins[i]!);
    if (r0 + m < n) await yieldToLoop();
  }
  return out;
}

async function loadRun(db: Db, runId: number, field: string): Promise<ModelRunRow> {
  const [run] = await db.select().from(modelRuns).where(eq(modelRuns.id, runId)).limit(1);
  if (!run) throw new ModelNotFoundError(runId);
  if (!run.modelBytes || run.status !== "succeeded") {
    throw new AppError("FAILED_PRECONDITION", `模型 ${runId} 尚未训练成功，无法评估 (run ${runId} is ${run.status}; only succeeded runs can be evaluated)`, { field });
  }
  return run;
}

/** The run's dataset (the active one for a model imported without a dataset) and its test as-of week. */
async function testScope(db: Db, run: ModelRunRow, field: string): Promise<{ datasetId: number; week: number }> {
  let datasetId = run.datasetId;
  if (datasetId === null) {
    const [active] = await db.select({ id: datasets.id }).from(datasets).where(eq(datasets.isActive, true)).limit(1);
    datasetId = active?.id ?? null;
  }
  if (datasetId === null) throw new AppError("FAILED_PRECONDITION", `模型 ${run.id} 没有可评估的数据集 (run ${run.id} has no dataset to evaluate on)`, { field });
  if (run.split) return { datasetId, week: run.split.test };
  // A run without an out-of-time split: the dataset's latest labelled as-of week.
  const [latest] = await db
    .select({ w: featureVectors.asOfWeek })
    .from(featureVectors)
    .where(and(eq(featureVectors.datasetId, datasetId), sql`${featureVectors.label} is not null`))
    .orderBy(desc(featureVectors.asOfWeek))
    .limit(1);
  if (!latest) throw new AppError("FAILED_PRECONDITION", `数据集 ${datasetId} 没有已知结果的样本 (dataset has no labelled rows)`, { field });
  return { datasetId, week: latest.w };
}

interface TestRows {
  datasetId: number;
  week: number;
  date: string | null;
  X: Float64Array;
  labels: Uint8Array;
  assets: Float64Array;
  n: number;
  nCols: number;
}

async function loadTestRows(db: Db, datasetId: number, week: number): Promise<TestRows> {
  const [ds] = await db.select({ startDate: datasets.startDate }).from(datasets).where(eq(datasets.id, datasetId)).limit(1);
  const m = await loadFeatureMatrix(db, datasetId, week);
  const rows: number[] = [];
  for (let i = 0; i < m.labels.length; i++) if (m.labelled[i]) rows.push(i);
  if (rows.length === 0) throw new AppError("FAILED_PRECONDITION", `数据集 ${datasetId} 第 ${week} 周没有已知结果的样本 (no labelled rows at as-of week ${week})`);
  const X = new Float64Array(rows.length * m.nCols);
  const labels = new Uint8Array(rows.length);
  const assets = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    X.set(m.X.subarray(r * m.nCols, (r + 1) * m.nCols), i * m.nCols);
    labels[i] = m.labels[r]!;
    assets[i] = m.assets[r]!;
  });
  return { datasetId, week, date: ds?.startDate ? weekStart(ds.startDate, week) : null, X, labels, assets, n: rows.length, nCols: m.nCols };
}

/**
 * Every figure of one run's probabilities on the given rows; `k` fixed by the caller for
 * comparisons. One sort serves every ranked figure and the work yields between steps, so 100k
 * rows do not hold the event loop for long (the sort itself, ~100 ms, is the longest step).
 */
export async function evaluateProbabilities(
  ids: { runId: number; datasetId: number; testAsOfWeek: number; testAsOfDate: string | null },
  labels: Uint8Array,
  probs: Float64Array,
  assets: Float64Array,
  bins: number,
  k = Math.max(1, Math.round(labels.length * TOP_K_SHARE)),
): Promise<RunEvaluation> {
  let positives = 0;
  let churnerAssets = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!labels[i]) continue;
    positives++;
    churnerAssets += Math.max(0, assets[i]!);
  }
  const order = rankOrder(probs);
  await yieldToLoop();
  const ranked = rankedMetrics(labels, probs, order);
  const atK = precisionRecallAtK(labels, probs, k, order);
  const gain = gainTable(labels, probs, bins, order);
  await yieldToLoop();
  return {
    ...ids,
    rows: labels.length,
    positives,
    auc: ranked.auc,
    averagePrecision: ranked.averagePrecision,
    brier: brier(labels, probs),
    logLoss: logLoss(labels, probs),
    k: atK.k,
    precisionAtK: atK.precision,
    recallAtK: atK.recall,
    roc: ranked.roc,
    pr: ranked.pr,
    calibration: calibrationTable(labels, probs),
    gain,
    meanChurnerAssets: positives > 0 && churnerAssets > 0 ? churnerAssets / positives : null,
  };
}

/** One run on its own out-of-time test set. */
export async function evaluateRun(db: Db, runId: number, bins: number): Promise<RunEvaluation> {
  const run = await loadRun(db, runId, "runId");
  const scope = await testScope(db, run, "runId");
  const t = await loadTestRows(db, scope.datasetId, scope.week);
  const probs = await probabilitiesOf(run, t.X, t.n, t.nCols);
  return await evaluateProbabilities({ runId, datasetId: t.datasetId, testAsOfWeek: t.week, testAsOfDate: t.date }, t.labels, probs, t.assets, bins);
}

/** Two runs: on shared rows when they share a dataset, else each on its own test set. */
export async function compareRuns(db: Db, runA: number, runB: number, bins: number): Promise<RunComparison> {
  const a = await loadRun(db, runA, "runA");
  const b = await loadRun(db, runB, "runB");
  const sa = await testScope(db, a, "runA");
  const sb = await testScope(db, b, "runB");
  if (sa.datasetId !== sb.datasetId) {
    return { sameRows: false, a: await evaluateRun(db, runA, bins), b: await evaluateRun(db, runB, bins), aucDiff: null };
  }
  const t = await loadTestRows(db, sa.datasetId, Math.max(sa.week, sb.week));
  const pa = await probabilitiesOf(a, t.X, t.n, t.nCols);
  const pb = await probabilitiesOf(b, t.X, t.n, t.nCols);
  const ea = await evaluateProbabilities({ runId: runA, datasetId: t.datasetId, testAsOfWeek: t.week, testAsOfDate: t.date }, t.labels, pa, t.assets, bins);
  const eb = await evaluateProbabilities({ runId: runB, datasetId: t.datasetId, testAsOfWeek: t.week, testAsOfDate: t.date }, t.labels, pb, t.assets, bins);
  let aucDiff: RunComparison["aucDiff"] = null;
  if (ea.auc !== null && eb.auc !== null) {
    const boot = await bootstrapAucDiff(t.labels, pa, pb, COMPARISON_REPLICATES, 7);
    aucDiff = { ...boot, replicates: COMPARISON_REPLICATES };
  }
  return { sameRows: true, a: ea, b: eb, aucDiff };
}
