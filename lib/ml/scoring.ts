import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PredictedQuality } from "../../db/json-types";
import { customers, datasets, predictions, scoringRuns } from "../../db/schema";
import { ROWS_PER_PGLITE_INSERT, runsOnThisThread } from "../data/bulk-copy";
import { loadFeatureMatrix, type FeatureMatrix } from "../data/dataset-store";
import { numberArray, textArray } from "../data/pg-array";
import type { TreeEnsemble } from "./ensemble";
import { modelHooks } from "./model-hooks";
import { predictMargin, predictStepRows, sigmoid } from "./predict";
import { RISK_THRESHOLDS, riskLevelOf, type RiskLevelCode } from "./risk";
import { scoreInWorker } from "./score-in-worker";
import { ShapSummaryBuilder, type ShapSummaryData } from "./shap-summary-build";
import { storeShapSummary } from "./shap-summary-store";
import { createTreeExplainer, type TreeExplainer } from "./treeshap";
import { runInSlices, rowSteps } from "../runtime/time-slice";
import { churnedExpr } from "../../db/as-of";

/**
 * Rows per pausable step of in-process margins and TreeSHAP, from the model's size: about 1 ms a
 * step once optimised (see lib/runtime/time-slice.ts). A fixed 4-row SHAP step cost the default
 * pipeline ~0.15 s of per-call overhead on a 160-tree model.
 */
const marginStepRows = (e: TreeEnsemble) => predictStepRows(2_000_000 / ensembleNodes(e));
const shapStepRows = (e: TreeEnsemble) => Math.max(1, Math.floor(150_000 / ensembleNodes(e)));
/**
 * Rows per INSERT statement on PostgreSQL: each chunk's array literals (29 SHAP values a row) are
 * built and bound on this thread in one piece; 5,000 rows held the event loop ~100 ms twice per chunk.
 */
const INSERT_ROWS = 1_000;

export interface ScoringMatrix {
  customerIds: string[];
  X: Float64Array;
  assets: Float64Array;
  nCols: number;
  /** 1 where the customer had left before the as-of date (see leftBeforeAsOf); ranked last. */
  left?: Uint8Array;
}

/** A dataset's rows at an as-of week, as scoring reads them (features, assets, who had left). */
export async function loadScoringMatrix(db: Db, datasetId: number, asOfWeek: number): Promise<FeatureMatrix & Pick<ScoringMatrix, "left">> {
  const m = await loadFeatureMatrix(db, datasetId, asOfWeek);
  return { ...m, left: await leftBeforeAsOf(db, datasetId, m.customerIds) };
}

/**
 * Which rows of a scoring matrix are customers who had left by the as-of date. Only a
 * one-snapshot dataset ('snapshot') scores them: its churned customers are the snapshot's
 * positives. A timeline's as-of snapshot holds only customers active at that date, by
 * construction, so nothing is read for it.
 */
export async function leftBeforeAsOf(db: Db, datasetId: number, customerIds: readonly string[]): Promise<Uint8Array | undefined> {
  const [d] = await db.select({ kind: datasets.kind }).from(datasets).where(eq(datasets.id, datasetId));
  if (d?.kind !== "snapshot") return undefined;
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.datasetId, datasetId), churnedExpr));
  if (rows.length === 0) return undefined;
  const left = new Set(rows.map((r) => r.id));
  const mask = new Uint8Array(customerIds.length);
  customerIds.forEach((id, i) => (mask[i] = left.has(id) ? 1 : 0));
  return mask;
}

export interface ScoredRows {
  margin: Float64Array;
  probability: Float64Array;
  riskLevel: RiskLevelCode[];
  riskRank: Int32Array;
  expectedAssetLoss: Float64Array;
  lossRank: Int32Array;
  /** nRows × nCols SHAP values (log-odds). */
  shap: Float64Array;
  baseValue: number;
  /** The SHAP summary built while scoring; stored with the predictions (absent: none stored). */
  shapSummary?: ShapSummaryData | null;
}

