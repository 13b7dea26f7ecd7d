import { and, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "../../db/client";
import { customers, datasets, featureVectors, planBatches, predictions, retentionPlans } from "../../db/schema";
import { FEATURES, featureIndex } from "../data/catalog";
import { categoryLabel } from "../data/feature-format";
import { AppError } from "../errors/app-error";
import { getActiveRunSummary, type ModelRunSummary } from "../ml/model-registry";
import { atCurrentAsOf } from "../../db/as-of";

/**
 * Figures behind the churn analysis report and the Excel export. Everything here is computed
 * from the database (aggregations run in SQL); the narrative layer only words them.
 */

export const RISK_LEVEL_ZH: Readonly<Record<string, string>> = { high: "高", medium: "中", low: "低" };

export function riskLevelZh(level: string): string {
  return RISK_LEVEL_ZH[level] ?? level;
}

// ───────────────────────────── model metrics ─────────────────────────────

const finite = z.number().finite();
const metricsSchema = z.looseObject({
  auc: finite.optional(),
  prAuc: finite.optional(),
  accuracy: finite.optional(),
  precision: finite.optional(),
  recall: finite.optional(),
  f1: finite.optional(),
  logLoss: finite.optional(),
  brier: finite.optional(),
  threshold: finite.optional(),
  oracleAuc: finite.nullable().optional(),
  oracleRatio: finite.nullable().optional(),
  testSize: finite.optional(),
  trainSize: finite.optional(),
  validationSize: finite.optional(),
  confusion: z.object({ tp: finite, fp: finite, tn: finite, fn: finite }).optional(),
});

export interface ModelMetricsView {
  auc: number | null;
  prAuc: number | null;
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  logLoss: number | null;
  brier: number | null;
  threshold: number | null;
  oracleAuc: number | null;
  /** auc / oracleAuc */
  oracleRatio: number | null;
  testSize: number | null;
  trainSize: number | null;
  confusion: { tp: number; fp: number; tn: number; fn: number } | null;
}

/**
 * Reads model_runs.metrics (written by the training worker, shaped like GraphQL `Metrics`).
 * Tolerant: a missing or malformed field becomes null rather than failing the export.
 */
export function readModelMetrics(json: unknown, fallback: { threshold?: number | null; oracleAuc?: number | null } = {}): ModelMetricsView {
  const parsed = metricsSchema.safeParse(json ?? {});
  const m = parsed.success ? parsed.data : {};
  const auc = m.auc ?? null;
  const oracleAuc = m.oracleAuc ?? fallback.oracleAuc ?? null;
  return {
    auc,
    prAuc: m.prAuc ?? null,
    accuracy: m.accuracy ?? null,
    precision: m.precision ?? null,
    recall: m.recall ?? null,
    f1: m.f1 ?? null,
    logLoss: m.logLoss ?? null,
    brier: m.brier ?? null,
    threshold: m.threshold ?? fallback.threshold ?? null,
    oracleAuc,
    oracleRatio: m.oracleRatio ?? (auc !== null && oracleAuc ? auc / oracleAuc : null),
    testSize: m.testSize ?? null,
    trainSize: m.trainSize ?? null,
    confusion: m.confusion ?? null,
  };
}

// ───────────────────────────── SHAP drivers ─────────────────────────────

export interface Driver {
  key: string;
  zh: string;
  /** SHAP value in log-odds; positive pushes towards churn. */
  shap: number;
}

/** The features that push this customer most towards churn (positive SHAP only), largest first. */
export function topChurnDrivers(shap: readonly number[], n = 3): Driver[] {
  return shap
    .map((v, i) => ({ v, i }))
    .filter((d) => d.i < FEATURES.length && Number.isFinite(d.v) && d.v > 0)
    .sort((a, b) => b.v - a.v)
    .slice(0, n)
    .map((d) => ({ key: FEATURES[d.i].key, zh: FEATURES[d.i].zh, shap: d.v }));
}

export function driversText(shap: readonly number[], n = 3): string {
  const top = topChurnDrivers(shap, n);
  return top.length ? top.map((d) => d.zh).join("、") : "无显著流失驱动因素";
}

// ───────────────────────────── lookups ─────────────────────────────

/** A requested batch / model / dataset does not exist (HTTP 404 at the edge). */
export class ExportNotFoundError extends AppError {
  constructor(message: string) {
    super("NOT_FOUND", message);
    this.name = "ExportNotFoundError";
  }
}

export async function findActiveDatasetId(db: Db): Promise<number | null> {
  const rows = await db
    .select({ id: datasets.id })
    .from(datasets)
    .orderBy(desc(datasets.isActive), desc(datasets.id))
    .limit(1);
  return rows[0]?.id ?? null;
}

// Run lookups are the model registry's (getRunSummary / getActiveRunSummary): one name per lookup.
export type { ModelRunSummary };

/** The dataset a report is about: the active model's, else the active one, else the newest. */
async function findReportDataset(db: Db, model: ModelRunSummary | null) {
  if (model?.datasetId != null) {
    const rows = await db.select().from(datasets).where(eq(datasets.id, model.datasetId)).limit(1);
    if (rows[0]) return rows[0];
  }
  const rows = await db
    .select()
    .from(datasets)
    .orderBy(desc(datasets.isActive), desc(datasets.id))
    .limit(1);
  return rows[0] ?? null;
}

/** SQL expression for one feature of feature_vectors.values (PostgreSQL arrays are 1-based). */
export function featureValueSql(key: string): SQL<number> {
  return sql<number>`${featureVectors.values}[${sql.raw(String(featureIndex(key) + 1))}]`;
}

// ───────────────────────────── report figures ─────────────────────────────

export interface DatasetFigures {
  id: number;
  name: string;
  source: string;
  nCustomers: number;
  nWeeks: number;
  /** Customers with a known label. */
  labelled: number;
  churned: number;
  churnRate: number;
  oracleAuc: number | null;
}

export interface ModelFigures {
  id: number;
  source: string;
  metrics: ModelMetricsView;
  finishedAt: Date | null;
  scored: number;
}

export interface DriverFigure {
  key: string;
  zh: string;
  group: string;
  meanAbsShap: number;
  /** Mean signed SHAP: positive means the feature raises churn risk on average. */
  meanShap: number;
  /** Share of customers for whom this is the largest positive driver. */
  topDriverShare: number;
}

export interface SegmentRow {
  value: number;
  label: string;
  customers: number;
  churnRate: number | null;
  meanProbability: number | null;
}

export interface SegmentTable {
  key: "customer_type" | "risk_tolerance" | "open_channel" | "has_advisor";
  zh: string;
  rows: SegmentRow[];
}

export interface RiskFigures {
  high: number;
  medium: number;
  low: number;
  total: number;
}

export interface LossRow {
  customerId: string;
  probability: number;
  riskLevel: string;
  assets: number;
  expectedLoss: number;
  customerType: string;
}

export interface ExpectedLossFigures {
  /** Σ probability × latest assets (predictions.expected_asset_loss). */
  total: number;
  totalAssets: number;
  /** Expected loss of the high-risk customers alone. */
  highRisk: number;
  top: LossRow[];
}

export interface BatchFigures {
  id: number;
  status: string;
  planner: string;
  llmModel: string | null;
  total: number;
  byStatus: Record<string, number>;
  byCompliance: Record<string, number>;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ReportData {
  dataset: DatasetFigures | null;
  model: ModelFigures | null;
  drivers: DriverFigure[];
  segments: SegmentTable[];
  risk: RiskFigures | null;
  expectedLoss: ExpectedLossFigures | null;
  batch: BatchFigures | null;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function datasetFigures(db: Db, model: ModelRunSummary | null): Promise<DatasetFigures | null> {
  const ds = await findReportDataset(db, model);
  if (!ds) return null;
  const [agg] = await db
    .select({
      n: sql<number>`count(*)::int`,
      labelled: sql<number>`count(${customers.churned})::int`,
      churned: sql<number>`count(*) filter (where ${customers.churned})::int`,
    })
    .from(customers)
    .where(eq(customers.datasetId, ds.id));
  const labelled = num(agg?.labelled);
  const churned = num(agg?.churned);
  return {
    id: ds.id,
    name: ds.name,
    source: ds.source,
    nCustomers: num(agg?.n) || ds.nCustomers,
    nWeeks: ds.nWeeks,
    labelled,
    churned,
    churnRate: labelled > 0 ? churned / labelled : ds.churnRate,
    oracleAuc: ds.oracleAuc,
  };
}

async function driverFigures(db: Db, modelRunId: number): Promise<DriverFigure[]> {
  // Mean |SHAP| per feature over all scored customers, computed by the database.
  const rows = await db
    .select({
      idx: sql<number>`s.i::int`,
      meanAbs: sql<number>`avg(abs(s.v))::float8`,
      mean: sql<number>`avg(s.v)::float8`,
    })
    .from(sql`${predictions} cross join lateral unnest(${predictions.shap}) with ordinality as s(v, i)`)
    .where(and(eq(predictions.modelRunId, modelRunId), atCurrentAsOf(predictions)))
    .groupBy(sql`s.i`);
  // Which feature is each customer's largest positive driver.
  const tops = await db
    .select({ idx: sql<number>`t.i::int`, n: sql<number>`count(*)::int` })
    .from(
      sql`(select distinct on (${predictions.customerId}) s.i
            from ${predictions} cross join lateral unnest(${predictions.shap}) with ordinality as s(v, i)
            where ${predictions.modelRunId} = ${modelRunId} and ${atCurrentAsOf(predictions)} and s.v > 0
            order by ${predictions.customerId}, s.v desc) as t`,
    )
    .groupBy(sql`t.i`);
  const [{ scored } = { scored: 0 }] = await db
    .select({ scored: sql<number>`count(*)::int` })
    .from(predictions)
    .where(and(eq(predictions.modelRunId, modelRunId), atCurrentAsOf(predictions)));
  const topCount = new Map(tops.map((t) => [num(t.idx), num(t.n)]));
  return rows
    .map((r) => ({ i: num(r.idx) - 1, meanAbs: num(r.meanAbs), mean: num(r.mean), top: topCount.get(num(r.idx)) ?? 0 }))
    .filter((r) => r.i >= 0 && r.i < FEATURES.length)
    .map((r) => ({
      key: FEATURES[r.i].key,
      zh: FEATURES[r.i].zh,
      group: FEATURES[r.i].group,
      meanAbsShap: r.meanAbs,
      meanShap: r.mean,
      topDriverShare: num(scored) > 0 ? r.top / num(scored) : 0,
    }))
    .sort((a, b) => b.meanAbsShap - a.meanAbsShap);
}

const SEGMENTS: { key: SegmentTable["key"]; column: AnyPgColumn }[] = [
  { key: "customer_type", column: customers.customerType },
  { key: "risk_tolerance", column: customers.riskTolerance },
  { key: "open_channel", column: customers.openChannel },
  // Boolean: cast to 0/1 below, which is also the catalog's category code.
  { key: "has_advisor", column: customers.hasAdvisor },
];

export { categoryLabel } from "../data/feature-format";

async function segmentTables(db: Db, datasetId: number, modelRunId: number | null): Promise<SegmentTable[]> {
  const out: SegmentTable[] = [];
  for (const seg of SEGMENTS) {
    const value = sql<number>`(${seg.column})::int`;
    const rows = await db
      .select({
        value,
        n: sql<number>`count(*)::int`,
        churnRate: sql<number | null>`avg(case when ${customers.churned} then 1.0 when not ${customers.churned} then 0.0 end)::float8`,
        meanProbability: sql<number | null>`avg(${predictions.probability})::float8`,
      })
      .from(customers)
      .leftJoin(
        predictions,
        and(
          eq(predictions.customerId, customers.id),
          eq(predictions.datasetId, customers.datasetId),
          eq(predictions.modelRunId, modelRunId ?? -1),
          atCurrentAsOf(predictions),
        ),
      )
      .where(eq(customers.datasetId, datasetId))
      .groupBy(seg.column)
      .orderBy(seg.column);
    out.push({
      key: seg.key,
      zh: FEATURES[featureIndex(seg.key)].zh,
      rows: rows.map((r) => ({
        value: num(r.value),
        label: categoryLabel(seg.key, num(r.value)),
        customers: num(r.n),
        churnRate: numOrNull(r.churnRate),
        meanProbability: numOrNull(r.meanProbability),
      })),
    });
  }
  return out;
}

async function riskFigures(db: Db, modelRunId: number): Promise<RiskFigures> {
  const rows = await db
    .select({ level: predictions.riskLevel, n: sql<number>`count(*)::int` })
    .from(predictions)
    .where(and(eq(predictions.modelRunId, modelRunId), atCurrentAsOf(predictions)))
    .groupBy(predictions.riskLevel);
  const by = new Map(rows.map((r) => [r.level, num(r.n)]));
  const high = by.get("high") ?? 0;
  const medium = by.get("medium") ?? 0;
  const low = by.get("low") ?? 0;
  return { high, medium, low, total: rows.reduce((s, r) => s + num(r.n), 0) };
}

async function expectedLossFigures(db: Db, modelRunId: number, topN = 10): Promise<ExpectedLossFigures> {
  // expected_asset_loss is written by the scorer as probability × latest assets; using the stored
  // value keeps the report consistent with the dashboard and the Excel export.
  const assets = featureValueSql("assets_latest");
  const fvJoin = and(
    eq(featureVectors.datasetId, predictions.datasetId),
    eq(featureVectors.asOfWeek, predictions.asOfWeek),
    eq(featureVectors.customerId, predictions.customerId),
  );
  const [agg] = await db
    .select({
      total: sql<number>`coalesce(sum(${predictions.expectedAssetLoss}), 0)::float8`,
      totalAssets: sql<number>`coalesce(sum(${assets}), 0)::float8`,
      highRisk: sql<number>`coalesce(sum(${predictions.expectedAssetLoss}) filter (where ${predictions.riskLevel} = 'high'), 0)::float8`,
    })
    .from(predictions)
    .leftJoin(featureVectors, fvJoin)
    .where(and(eq(predictions.modelRunId, modelRunId), atCurrentAsOf(predictions)));
  const top = await db
    .select({
      customerId: predictions.customerId,
      probability: predictions.probability,
      riskLevel: predictions.riskLevel,
      assets: sql<number | null>`(${assets})::float8`,
      expectedLoss: predictions.expectedAssetLoss,
      customerType: customers.customerType,
    })
    .from(predictions)
    .leftJoin(featureVectors, fvJoin)
    .leftJoin(customers, and(eq(customers.datasetId, predictions.datasetId), eq(customers.id, predictions.customerId)))
    .where(and(eq(predictions.modelRunId, modelRunId), atCurrentAsOf(predictions)))
    .orderBy(desc(predictions.expectedAssetLoss), predictions.customerId)
    .limit(topN);
  return {
    total: num(agg?.total),
    totalAssets: num(agg?.totalAssets),
    highRisk: num(agg?.highRisk),
    top: top.map((r) => ({
      customerId: r.customerId,
      probability: r.probability,
      riskLevel: r.riskLevel,
      assets: num(r.assets),
      expectedLoss: r.expectedLoss,
      customerType: r.customerType === null ? "" : categoryLabel("customer_type", r.customerType),
    })),
  };
}

export async function findPlanBatch(db: Db, batchId?: number) {
  const rows =
    batchId === undefined
      ? await db.select().from(planBatches).orderBy(desc(planBatches.id)).limit(1)
      : await db.select().from(planBatches).where(eq(planBatches.id, batchId)).limit(1);
  return rows[0] ?? null;
}

async function batchFigures(db: Db, modelRunId: number | null): Promise<BatchFigures | null> {
  const rows = await db
    .select()
    .from(planBatches)
    .where(modelRunId === null ? undefined : eq(planBatches.modelRunId, modelRunId))
    .orderBy(desc(planBatches.id))
    .limit(1);
  const batch = rows[0];
  if (!batch) return null;
  const byStatus = await db
    .select({ key: retentionPlans.status, n: count() })
    .from(retentionPlans)
    .where(eq(retentionPlans.batchId, batch.id))
    .groupBy(retentionPlans.status);
  const byCompliance = await db
    .select({ key: sql<string>`coalesce(${retentionPlans.complianceStatus}, 'unchecked')`, n: count() })
    .from(retentionPlans)
    .where(and(eq(retentionPlans.batchId, batch.id), eq(retentionPlans.status, "done")))
    .groupBy(retentionPlans.complianceStatus);
  const toRecord = (rs: { key: string; n: unknown }[]) => Object.fromEntries(rs.map((r) => [r.key, num(r.n)]));
  return {
    id: batch.id,
    status: batch.status,
    planner: batch.planner,
    llmModel: batch.llmModel,
    total: batch.total,
    byStatus: toRecord(byStatus),
    byCompliance: toRecord(byCompliance),
    createdAt: batch.createdAt,
    finishedAt: batch.finishedAt,
  };
}

/** Every figure of the churn analysis report, from the active model (or the newest dataset when none). */
export async function computeReportData(db: Db): Promise<ReportData> {
  const model = await getActiveRunSummary(db);
  const dataset = await datasetFigures(db, model);
  if (!model) {
    return {
      dataset,
      model: null,
      drivers: [],
      segments: dataset ? await segmentTables(db, dataset.id, null) : [],
      risk: null,
      expectedLoss: null,
      batch: null,
    };
  }
  const risk = await riskFigures(db, model.id);
  return {
    dataset,
    model: {
      id: model.id,
      source: model.source,
      metrics: readModelMetrics(model.metrics, { threshold: model.threshold, oracleAuc: dataset?.oracleAuc }),
      finishedAt: model.finishedAt,
      scored: risk.total,
    },
    drivers: await driverFigures(db, model.id),
    segments: dataset ? await segmentTables(db, dataset.id, model.id) : [],
    risk,
    expectedLoss: await expectedLossFigures(db, model.id),
    batch: await batchFigures(db, model.id),
  };
}
