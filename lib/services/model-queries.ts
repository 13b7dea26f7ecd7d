import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { datasets, featureVectors, modelRuns, predictions, type ModelRunRow } from "../../db/schema";
import { FEATURES, FEATURE_COUNT, featureIndex } from "../data/catalog";
import type { TreeEnsemble } from "../ml/ensemble";
import { ensembleFromBytes } from "../ml/model-registry";
import { predictMargin, sigmoid } from "../ml/predict";
import { riskLevelOf } from "../ml/risk";
import { dependence } from "../ml/shap-summary";
import { ensureShapSummary, type ShapSummaryInFlight } from "../ml/shap-summary-store";
import { createTreeExplainer } from "../ml/treeshap";
import { contributions, type Contribution, type RiskLevelCode } from "./customer-queries";
import { atCurrentAsOf } from "../../db/as-of";


export interface LoadedModel {
  ensemble: TreeEnsemble;
  explainer: ReturnType<typeof createTreeExplainer>;
}

interface ShapMatrix {
  nRows: number;
  shap: Float64Array;
  X: Float64Array;
}

/**
 * Parsed models and SHAP matrices of this process, owned by the composition root (AppServices).
 * Model bytes never change for a run id, so parsed models stay until evicted; SHAP matrices
 * change when a run re-scores a dataset, so those are invalidated then. Both keep only the few
 * most recent entries.
 */
export class ModelCache {
  readonly models = new Map<number, LoadedModel>();
  readonly shap = new Map<string, ShapMatrix>();
  /** Missing SHAP summaries being computed, shared by the requests that wait for them. */
  readonly shapSummariesInFlight: ShapSummaryInFlight = new Map();
  constructor(readonly maxEntries = 4) {}

  /** Forget cached SHAP matrices of a run (after it re-scored a dataset), or all of them. */
  invalidateShap(runId?: number): void {
    for (const k of [...this.shap.keys()]) if (runId === undefined || k.startsWith(`${runId}:`)) this.shap.delete(k);
  }
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as K);
  return value;
}

export async function loadModel(db: Db, cache: ModelCache, runId: number): Promise<LoadedModel | null> {
  const hit = cache.models.get(runId);
  if (hit) return hit;
  const [row] = await db
    .select({ bytes: modelRuns.modelBytes, format: modelRuns.modelFormat })
    .from(modelRuns)
    .where(eq(modelRuns.id, runId))
    .limit(1);
  if (!row?.bytes) return null;
  const ensemble = ensembleFromBytes(row.bytes, row.format);
  return remember(cache.models, runId, { ensemble, explainer: createTreeExplainer(ensemble) }, cache.maxEntries);
}

/** All stored SHAP rows and feature values of a run on a dataset, as flat matrices. */
async function loadShapMatrix(db: Db, cache: ModelCache, runId: number, datasetId: number): Promise<ShapMatrix> {
  const key = `${runId}:${datasetId}`;
  const hit = cache.shap.get(key);
  if (hit) return hit;
  const rows = await db
    .select({ shap: predictions.shap, values: featureVectors.values })
    .from(predictions)
    .innerJoin(
      featureVectors,
      and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)),
    )
    .where(and(eq(predictions.modelRunId, runId), eq(predictions.datasetId, datasetId), atCurrentAsOf(predictions, datasetId)))
    .orderBy(predictions.customerId);
  const n = rows.length;
  const shap = new Float64Array(n * FEATURE_COUNT);
  const X = new Float64Array(n * FEATURE_COUNT);
  rows.forEach((r, i) => {
    shap.set(r.shap, i * FEATURE_COUNT);
    X.set(r.values, i * FEATURE_COUNT);
  });
  return remember(cache.shap, key, { nRows: n, shap, X }, cache.maxEntries);
}

export interface ShapSummary {
  modelRunId: number;
  baseValue: number;
  importance: { key: string; labelZh: string; labelEn: string; meanAbsShap: number }[];
  beeswarm: { key: string; labelZh: string; labelEn: string; shap: number[]; normalizedValue: number[] }[];
  sampleSize: number;
}

export async function shapSummary(
  db: Db,
  run: Pick<ModelRunRow, "id" | "shapBaseValue">,
  datasetId: number,
  sampleSize: number,
  cache?: ModelCache,
): Promise<ShapSummary | null> {
  // Stored once per scoring (lib/ml/shap-summary-store.ts): one row read instead of the whole SHAP matrix.
  const [ds] = await db.select({ asOfWeek: datasets.asOfWeek }).from(datasets).where(eq(datasets.id, datasetId)).limit(1);
  if (!ds) return null;
  const stored = await ensureShapSummary(db, { modelRunId: run.id, datasetId, asOfWeek: ds.asOfWeek }, cache?.shapSummariesInFlight);
  if (!stored || stored.nRows === 0) return null;
  const n = Math.min(sampleSize, stored.sampleSize);
  const importance = FEATURES.map((f, i) => ({ key: f.key, labelZh: f.zh, labelEn: f.en, meanAbsShap: stored.meanAbsShap[i] ?? 0 })).sort(
    (a, b) => b.meanAbsShap - a.meanAbsShap,
  );
  const beeswarm = FEATURES.map((f, i) => ({
    key: f.key,
    labelZh: f.zh,
    labelEn: f.en,
    shap: Array.from(stored.shap[i]?.subarray(0, n) ?? []),
    normalizedValue: Array.from(stored.normalizedValue[i]?.subarray(0, n) ?? []),
  }));
  return { modelRunId: run.id, baseValue: run.shapBaseValue ?? 0, importance, beeswarm, sampleSize: n };
}

export interface ShapDependence {
  key: string;
  labelZh: string;
  values: number[];
  shap: number[];
  interactionKey: string;
  interactionLabelZh: string;
  interactionValues: number[];
}

export async function shapDependence(
  db: Db,
  cache: ModelCache,
  runId: number,
  datasetId: number,
  feature: string,
  sampleSize: number,
): Promise<ShapDependence | null> {
  const index = featureIndex(feature);
  const m = await loadShapMatrix(db, cache, runId, datasetId);
  if (m.nRows === 0) return null;
  const d = dependence(m.shap, m.X, m.nRows, FEATURE_COUNT, index, Math.min(sampleSize, m.nRows));
  const f = FEATURES[index]!;
  const inter = FEATURES[d.interaction]!;
  return {
    key: f.key,
    labelZh: f.zh,
    values: Array.from(d.x),
    shap: Array.from(d.shap),
    interactionKey: inter.key,
    interactionLabelZh: inter.zh,
    interactionValues: Array.from(d.interactionX),
  };
}

export interface WhatIfResult {
  probability: number;
  margin: number;
  level: RiskLevelCode;
  baseValue: number;
  shap: Contribution[];
}

/** Scores a modified copy of a customer's features with the same model and explainer. */
export function whatIf(model: LoadedModel, features: number[], changes: { key: string; value: number }[]): WhatIfResult {
  const x = Float64Array.from(features);
  for (const c of changes) x[featureIndex(c.key)] = c.value;
  const margin = predictMargin(model.ensemble, x, 1, FEATURE_COUNT)[0]!;
  const shap = model.explainer.explainRow(x);
  const probability = sigmoid(margin);
  return { probability, margin, level: riskLevelOf(probability), baseValue: model.explainer.baseValue, shap: contributions(x, shap) };
}