export interface ScoreSummary {
  count: number;
  high: number;
  medium: number;
  low: number;
  baseValue: number;
  predictMs: number;
  shapMs: number;
  storeMs: number;
}

/**
 * 1-based ranks by value descending; equal values keep input order. Rows flagged in `last` (1)
 * rank after every unflagged row, in the same order among themselves.
 */
export function rankDescending(values: Float64Array, last?: Uint8Array): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort(
    last ? (a, b) => last[a]! - last[b]! || values[b]! - values[a]! || a - b : (a, b) => values[b]! - values[a]! || a - b,
  );
  const rank = new Int32Array(values.length);
  order.forEach((row, k) => (rank[row] = k + 1));
  return rank;
}

/**
 * Work (rows × tree nodes) above which predictions and SHAP run in a worker thread: below it a
 * slice of 256 rows takes a few milliseconds, above it (large datasets, deep models) the event
 * loop would wait too long.
 */
const IN_PROCESS_WORK = 20_000_000;

function ensembleNodes(e: TreeEnsemble): number {
  let n = 0;
  for (const t of e.trees) n += t.numNodes;
  return n;
}

/**
 * Predicted rows from margins and SHAP: probability, risk level, ranks, expected asset loss
 * (probability × assets). Rows flagged in `left` (customers who had left by the as-of date) rank
 * after every active one: the lists a retention team reads are of active customers, and reading
 * them in rank order then never walks past the departed (a one-snapshot dataset scores them too).
 */
export function scoredRowsFrom(margin: Float64Array, shap: Float64Array, baseValue: number, assets: Float64Array, left?: Uint8Array): ScoredRows {
  const n = margin.length;
  const probability = margin.map(sigmoid);
  const expectedAssetLoss = new Float64Array(n);
  for (let i = 0; i < n; i++) expectedAssetLoss[i] = probability[i]! * Math.max(0, assets[i]!);
  return {
    margin,
    probability,
    riskLevel: Array.from(probability, riskLevelOf),
    riskRank: rankDescending(probability, left),
    expectedAssetLoss,
    lossRank: rankDescending(expectedAssetLoss, left),
    shap,
    baseValue,
  };
}

/** Margins of n rows: in a worker thread for large work, in pausable steps on this thread otherwise. */
export async function marginsOf(ensemble: TreeEnsemble, X: Float64Array, n: number, nCols: number): Promise<Float64Array> {
  if (n * ensembleNodes(ensemble) > IN_PROCESS_WORK) return (await scoreInWorker({ model: { ensemble }, X, nRows: n, nCols, withShap: false })).margin;
  return marginsInSlices(ensemble, X, n, nCols);
}

/** Margins of n rows on this thread, in pausable steps. */
async function marginsInSlices(ensemble: TreeEnsemble, X: Float64Array, n: number, nCols: number): Promise<Float64Array> {
  const margin = new Float64Array(n);
  await runInSlices(rowSteps(n, marginStepRows(ensemble), (from, to) => predictMargin(ensemble, X.subarray(from * nCols, to * nCols), to - from, nCols, margin.subarray(from, to))));
  return margin;
}

/** SHAP values (n × nCols) of n rows: in a worker thread for large work, in pausable steps otherwise. */
export async function shapValuesOf(ensemble: TreeEnsemble, X: Float64Array, n: number, nCols: number): Promise<Float64Array> {
  if (n * ensembleNodes(ensemble) > IN_PROCESS_WORK) return (await scoreInWorker({ model: { ensemble }, X, nRows: n, nCols, withShap: true })).shap!;
  const ex = createTreeExplainer(ensemble);
  const shap = new Float64Array(n * nCols);
  await runInSlices(rowSteps(n, shapStepRows(ensemble), (from, to) => shap.set(ex.explain(X.subarray(from * nCols, to * nCols), to - from, nCols).values, from * nCols)));
  return shap;
}

