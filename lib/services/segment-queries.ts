import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { resultRows } from "../../db/result-rows";
import { FEATURES, featureIndex } from "../data/catalog";
import type { TtlCache } from "../cache/ttl-cache";
import type { CustomerScope } from "./customer-queries";
import { ASSET_BAND_EDGES_WAN, assetBand } from "../segments/asset-bands";

export { ASSET_BAND_EDGES_WAN } from "../segments/asset-bands";

/**
 * Churn and risk by customer segment: per branch (营业部), opening channel, customer type, risk
 * tolerance and asset band, the realised churn rate, the mean predicted risk of the active
 * customers, their count and the features that drive their risk most (mean |SHAP|).
 *
 * Two grouped queries answer every dimension at once (GROUPING SETS, one scan each):
 * - risk: the active model's predictions at the dataset's as-of date (scoring covers active
 *   customers only, and churned ones are excluded explicitly), with SHAP means per feature as
 *   29 aggregates over the stored SHAP arrays (no unnesting);
 * - churn: the feature snapshots at the latest as-of date whose labels are known (timelines: the
 *   H-week churn rate among customers active then; snapshot datasets: the recorded label). The
 *   segment attributes of a churned customer (their assets then) are those of that date.
 */

export type SegmentDimension = "branch" | "channel" | "customerType" | "riskTolerance" | "assetBand";
export const SEGMENT_DIMENSIONS: readonly SegmentDimension[] = ["branch", "channel", "customerType", "riskTolerance", "assetBand"];

const EDGES_YUAN = ASSET_BAND_EDGES_WAN.map((w) => w * 10_000);

export interface SegmentDriver {
  key: string;
  labelZh: string;
  labelEn: string;
  meanAbsShap: number;
}

export interface SegmentRow {
  dimension: SegmentDimension;
  /** The filter value: branch name, or the category code / band index as text. */
  key: string;
  labelZh: string;
  labelEn: string;
  /** Active customers scored at the as-of date. */
  customers: number;
  meanProbability: number | null;
  highRisk: number;
  expectedAssetLoss: number;
  /** Customers with a known outcome at the labelled date, and the share of them who churned. */
  labelled: number;
  churnRate: number | null;
  topDrivers: SegmentDriver[];
  /** Asset bands only (元). */
  minAssets: number | null;
  maxAssets: number | null;
}

export interface SegmentSummary {
  /** As-of week of the predictions (the dataset's), and of the labelled snapshot the churn rates come from (null: no labels). */
  asOfWeek: number;
  labelledAsOfWeek: number | null;
  /** All active scored customers together, and all labelled ones. */
  overall: Omit<SegmentRow, "dimension" | "key" | "labelZh" | "labelEn" | "minAssets" | "maxAssets">;
  segments: SegmentRow[];
}

const ASSETS_AT = featureIndex("assets_latest") + 1; // PostgreSQL arrays are 1-based
const TOP_DRIVERS = 3;

/** A band index per snapshot row; null when assets are missing (NaN). */
function bandExpr(alias: string): SQL {
  const v = sql.raw(`${alias}.values[${ASSETS_AT}]`);
  return sql`case when ${v} is null or ${v} = 'NaN'::float8 then null else width_bucket(${v}, ${sql.raw(`array[${EDGES_YUAN.join(",")}]::float8[]`)}) end`;
}

const GROUPING_SETS = sql.raw("grouping sets ((), (c.branch), (c.open_channel), (c.customer_type), (c.risk_tolerance), (band))");
const KEY_COLUMNS = sql.raw(
  "c.branch as branch, c.open_channel as channel, c.customer_type as customer_type, c.risk_tolerance as risk_tolerance, " +
    "grouping(c.branch) as g_branch, grouping(c.open_channel) as g_channel, grouping(c.customer_type) as g_type, grouping(c.risk_tolerance) as g_tol, grouping(band) as g_band",
);

interface KeyRow {
  branch: string | null;
  channel: number | null;
  customer_type: number | null;
  risk_tolerance: number | null;
  band: number | null;
  g_branch: number;
  g_channel: number;
  g_type: number;
  g_tol: number;
  g_band: number;
}

