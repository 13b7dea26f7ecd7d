import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { atCurrentAsOf } from "../../db/as-of";
import { featureVectors, predictions } from "../../db/schema";
import { FEATURES, FEATURE_COUNT, featureIndex } from "../data/catalog";
import { column, partialDependence, quantileGrid } from "../ml/partial-dependence";
import { loadModel, type ModelCache } from "./model-queries";

export interface PartialDependenceView {
  key: string;
  labelZh: string;
  labelEn: string;
  grid: number[];
  pd: number[];
  ice: number[][];
  sampleSize: number;
}

export interface PartialDependenceRequest {
  runId: number;
  datasetId: number;
  feature: string;
  gridPoints: number;
  sampleSize: number;
  iceLines: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PD curve and ICE lines of one feature for the active model on the customers it scored at the
 * dataset's as-of date: a fixed sample (ordered by md5 of the customer id, so the same customers
 * every time and on both databases), the grid from their values.
 */
export async function partialDependenceOf(db: Db, cache: ModelCache, req: PartialDependenceRequest): Promise<PartialDependenceView | null> {
  const index = featureIndex(req.feature);
  const model = await loadModel(db, cache, req.runId);
  if (!model) return null;
  const rows = await db
    .select({ values: featureVectors.values })
    .from(predictions)
    .innerJoin(
      featureVectors,
      and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)),
    )
    .where(and(eq(predictions.modelRunId, req.runId), eq(predictions.datasetId, req.datasetId), atCurrentAsOf(predictions, req.datasetId)))
    .orderBy(sql`md5(${predictions.customerId})`)
    .limit(req.sampleSize);
  if (rows.length === 0) return null;
  const n = rows.length;
  const X = new Float64Array(n * FEATURE_COUNT);
  rows.forEach((r, i) => X.set(r.values, i * FEATURE_COUNT));
  const grid = quantileGrid(column(X, n, FEATURE_COUNT, index), req.gridPoints);
  const r = await partialDependence(model.ensemble, X, n, FEATURE_COUNT, index, grid, { iceLines: req.iceLines, between: yieldToEventLoop });
  const f = FEATURES[index]!;
  return { key: f.key, labelZh: f.zh, labelEn: f.en, grid: r.grid, pd: r.pd, ice: r.ice, sampleSize: n };
}