/** Predictions and SHAP for every row: in a worker thread for large work, in yielding slices otherwise. */
export async function scoreMatrix(
  ensemble: TreeEnsemble,
  m: ScoringMatrix,
  explainer?: TreeExplainer,
  onProgress?: (done: number, total: number) => void,
): Promise<ScoredRows & { predictMs: number; shapMs: number }> {
  const n = m.customerIds.length;
  const { nCols } = m;
  const t0 = performance.now();
  let margin: Float64Array;
  let shap: Float64Array;
  let baseValue: number;
  let shapSummary: ShapSummaryData | null;
  let t1: number;
  if (n * ensembleNodes(ensemble) > IN_PROCESS_WORK) {
    // The worker builds the SHAP summary as it goes: the matrix is not walked again here.
    const r = await scoreInWorker({ model: { ensemble }, X: m.X, nRows: n, nCols, withShap: true, onProgress, ids: m.customerIds });
    margin = r.margin;
    shap = r.shap!;
    baseValue = r.baseValue!;
    shapSummary = r.shapSummary ?? null;
    t1 = t0 + r.prepareMs;
  } else {
    const ex = explainer ?? createTreeExplainer(ensemble);
    margin = await marginsInSlices(ensemble, m.X, n, nCols);
    t1 = performance.now();
    shap = new Float64Array(n * nCols);
    const summary = new ShapSummaryBuilder(nCols);
    const into = shap;
    await runInSlices(
      rowSteps(n, shapStepRows(ensemble), (from, to) => {
        const X = m.X.subarray(from * nCols, to * nCols);
        const values = ex.explain(X, to - from, nCols).values;
        into.set(values, from * nCols);
        summary.add(m.customerIds.slice(from, to), X, values, to - from);
        onProgress?.(to, n);
      }),
    );
    baseValue = ex.baseValue;
    shapSummary = await runInSlices(summary.finishSteps());
  }
  const t2 = performance.now();
  return { ...scoredRowsFrom(margin, shap, baseValue, m.assets, m.left), shapSummary, predictMs: t1 - t0, shapMs: t2 - t1 };
}

/**
 * Replaces the stored predictions of a run in one transaction. Rows go in chunks through
 * `unnest()` of column arrays (one bind parameter per column, as dataset-store does): several
 * times faster than a multi-row VALUES list and far from the 65,535-parameter limit. SHAP
 * vectors travel as one flat array per chunk and are sliced back per row.
 */
export async function storePredictions(db: Db, runId: number, scope: ScoringScope, m: ScoringMatrix, s: ScoredRows): Promise<number> {
  const t0 = performance.now();
  const { nCols } = m;
  const datasetId = scope.id;
  await db.transaction(async (tx) => {
    await tx
      .delete(predictions)
      .where(and(eq(predictions.modelRunId, runId), eq(predictions.datasetId, datasetId), eq(predictions.asOfWeek, scope.asOfWeek)));
    await insertPredictionRows(tx, runId, scope, m.customerIds, nCols, s, runsOnThisThread(db));
    await recordScoringRun(tx, runId, scope, s);
    if (s.shapSummary) await storeShapSummary(tx, { modelRunId: runId, datasetId, asOfWeek: scope.asOfWeek }, s.shapSummary);
  });
  await modelHooks().afterScoring?.(db, { modelRunId: runId, datasetId, asOfWeek: scope.asOfWeek }, m.X, nCols, s.probability);
  return performance.now() - t0;
}

/**
 * Inserts scored rows (no delete: the caller's transaction clears what they replace). Rows go
 * in chunks through `unnest()` of column arrays (one bind parameter per column, as dataset-store
 * does): several times faster than a multi-row VALUES list and far from the 65,535-parameter
 * limit. SHAP vectors travel as one flat array per chunk and are sliced back per row.
 */
