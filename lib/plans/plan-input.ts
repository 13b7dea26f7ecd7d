import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers, featureVectors, predictions, type CustomerRow } from "../../db/schema";
import { FEATURES, featureIndex } from "../data/catalog";
import { assetBucket, formatFeatureValue, MONEY_KEYS } from "../data/feature-format";
import { riskLevelForProbability, type RiskLevel } from "./plan-schema";
import { atCurrentAsOf } from "../../db/as-of";

/**
 * Everything a plan is built from. Deliberately free of personal data (name, phone, ID number,
 * branch) and of exact balances: this is what may leave the system in an LLM prompt.
 */
export interface PlanDriver {
  key: string;
  /** Chinese label from the feature catalog. */
  label: string;
  value: number;
  /** Display value, with money bucketed (no exact amounts). */
  display: string;
  /** SHAP contribution in log-odds. */
  shap: number;
  /** up = pushes churn risk up. */
  direction: "up" | "down";
}

export interface PlanProfile {
  customerType: string;
  /** e.g. "C3 稳健" */
  riskTolerance: string;
  /** 0..4 = C1..C5 */
  riskToleranceLevel: number;
  openChannel: string;
  tenureBucket: string;
  ageBucket: string;
  hasAdvisor: boolean;
  hasMargin: boolean;
  /** e.g. "2.5‱" */
  commissionRate: string;
  productCount: number;
}

export interface PlanInput {
  /** Pseudonymous customer id (the dataset key), never the name. */
  customerId: string;
  profile: PlanProfile;
  assetsBucket: string;
  probability: number;
  riskLevel: RiskLevel;
  /** Top drivers by |SHAP|, largest first. */
  drivers: PlanDriver[];
  /** Raw feature values by key: for the template planner's rules; not sent to the LLM wholesale. */
  features: Readonly<Record<string, number>>;
  /** Free text about the customer (e.g. an imported remark); quoted as data in prompts. */
  notes?: string;
}


export function tenureBucket(months: number): string {
  if (months < 12) return "1年以内";
  if (months < 36) return "1-3年";
  if (months < 60) return "3-5年";
  if (months < 120) return "5-10年";
  return "10年以上";
}

export function ageBucket(age: number): string {
  if (age < 30) return "30岁以下";
  if (age < 40) return "30-39岁";
  if (age < 50) return "40-49岁";
  if (age < 60) return "50-59岁";
  return "60岁及以上";
}

/** A feature value as the prompt may show it: amounts bucketed, everything else as displayed on the dashboard. */
export function promptDisplay(key: string, value: number): string {
  const info = FEATURES[featureIndex(key)];
  if (!info) return String(value);
  if (MONEY_KEYS.has(key)) {
    if (!Number.isFinite(value)) return "无数据";
    if (key === "net_inflow_total") return value < 0 ? `净流出 ${assetBucket(-value)}` : `净流入 ${assetBucket(value)}`;
    return assetBucket(Math.abs(value));
  }
  return formatFeatureValue(info, value);
}

export interface PlanInputSource {
  customer: Pick<
    CustomerRow,
    "id" | "customerType" | "riskTolerance" | "age" | "tenureMonths" | "openChannel" | "hasMargin" | "hasAdvisor" | "commissionRate" | "productCount"
  >;
  /** The 29 features in catalog order. */
  features: readonly number[];
  probability: number;
  riskLevel?: string;
  /** SHAP values in catalog order. */
  shap: readonly number[];
  notes?: string;
}

export function buildPlanInput(src: PlanInputSource, topDrivers = 6): PlanInput {
  if (src.features.length !== FEATURES.length) {
    throw new Error(`features 长度必须为 ${FEATURES.length}（实际 ${src.features.length}）`);
  }
  if (src.shap.length !== FEATURES.length) throw new Error(`shap 长度必须为 ${FEATURES.length}（实际 ${src.shap.length}）`);
  const features: Record<string, number> = {};
  FEATURES.forEach((f, i) => (features[f.key] = src.features[i] ?? Number.NaN));
  const drivers: PlanDriver[] = FEATURES.map((f, i) => ({
    key: f.key,
    label: f.zh,
    value: src.features[i] ?? Number.NaN,
    display: promptDisplay(f.key, src.features[i] ?? Number.NaN),
    shap: src.shap[i] ?? 0,
    direction: (src.shap[i] ?? 0) >= 0 ? ("up" as const) : ("down" as const),
  }))
    // A missing value is no reason to give a customer: its SHAP only says where the tree sent "unknown".
    .filter((d) => d.shap !== 0 && Number.isFinite(d.value))
    .sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap))
    .slice(0, topDrivers);
  const c = src.customer;
  const cat = (key: string, code: number) => FEATURES[featureIndex(key)]?.categories?.[code] ?? String(code);
  const level = src.riskLevel === "high" || src.riskLevel === "medium" || src.riskLevel === "low" ? src.riskLevel : riskLevelForProbability(src.probability);
  return {
    customerId: c.id,
    profile: {
      customerType: cat("customer_type", c.customerType),
      riskTolerance: cat("risk_tolerance", c.riskTolerance),
      riskToleranceLevel: c.riskTolerance,
      openChannel: cat("open_channel", c.openChannel),
      tenureBucket: tenureBucket(c.tenureMonths),
      ageBucket: ageBucket(c.age),
      hasAdvisor: c.hasAdvisor,
      hasMargin: c.hasMargin,
      commissionRate: `${Number(c.commissionRate.toFixed(2))}‱`,
      productCount: c.productCount,
    },
    assetsBucket: assetBucket(features.assets_latest ?? 0),
    probability: src.probability,
    riskLevel: level,
    drivers,
    features,
    ...(src.notes ? { notes: src.notes } : {}),
  };
}

/** Reads the customer, their feature vector and the run's prediction (one query), and builds the plan input. */
export async function loadPlanInput(db: Db, datasetId: number, modelRunId: number, customerId: string): Promise<PlanInput> {
  const [row] = await db
    .select({
      customer: customers,
      values: featureVectors.values,
      probability: predictions.probability,
      riskLevel: predictions.riskLevel,
      shap: predictions.shap,
    })
    .from(customers)
    .leftJoin(featureVectors, and(eq(featureVectors.datasetId, customers.datasetId), atCurrentAsOf(featureVectors, datasetId), eq(featureVectors.customerId, customers.id)))
    .leftJoin(
      predictions,
      and(eq(predictions.modelRunId, modelRunId), eq(predictions.datasetId, customers.datasetId), atCurrentAsOf(predictions, datasetId), eq(predictions.customerId, customers.id)),
    )
    .where(and(eq(customers.datasetId, datasetId), eq(customers.id, customerId)));
  if (!row) throw new Error(`客户 ${customerId} 不在数据集 ${datasetId} 中`);
  if (!row.values) throw new Error(`客户 ${customerId} 缺少特征向量（数据集 ${datasetId}）`);
  if (row.probability === null || !row.shap) throw new Error(`客户 ${customerId} 没有模型 ${modelRunId} 的预测结果`);
  return buildPlanInput({
    customer: row.customer,
    features: row.values,
    probability: row.probability,
    riskLevel: row.riskLevel ?? undefined,
    shap: row.shap,
  });
}
