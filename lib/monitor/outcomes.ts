/**
 * Outcomes arrive: once a scoring's as-of date + H weeks lies inside the data, each of its
 * predictions learns what happened (a churn event within H weeks or not) and the scoring run
 * gets its realised quality — AUC, precision and recall at K, calibration — next to what it
 * predicted.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { CalibrationBin, RealisedQuality } from "../../db/json-types";
import { featureVectors, predictions, scoringRuns, type DatasetRow, type ScoringRunRow } from "../../db/schema";
import { auc } from "../stats/auc";
import { alertOnOutcomes } from "./monitor-service";

const CALIBRATION_BINS = 10;

/** Quality of probabilities against realised labels; K = the run's predicted high-risk count (or 10%). */
export function realisedQuality(probs: ArrayLike<number>, outcomes: ArrayLike<number>, k: number, truth?: ArrayLike<number>): RealisedQuality {
  const n = probs.length;
  let churned = 0;
  for (let i = 0; i < n; i++) churned += outcomes[i]!;
  const both = churned > 0 && churned < n;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
  const kk = Math.max(1, Math.min(n, k));
  let hits = 0;
  for (let r = 0; r < kk && r < n; r++) hits += outcomes[order[r]!]!;
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    let count = 0;
    let p = 0;
    let o = 0;
    for (let i = 0; i < n; i++) {
      const bin = Math.min(CALIBRATION_BINS - 1, Math.floor(probs[i]! * CALIBRATION_BINS));
      if (bin !== b) continue;
      count++;
      p += probs[i]!;
      o += outcomes[i]!;
    }
    if (count > 0) bins.push({ predicted: p / count, observed: o / count, count });
  }
  let oracle: number | null = null;
  if (truth && both && Array.from({ length: n }, (_, i) => truth[i]!).every(Number.isFinite)) oracle = auc(outcomes, truth);
  return {
    customers: n,
    churned,
    churnRate: n ? churned / n : 0,
    auc: both ? auc(outcomes, probs) : null,
    k: kk,
    precisionAtK: n ? hits / kk : null,
    recallAtK: churned ? hits / churned : null,
    calibration: bins,
    oracleAuc: oracle,
  };
}

/**
 * Records outcomes for every scoring run of the dataset whose horizon has passed (as-of + H ≤ the
 * dataset's as-of week) and that has none yet. Returns the runs that got them.
 */
export async function recordOutcomes(db: Db, dataset: Pick<DatasetRow, "id" | "asOfWeek">): Promise<ScoringRunRow[]> {
  const due = await db
    .select()
    .from(scoringRuns)
    .where(and(eq(scoringRuns.datasetId, dataset.id), isNull(scoringRuns.realised), sql`${scoringRuns.asOfWeek} + ${scoringRuns.horizonWeeks} <= ${dataset.asOfWeek}`));
  const done: ScoringRunRow[] = [];
  for (const run of due) {
    const row = await db.transaction(async (tx) => {
      await tx.execute(sql`
        update predictions p set outcome = case when c.churn_week is not null and c.churn_week < ${run.asOfWeek + run.horizonWeeks} then 1 else 0 end
        from customers c
        where p.model_run_id = ${run.modelRunId} and p.dataset_id = ${run.datasetId} and p.as_of_week = ${run.asOfWeek}
          and c.dataset_id = p.dataset_id and c.id = p.customer_id`);
      const rows = await tx
        .select({ p: predictions.probability, y: predictions.outcome, truth: featureVectors.trueProbability })
        .from(predictions)
        .leftJoin(
          featureVectors,
          and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)),
        )
        .where(and(eq(predictions.modelRunId, run.modelRunId), eq(predictions.datasetId, run.datasetId), eq(predictions.asOfWeek, run.asOfWeek)));
      const probs = Float64Array.from(rows, (r) => r.p);
      const outcomes = Uint8Array.from(rows, (r) => (r.y === 1 ? 1 : 0));
      const truth = Float64Array.from(rows, (r) => r.truth ?? Number.NaN);
      const k = run.predicted.highRisk > 0 ? run.predicted.highRisk : Math.max(1, Math.round(rows.length / 10));
      const realised = realisedQuality(probs, outcomes, k, truth);
      const [updated] = await tx.update(scoringRuns).set({ realised, outcomesAt: new Date() }).where(eq(scoringRuns.id, run.id)).returning();
      return updated!;
    });
    done.push(row);
    await alertOnOutcomes(db, row).catch((e: unknown) => console.warn(`[monitor] 实际 AUC 告警失败 (realised alert failed) scoring=${row.id}: ${(e as Error).message}`));
  }
  return done;
}