export async function insertPredictionRows(
  tx: Db,
  runId: number,
  scope: ScoringScope,
  customerIds: readonly string[],
  nCols: number,
  s: Omit<ScoredRows, "baseValue" | "shapSummary">,
  /** runsOnThisThread of the database the transaction belongs to. */
  onThisThread: boolean,
): Promise<void> {
  const n = customerIds.length;
  const datasetId = scope.id;
  // PGlite runs each insert on this thread: small chunks keep every block of the event loop short.
  const chunk = onThisThread ? ROWS_PER_PGLITE_INSERT : INSERT_ROWS;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    const ids = customerIds.slice(start, end);
    const num = (a: Float64Array | Int32Array) => numberArray(a.subarray(start, end));
    await tx.execute(sql`
      with src as (
        select ${textArray(ids)}::text[] as ids, ${num(s.probability)}::float8[] as p, ${num(s.margin)}::float8[] as m,
          ${textArray(s.riskLevel.slice(start, end))}::text[] as lvl, ${num(s.riskRank)}::int[] as rr,
          ${num(s.expectedAssetLoss)}::float8[] as loss, ${num(s.lossRank)}::int[] as lr,
          ${numberArray(s.shap.subarray(start * nCols, end * nCols))}::float8[] as shap)
      insert into predictions (model_run_id, dataset_id, as_of_week, customer_id, probability, margin, risk_level, risk_rank,
        expected_asset_loss, loss_rank, shap)
      select ${runId}::int, ${datasetId}::int, ${scope.asOfWeek}::smallint, src.ids[i], src.p[i], src.m[i], src.lvl[i], src.rr[i], src.loss[i], src.lr[i],
        src.shap[((i - 1) * ${nCols}::int + 1):(i * ${nCols}::int)]
      from src, generate_subscripts(src.ids, 1) as i`);
  }
}

/** What a scoring is about: a dataset's active customers as of a week, for a horizon. */
export interface ScoringScope {
  id: number;
  asOfWeek: number;
  horizonWeeks: number;
}

/** The scoring run row of (model, dataset, as-of): what the model predicted, outcomes to come. */
export async function recordScoringRun(tx: Db, runId: number, scope: ScoringScope, s: Pick<ScoredRows, "probability" | "riskLevel">): Promise<void> {
  const n = s.probability.length;
  let sum = 0;
  let high = 0;
  for (let i = 0; i < n; i++) {
    sum += s.probability[i]!;
    if (s.riskLevel[i] === "high") high++;
  }
  const predicted: PredictedQuality = { meanProbability: n ? sum / n : 0, expectedChurners: sum, highRisk: high, threshold: RISK_THRESHOLDS.high };
  await tx
    .insert(scoringRuns)
    .values({ modelRunId: runId, datasetId: scope.id, asOfWeek: scope.asOfWeek, horizonWeeks: scope.horizonWeeks, scoredCount: n, predicted })
    .onConflictDoUpdate({
      target: [scoringRuns.modelRunId, scoringRuns.datasetId, scoringRuns.asOfWeek],
      set: { scoredCount: n, predicted, realised: null, outcomesAt: null, createdAt: new Date() },
    });
}

/**
 * Scores every customer of a dataset with a model and stores the predictions of the run:
 * probability, margin, risk level, risk rank, expected asset loss (= probability × latest
 * assets) and its rank, and SHAP values. `matrix` skips reloading features the caller has.
 */
export async function scoreDataset(
  db: Db,
  runId: number,
  ensemble: TreeEnsemble,
  dataset: ScoringScope,
  explainer?: TreeExplainer,
  matrix?: ScoringMatrix,
): Promise<ScoreSummary> {
  const m = matrix ?? (await loadScoringMatrix(db, dataset.id, dataset.asOfWeek));
  const s = await scoreMatrix(ensemble, m, explainer);
  const storeMs = await storePredictions(db, runId, dataset, m, s);
  let high = 0;
  let medium = 0;
  for (const l of s.riskLevel) l === "high" ? high++ : l === "medium" && medium++;
  return {
    count: m.customerIds.length,
    high,
    medium,
    low: m.customerIds.length - high - medium,
    baseValue: s.baseValue,
    predictMs: s.predictMs,
    shapMs: s.shapMs,
    storeMs,
  };
}
