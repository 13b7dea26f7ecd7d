import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers, featureVectors, modelRuns, predictions } from "../../db/schema";
import { FEATURE_KEYS } from "../../lib/data/catalog";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { riskLevelOf } from "../../lib/ml/risk";

export interface PlanFixture {
  datasetId: number;
  /** The dataset's as-of week: the active customers scored. */
  asOfWeek: number;
  modelRunId: number;
  /** All scored customers, highest probability first. */
  rankedIds: string[];
}

/**
 * A synthetic dataset plus a model run with predictions for its active customers, written
 * directly so plan tests do not depend on training: probability = a deterministic spread over
 * the customers, SHAP = a deterministic spread over standardised features (enough to give every
 * customer different drivers).
 */
export async function seedPlanFixture(db: Db, opts: { customers?: number; seed?: number } = {}): Promise<PlanFixture> {
  const dataset = await generateAndStoreDataset(db, { customers: opts.customers ?? 200, lookbackWeeks: 12, seed: opts.seed ?? 1, churnRate: 0.3 });
  const [run] = await db
    .insert(modelRuns)
    .values({ datasetId: dataset.id, status: "succeeded", phase: "done", params: {}, featureNames: [...FEATURE_KEYS], shapBaseValue: -0.8 })
    .returning({ id: modelRuns.id });
  if (!run) throw new Error("model run insert failed");
  const scored = await db
    .select({ id: customers.id, values: featureVectors.values })
    .from(customers)
    .innerJoin(featureVectors, and(eq(featureVectors.datasetId, customers.datasetId), eq(featureVectors.customerId, customers.id), eq(featureVectors.asOfWeek, dataset.asOfWeek)))
    .where(eq(customers.datasetId, dataset.id))
    .orderBy(customers.id);
  const rows = scored.map((r, i) => ({ ...r, p: 0.02 + 0.96 * ((i * 0.6180339887) % 1) }));
  const n = FEATURE_KEYS.length;
  const mean = Array<number>(n).fill(0);
  const sd = Array<number>(n).fill(0);
  for (const r of rows) r.values.forEach((v, j) => (mean[j]! += v / rows.length));
  for (const r of rows) r.values.forEach((v, j) => (sd[j]! += (v - mean[j]!) ** 2 / rows.length));
  const sorted = [...rows].sort((a, b) => (b.p ?? 0) - (a.p ?? 0));
  const values = sorted.map((r, rank) => {
    const probability = Math.min(0.999, Math.max(0.001, r.p ?? 0.3));
    const margin = Math.log(probability / (1 - probability));
    const z = r.values.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / Math.sqrt(sd[j]!) : 0));
    const weights = z.map((zj, j) => zj * Math.sin(j * 1.7 + 0.3));
    const sum = weights.reduce((s, w) => s + Math.abs(w), 0) || 1;
    const shap = weights.map((w) => ((margin + 0.8) * Math.abs(w)) / sum * Math.sign(w || 1));
    return {
      modelRunId: run.id,
      datasetId: dataset.id,
      asOfWeek: dataset.asOfWeek,
      customerId: r.id,
      probability,
      margin,
      riskLevel: riskLevelOf(probability),
      riskRank: rank + 1,
      expectedAssetLoss: probability * (r.values[FEATURE_KEYS.indexOf("assets_latest")] ?? 0),
      lossRank: rank + 1,
      shap,
    };
  });
  for (let i = 0; i < values.length; i += 500) await db.insert(predictions).values(values.slice(i, i + 500));
  return { datasetId: dataset.id, asOfWeek: dataset.asOfWeek, modelRunId: run.id, rankedIds: sorted.map((r) => r.id) };
}

export async function latestRunId(db: Db): Promise<number | undefined> {
  const [r] = await db.select({ id: modelRuns.id }).from(modelRuns).orderBy(desc(modelRuns.id)).limit(1);
  return r?.id;
}
