import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { predictions } from "../../db/schema";
import { loadFeatureMatrix } from "../data/dataset-store";
import type { TreeEnsemble } from "./ensemble";
import { predictMargin, sigmoid } from "./predict";
import { riskLevelOf, type RiskLevelCode } from "./risk";
import { createTreeExplainer, type TreeExplainer } from "./treeshap";

/** Rows per synchronous slice of prediction/SHAP work; the event loop gets a turn between slices. */
const SLICE_ROWS = 256;
/** Rows per INSERT: 10 parameters a row keeps a statement far below PostgreSQL's 65,535 limit. */
const INSERT_ROWS = 1000;

export interface ScoringMatrix {
  customerIds: string[];
  X: Float64Array;
  assets: Float64Array;
  nCols: number;
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

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/** 1-based ranks by value descending; equal values keep input order. */
export function rankDescending(values: Float64Array): Int32Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const rank = new Int32Array(values.length);
  order.forEach((row, k) => (rank[row] = k + 1));
  return rank;
}

/** Predictions and SHAP for every row, in slices so a large dataset never blocks the loop for long. */
export async function scoreMatrix(ensemble: TreeEnsemble, m: ScoringMatrix, explainer?: TreeExplainer): Promise<ScoredRows & { predictMs: number; shapMs: number }> {
  const n = m.customerIds.length;
  const { nCols } = m;
  const ex = explainer ?? createTreeExplainer(ensemble);
  const t0 = performance.now();
  const margin = new Float64Array(n);
  for (let r = 0; r < n; r += SLICE_ROWS) {
    const k = Math.min(SLICE_ROWS, n - r);
    predictMargin(ensemble, m.X.subarray(r * nCols, (r + k) * nCols), k, nCols, margin.subarray(r, r + k));
    if (r + k < n) await yieldToLoop();
  }
  const t1 = performance.now();
  const shap = new Float64Array(n * nCols);
  for (let r = 0; r < n; r += SLICE_ROWS) {
    const k = Math.min(SLICE_ROWS, n - r);
    shap.set(ex.explain(m.X.subarray(r * nCols, (r + k) * nCols), k, nCols).values, r * nCols);
    if (r + k < n) await yieldToLoop();
  }
  const t2 = performance.now();
  const probability = margin.map(sigmoid);
  const expectedAssetLoss = new Float64Array(n);
  for (let i = 0; i < n; i++) expectedAssetLoss[i] = probability[i]! * Math.max(0, m.assets[i]!);
  return {
    margin,
    probability,
    riskLevel: Array.from(probability, riskLevelOf),
    riskRank: rankDescending(probability),
    expectedAssetLoss,
    lossRank: rankDescending(expectedAssetLoss),
    shap,
    baseValue: ex.baseValue,
    predictMs: t1 - t0,
    shapMs: t2 - t1,
  };
}

/** Replaces the stored predictions of a run (one transaction, chunked multi-row inserts). */
export async function storePredictions(db: Db, runId: number, datasetId: number, m: ScoringMatrix, s: ScoredRows): Promise<number> {
  const t0 = performance.now();
  const n = m.customerIds.length;
  const { nCols } = m;
  await db.transaction(async (tx) => {
    await tx.delete(predictions).where(eq(predictions.modelRunId, runId));
    for (let start = 0; start < n; start += INSERT_ROWS) {
      const end = Math.min(n, start + INSERT_ROWS);
      const rows: (typeof predictions.$inferInsert)[] = [];
      for (let i = start; i < end; i++) {
        rows.push({
          modelRunId: runId,
          datasetId,
          customerId: m.customerIds[i]!,
          probability: s.probability[i]!,
          margin: s.margin[i]!,
          riskLevel: s.riskLevel[i]!,
          riskRank: s.riskRank[i]!,
          expectedAssetLoss: s.expectedAssetLoss[i]!,
          lossRank: s.lossRank[i]!,
          shap: Array.from(s.shap.subarray(i * nCols, (i + 1) * nCols)),
        });
      }
      await tx.insert(predictions).values(rows);
    }
  });
  return performance.now() - t0;
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
  datasetId: number,
  explainer?: TreeExplainer,
  matrix?: ScoringMatrix,
): Promise<ScoreSummary> {
  const m = matrix ?? (await loadFeatureMatrix(db, datasetId));
  const s = await scoreMatrix(ensemble, m, explainer);
  const storeMs = await storePredictions(db, runId, datasetId, m, s);
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
