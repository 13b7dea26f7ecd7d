/**
 * Uplift targeting (two-model): one XGBoost churn model on the treated members of campaigns with
 * outcomes, one on their control members; a customer's predicted uplift is P(churn | control) −
 * P(churn | treated), the churn a plan is expected to prevent. "Expected saved assets" = uplift ×
 * assets: the customers who can be persuaded, not the sure stays or the lost causes.
 *
 * The training sets are small (a campaign's members), so training runs in-process (~0.1 s);
 * larger histories should move it to the training worker.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignMembers, campaigns, featureVectors, predictions, scoringRuns } from "../../db/schema";
import { FEATURE_COUNT } from "../data/catalog";
import { parseLegacyBinary } from "../ml/model-binary";
import { predictMargin } from "../ml/predict";
import { loadXgboost, XgboostBooster } from "../ml/xgboost-wasm";
import { resolveScoringRun } from "./campaign-service";

export interface UpliftRow {
  features: readonly number[];
  arm: "treated" | "control";
  /** 1 churned within H weeks. */
  outcome: 0 | 1;
}

export interface UpliftModel {
  /** Predicted churn reduction for rows of features (catalog order). */
  predict(X: readonly (readonly number[])[]): Float64Array;
  trainedOn: { treated: number; control: number };
}

const PARAMS: Record<string, string> = {
  objective: "binary:logistic",
  booster: "gbtree",
  base_score: "0.5",
  colsample_bylevel: "1",
  max_delta_step: "0",
  scale_pos_weight: "1",
  tree_method: "hist",
  max_depth: "3",
  eta: "0.1",
  subsample: "1",
  colsample_bytree: "1",
  min_child_weight: "5",
  lambda: "1",
  alpha: "0",
  gamma: "0",
  max_bin: "64",
  seed: "7",
  nthread: "1",
  silent: "1",
};
const ROUNDS = 60;

/** Finite and away from −1 (ml-xgboost's missing marker): NaN stays NaN (missing). */
const cleanMatrix = (rows: readonly (readonly number[])[]) => {
  const X = new Float64Array(rows.length * FEATURE_COUNT);
  rows.forEach((r, i) => {
    for (let j = 0; j < FEATURE_COUNT; j++) {
      const v = r[j] ?? Number.NaN;
      X[i * FEATURE_COUNT + j] = Number.isFinite(v) ? (v === -1 ? -1.000001 : v) : Number.NaN;
    }
  });
  return X;
};

async function churnModel(rows: readonly UpliftRow[]) {
  const rt = await loadXgboost();
  const booster = XgboostBooster.create(rt, { X: cleanMatrix(rows.map((r) => r.features)), y: rows.map((r) => r.outcome), nRows: rows.length, nCols: FEATURE_COUNT, params: PARAMS });
  try {
    booster.trainRounds(ROUNDS);
    return parseLegacyBinary(booster.save());
  } finally {
    booster.dispose();
  }
}

export async function trainUpliftModel(rows: readonly UpliftRow[]): Promise<UpliftModel | null> {
  const t = rows.filter((r) => r.arm === "treated");
  const c = rows.filter((r) => r.arm === "control");
  const varied = (xs: readonly UpliftRow[]) => xs.some((r) => r.outcome === 1) && xs.some((r) => r.outcome === 0);
  if (t.length < 20 || c.length < 20 || !varied(t) || !varied(c)) return null;
  const [mt, mc] = [await churnModel(t), await churnModel(c)];
  const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
  return {
    trainedOn: { treated: t.length, control: c.length },
    predict(X) {
      const M = cleanMatrix(X);
      const pt = predictMargin(mt, M, X.length, FEATURE_COUNT);
      const pc = predictMargin(mc, M, X.length, FEATURE_COUNT);
      return Float64Array.from(pt, (m, i) => sigmoid(pc[i]!) - sigmoid(m));
    },
  };
}

/** Members of every campaign with outcomes, with their features at the campaign's as-of date. */
export async function upliftTrainingRows(db: Db): Promise<UpliftRow[]> {
  const rows = await db
    .select({ arm: campaignMembers.arm, outcome: campaignMembers.outcome, values: featureVectors.values })
    .from(campaignMembers)
    .innerJoin(campaigns, and(eq(campaigns.id, campaignMembers.campaignId), isNotNull(campaigns.outcomesAt)))
    .innerJoin(featureVectors, and(eq(featureVectors.datasetId, campaigns.datasetId), eq(featureVectors.asOfWeek, campaigns.asOfWeek), eq(featureVectors.customerId, campaignMembers.customerId)))
    .where(isNotNull(campaignMembers.outcome));
  return rows.map((r) => ({ features: r.values, arm: r.arm, outcome: r.outcome === 1 ? 1 : 0 }));
}

/**
 * Predicted uplift of every customer scored by the scoring run, from a two-model fit on all
 * campaigns with outcomes; null when there is none yet (or too few churners to learn from).
 */
export async function latestUpliftScores(db: Db, scoringRunId?: number): Promise<Map<string, number> | null> {
  const model = await trainUpliftModel(await upliftTrainingRows(db));
  if (!model) return null;
  const run = await resolveScoringRun(db, scoringRunId);
  const rows = await db
    .select({ id: predictions.customerId, values: featureVectors.values })
    .from(predictions)
    .innerJoin(scoringRuns, eq(scoringRuns.id, run.id))
    .innerJoin(featureVectors, and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)))
    .where(and(eq(predictions.modelRunId, run.modelRunId), eq(predictions.datasetId, run.datasetId), eq(predictions.asOfWeek, run.asOfWeek)));
  const u = model.predict(rows.map((r) => r.values));
  return new Map(rows.map((r, i) => [r.id, u[i]!]));
}