/** Which grouping set a row belongs to, and its key; null for the grand total. */
function keyOf(r: KeyRow): { dimension: SegmentDimension; key: string | null } | null {
  if (Number(r.g_branch) === 0) return { dimension: "branch", key: r.branch };
  if (Number(r.g_channel) === 0) return { dimension: "channel", key: r.channel === null ? null : String(r.channel) };
  if (Number(r.g_type) === 0) return { dimension: "customerType", key: r.customer_type === null ? null : String(r.customer_type) };
  if (Number(r.g_tol) === 0) return { dimension: "riskTolerance", key: r.risk_tolerance === null ? null : String(r.risk_tolerance) };
  if (Number(r.g_band) === 0) return { dimension: "assetBand", key: r.band === null ? null : String(r.band) };
  return null;
}



const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function category(feature: string, code: number): { zh: string; en: string } {
  const f = FEATURES[featureIndex(feature)]!;
  const zh = f.categories?.[code] ?? String(code);
  return { zh, en: zh };
}

const CATEGORY_EN: Record<string, string> = {
  普通个人: "Individual",
  高净值: "High net worth",
  机构: "Institution",
  线上: "Online",
  营业部: "Branch office",
  "C1 保守": "C1 conservative",
  "C2 谨慎": "C2 cautious",
  "C3 稳健": "C3 balanced",
  "C4 积极": "C4 growth",
  "C5 激进": "C5 aggressive",
};

function labelOf(dimension: SegmentDimension, key: string | null): { labelZh: string; labelEn: string; minAssets: number | null; maxAssets: number | null } {
  const none = { minAssets: null, maxAssets: null };
  if (key === null) return { labelZh: "未知", labelEn: "Unknown", ...none };
  if (dimension === "branch") return { labelZh: key, labelEn: key, ...none };
  if (dimension === "assetBand") {
    const b = assetBand(Number(key));
    return { labelZh: b.labelZh, labelEn: b.labelEn, minAssets: b.minAssets, maxAssets: b.maxAssets };
  }
  const feature = dimension === "channel" ? "open_channel" : dimension === "customerType" ? "customer_type" : "risk_tolerance";
  const { zh } = category(feature, Number(key));
  return { labelZh: zh, labelEn: CATEGORY_EN[zh] ?? zh, ...none };
}

function driversOf(r: Record<string, unknown>): SegmentDriver[] {
  const all: SegmentDriver[] = [];
  for (let i = 0; i < FEATURES.length; i++) {
    const v = num(r[`s${i}`]);
    if (v === null || !Number.isFinite(v)) continue;
    const f = FEATURES[i]!;
    all.push({ key: f.key, labelZh: f.zh, labelEn: f.en, meanAbsShap: v });
  }
  return all.sort((a, b) => b.meanAbsShap - a.meanAbsShap).slice(0, TOP_DRIVERS);
}

async function riskBySegment(db: Db, scope: CustomerScope & { runId: number }) {
  const shapMeans = sql.raw(FEATURES.map((_, i) => `avg(abs(p.shap[${i + 1}])) as s${i}`).join(", "));
  const result = await db.execute(sql`
    select ${KEY_COLUMNS}, band, count(*)::int as n, avg(p.probability) as mean_p,
      count(*) filter (where p.risk_level = 'high')::int as high, coalesce(sum(p.expected_asset_loss), 0) as loss, ${shapMeans}
    from (
      select p.*, ${bandExpr("fv")} as band
      from predictions p
      left join feature_vectors fv on fv.dataset_id = p.dataset_id and fv.as_of_week = p.as_of_week and fv.customer_id = p.customer_id
      where p.model_run_id = ${scope.runId} and p.dataset_id = ${scope.datasetId} and p.as_of_week = ${scope.asOfWeek}
    ) p
    join customers c on c.dataset_id = p.dataset_id and c.id = p.customer_id
    where not coalesce(c.churn_week is not null or c.churned, false)
    group by ${GROUPING_SETS}`);
  return resultRows<KeyRow & Record<string, unknown>>(result);
}

async function latestLabelledWeek(db: Db, scope: CustomerScope): Promise<number | null> {
  const result = await db.execute(
    sql`select max(as_of_week)::int as w from feature_vectors where dataset_id = ${scope.datasetId} and as_of_week <= ${scope.asOfWeek} and label is not null`,
  );
  return num(resultRows<{ w: number | null }>(result)[0]?.w);
}

async function churnBySegment(db: Db, datasetId: number, week: number) {
  const result = await db.execute(sql`
    select ${KEY_COLUMNS}, band, count(*)::int as n, avg(fv.label::float8) as rate
    from (select fv.*, ${bandExpr("fv")} as band from feature_vectors fv where fv.dataset_id = ${datasetId} and fv.as_of_week = ${week} and fv.label is not null) fv
    join customers c on c.dataset_id = fv.dataset_id and c.id = fv.customer_id
    group by ${GROUPING_SETS}`);
  return resultRows<KeyRow & { n: number; rate: number | null }>(result);
}

const DIMENSION_ORDER = new Map(SEGMENT_DIMENSIONS.map((d, i) => [d, i]));

/** Sort key within a dimension: bands and categories by code, branches by name. */
function compareSegments(a: SegmentRow, b: SegmentRow): number {
  const d = DIMENSION_ORDER.get(a.dimension)! - DIMENSION_ORDER.get(b.dimension)!;
  if (d !== 0) return d;
  if (a.dimension === "branch") return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  return Number(a.key) - Number(b.key);
}

export async function segmentSummary(db: Db, scope: CustomerScope): Promise<SegmentSummary> {
  const labelledWeek = await latestLabelledWeek(db, scope);
  const [risk, churn] = await Promise.all([
    scope.runId === null ? Promise.resolve([]) : riskBySegment(db, { ...scope, runId: scope.runId }),
    labelledWeek === null ? Promise.resolve([]) : churnBySegment(db, scope.datasetId, labelledWeek),
  ]);
  const empty = { customers: 0, meanProbability: null, highRisk: 0, expectedAssetLoss: 0, labelled: 0, churnRate: null, topDrivers: [] as SegmentDriver[] };
  let overall: SegmentSummary["overall"] = { ...empty };
  const byKey = new Map<string, SegmentRow>();
  const rowFor = (dimension: SegmentDimension, key: string | null): SegmentRow => {
    const id = `${dimension}\u0000${key ?? ""}`;
    let row = byKey.get(id);
    if (!row) byKey.set(id, (row = { dimension, key: key ?? "", ...labelOf(dimension, key), ...empty }));
    return row;
  };
  for (const r of risk) {
    const values = { customers: Number(r.n), meanProbability: num(r.mean_p), highRisk: Number(r.high), expectedAssetLoss: Number(r.loss), topDrivers: driversOf(r) };
    const k = keyOf(r);
    if (k === null) overall = { ...overall, ...values };
    else Object.assign(rowFor(k.dimension, k.key), values);
  }
  for (const r of churn) {
    const values = { labelled: Number(r.n), churnRate: num(r.rate) };
    const k = keyOf(r);
    if (k === null) overall = { ...overall, ...values };
    else Object.assign(rowFor(k.dimension, k.key), values);
  }
  return { asOfWeek: scope.asOfWeek, labelledAsOfWeek: labelledWeek, overall, segments: [...byKey.values()].sort(compareSegments) };
}

/** Summaries per scope (a new scope is a new key); the cache belongs to the server's ReadCache. */
export type SegmentSummaryCache = TtlCache<string, Promise<SegmentSummary>>;

export function cachedSegmentSummary(cache: SegmentSummaryCache, db: Db, scope: CustomerScope): Promise<SegmentSummary> {
  const key = `${scope.datasetId}:${scope.asOfWeek}:${scope.runId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const value = segmentSummary(db, scope);
  value.catch(() => cache.delete(key));
  return cache.set(key, value);
}

/** The branches (营业部) of a dataset's customers, for the list's filter. */
export async function listBranches(db: Db, datasetId: number): Promise<string[]> {
  const result = await db.execute(sql`select distinct branch from customers where dataset_id = ${datasetId} order by branch`);
  return resultRows<{ branch: string }>(result).map((r) => r.branch);
}
