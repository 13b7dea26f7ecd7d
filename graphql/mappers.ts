import type { DatasetRow, RetentionPlanRow, ScoringRunRow } from "../db/schema";
import { weekStart } from "../lib/data/timeline/as-of";
import type { ModelRunSummary } from "../lib/ml/model-registry";
import type { ChurnReport } from "../lib/plans/report";
import { FEATURES } from "../lib/data/catalog";
import { categoryLabel, formatFeatureValue } from "../lib/data/feature-format";
import type { CustomerDetail, CustomerSummary as SummaryRow } from "../lib/services/customer-queries";
import { contributions } from "../lib/services/customer-queries";
import type { BatchWithCounts } from "../lib/services/plan-queries";
import type {
  BacktestRole,
  BatchStatus,
  ChurnEvent,
  ChurnType,
  ScoringRun,
  ComplianceIssue,
  ComplianceStatus,
  Customer,
  CustomerSummary,
  Dataset,
  LearningPoint,
  Metrics,
  ModelParams,
  ModelRunResolvers,
  PlanBatch,
  PlanContent,
  PlanPriority,
  PlanSource,
  PlanStatus,
  Report,
  RetentionPlan,
  RiskLevel,
  RunStatus,
  Timings,
} from "./generated/resolvers-types";

const upper = <T extends string>(s: string): T => s.toUpperCase() as T;

export const riskLevel = (s: string): RiskLevel => upper<RiskLevel>(s);

// Stored priorities are codes (high|medium|low); old plan JSON may still say 高/中/低.
const PRIORITY: Record<string, PlanPriority> = { high: "HIGH", medium: "MEDIUM", low: "LOW", 高: "HIGH", 中: "MEDIUM", 低: "LOW" };

/** 'YYYY-MM-DD' of week index w of a timeline; null for snapshot datasets. */
export const weekDate = (startDate: string | null, w: number | null): string | null =>
  startDate === null || w === null ? null : weekStart(startDate, w);

export function toDataset(d: DatasetRow, counts: { active: number; churned: number }): Dataset {
  return {
    id: d.id,
    name: d.name,
    source: d.source,
    seed: d.seed,
    customerCount: d.nCustomers,
    weeks: d.nWeeks,
    churnRate: d.churnRate,
    targetChurnRate: d.targetChurnRate,
    oracleAuc: d.oracleAuc,
    kind: d.kind === "timeline" ? "TIMELINE" : "SNAPSHOT",
    startDate: d.startDate,
    asOfDate: weekDate(d.startDate, d.asOfWeek),
    historyWeeks: d.nWeeks,
    horizonWeeks: d.horizonWeeks,
    lookbackWeeks: d.lookbackWeeks,
    activeCustomers: counts.active,
    churnedCustomers: counts.churned,
    createdAt: d.createdAt,
    // Resolved per field by Dataset.scoredBy (graphql/resolvers/imports.ts).
    scoredBy: [],
  };
}

const CHURN_TYPE: Record<string, ChurnType> = { transfer: "TRANSFER", close: "CLOSE", asset_out: "ASSET_OUT" };

export function toChurnEvent(startDate: string | null, week: number | null, type: string | null): ChurnEvent | null {
  if (week === null || type === null) return null;
  return { week, date: weekDate(startDate, week) ?? "", type: CHURN_TYPE[type] ?? "TRANSFER" };
}

export function toScoringRun(r: ScoringRunRow, startDate: string | null): ScoringRun {
  return {
    id: r.id,
    modelRunId: r.modelRunId,
    datasetId: r.datasetId,
    asOfWeek: r.asOfWeek,
    asOfDate: weekDate(startDate, r.asOfWeek),
    horizonWeeks: r.horizonWeeks,
    outcomeDate: weekDate(startDate, r.asOfWeek + r.horizonWeeks),
    scoredCount: r.scoredCount,
    meanProbability: r.predicted.meanProbability,
    expectedChurners: r.predicted.expectedChurners,
    highRisk: r.predicted.highRisk,
    realised: r.realised,
    outcomesAt: r.outcomesAt,
    createdAt: r.createdAt,
  };
}

interface StoredParams {
  rounds?: number;
  maxDepth?: number;
  eta?: number;
  subsample?: number;
  colsampleBytree?: number;
  minChildWeight?: number;
  lambda?: number;
  treeMethod?: string;
  earlyStoppingRounds?: number;
  scalePosWeight?: number | "auto";
  seed?: number;
}

function toParams(p: unknown): ModelParams | null {
  if (!p || typeof p !== "object") return null;
  const s = p as StoredParams;
  return {
    rounds: s.rounds ?? 0,
    maxDepth: s.maxDepth ?? 0,
    eta: s.eta ?? 0,
    subsample: s.subsample ?? 1,
    colsampleBytree: s.colsampleBytree ?? 1,
    minChildWeight: s.minChildWeight ?? 0,
    lambda: s.lambda ?? 0,
    treeMethod: s.treeMethod ?? "",
    earlyStoppingRounds: s.earlyStoppingRounds ?? 0,
    scalePosWeight: typeof s.scalePosWeight === "number" ? s.scalePosWeight : 1,
    seed: s.seed ?? 0,
  };
}

/**
 * ModelRun fields whose stored form differs from the GraphQL one. The parent is the run summary
 * (codegen mapper: ModelRun → ModelRunSummary, never the model bytes); the other fields have the
 * same name and type and resolve by default.
 */
export const modelRunFields: ModelRunResolvers = {
  status: (r) => upper<RunStatus>(r.status),
  params: (r) => toParams(r.params),
  metrics: (r) => (r.metrics as Metrics | null) ?? null,
  learningCurve: (r) => learningCurveOf(r),
  timings: (r) => (r.timings as Timings | null) ?? null,
  split: (r) => (r.split ? { trainWeeks: r.split.train, validWeek: r.split.valid, testWeek: r.split.test, horizonWeeks: r.split.horizonWeeks } : null),
  backtest: (r) => (r.backtest ?? []).map((b) => ({ ...b, role: upper<BacktestRole>(b.role) })),
};

export function learningCurveOf(r: Pick<ModelRunSummary, "learningCurve">): LearningPoint[] {
  return Array.isArray(r.learningCurve) ? (r.learningCurve as LearningPoint[]) : [];
}

interface StoredPlan {
  priority: string;
  riskSummary: string;
  actions: { channel: string; action: string; timing: string }[];
  offer: string;
  offerStrength: string;
  script: string;
  expectedEffect: string;
  followUp: string;
}

function toPlanContent(p: unknown): PlanContent | null {
  if (!p || typeof p !== "object") return null;
  const s = p as StoredPlan;
  return {
    priority: PRIORITY[s.priority] ?? "MEDIUM",
    riskSummary: s.riskSummary,
    actions: s.actions ?? [],
    offer: s.offer,
    offerStrength: s.offerStrength,
    script: s.script,
    expectedEffect: s.expectedEffect,
    followUp: s.followUp,
  };
}

export function toRetentionPlan(r: RetentionPlanRow, liveText?: string): RetentionPlan {
  return {
    id: r.id,
    batchId: r.batchId,
    customerId: r.customerId,
    status: upper<PlanStatus>(r.status),
    probability: r.probability,
    riskLevel: riskLevel(r.riskLevel),
    priority: r.priority ? (PRIORITY[r.priority] ?? null) : null,
    plan: toPlanContent(r.plan),
    rawText: r.status === "running" && liveText !== undefined ? liveText : r.rawText,
    source: r.source ? upper<PlanSource>(r.source) : null,
    llmModel: r.llmModel,
    promptVersion: r.promptVersion,
    complianceStatus: r.complianceStatus ? upper<ComplianceStatus>(r.complianceStatus) : null,
    complianceIssues: Array.isArray(r.complianceIssues) ? (r.complianceIssues as ComplianceIssue[]) : [],
    error: r.error,
    attempts: r.attempts,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function toPlanBatch(b: BatchWithCounts): PlanBatch {
  return {
    id: b.id,
    modelRunId: b.modelRunId,
    status: upper<BatchStatus>(b.status),
    planner: upper<PlanSource>(b.planner),
    llmModel: b.llmModel,
    promptVersion: b.promptVersion,
    total: b.total,
    pending: b.pending,
    running: b.running,
    done: b.done,
    failed: b.failed,
    cancelled: b.cancelled,
    createdAt: b.createdAt,
    finishedAt: b.finishedAt,
  };
}


export function toCustomerSummary(s: SummaryRow, startDate: string | null): CustomerSummary {
  return {
    id: s.id,
    branch: s.branch,
    status: s.churned ? "CHURNED" : "ACTIVE",
    churnEvent: toChurnEvent(startDate, s.churnWeek, s.churnType),
    customerType: categoryLabel("customer_type", s.customerType),
    riskTolerance: categoryLabel("risk_tolerance", s.riskTolerance),
    assetsLatest: s.assetsLatest,
    probability: s.probability,
    riskLevel: s.riskLevel ? riskLevel(s.riskLevel) : null,
    riskRank: s.riskRank,
    expectedAssetLoss: s.expectedAssetLoss,
    hasPlan: s.hasPlan,
    topDrivers: s.topDrivers,
  };
}

/** 张*明 / 138****1234: enough for staff to recognise a customer, not enough to leak. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return "*";
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****";
}

export function toCustomer(d: CustomerDetail, baseValue: number | null, liveText: string | undefined, startDate: string | null): Customer {
  const c = d.customer;
  const features = d.features;
  return {
    id: c.id,
    status: c.churnWeek !== null || c.churned ? "CHURNED" : "ACTIVE",
    churnEvent: toChurnEvent(startDate, c.churnWeek, c.churnType),
    openDate: c.openWeek !== null && c.openWeek >= 0 ? weekDate(startDate, c.openWeek) : null,
    profile: {
      customerType: categoryLabel("customer_type", c.customerType),
      riskTolerance: categoryLabel("risk_tolerance", c.riskTolerance),
      age: c.age,
      tenureMonths: c.tenureMonths,
      openChannel: categoryLabel("open_channel", c.openChannel),
      hasMargin: c.hasMargin,
      hasAdvisor: c.hasAdvisor,
      commissionRate: c.commissionRate,
      branch: c.branch,
      maskedName: maskName(c.name),
      maskedPhone: maskPhone(c.phone),
    },
    assetsLatest: features[8] ?? 0,
    churned: c.churned,
    risk: d.prediction
      ? {
          probability: d.prediction.probability,
          margin: d.prediction.margin,
          level: riskLevel(d.prediction.riskLevel),
          rank: d.prediction.riskRank,
          expectedAssetLoss: d.prediction.expectedAssetLoss,
          lossRank: d.prediction.lossRank,
          modelRunId: d.prediction.modelRunId,
        }
      : null,
    weekly: d.weekly.map((w) => ({
      week: w.week,
      weekStart: weekDate(startDate, w.week - 1),
      logins: w.logins,
      trades: w.trades,
      tradeAmount: w.tradeAmount,
      totalAssets: w.totalAssets,
      netInflow: w.netInflow,
      serviceContacts: w.serviceContacts,
      complaints: w.complaints,
      weeklyReturn: w.weeklyReturn,
    })),
    features: FEATURES.map((f, i) => ({
      key: f.key,
      labelZh: f.zh,
      labelEn: f.en,
      value: Number.isFinite(features[i] ?? NaN) ? features[i]! : null,
      display: formatFeatureValue(f, features[i] ?? NaN),
    })),
    shapBaseValue: d.prediction ? baseValue : null,
    shap: d.prediction ? contributions(features, d.prediction.shap) : [],
    latestPlan: d.latestPlan ? toRetentionPlan(d.latestPlan, liveText) : null,
  };
}

export const toReport = (r: ChurnReport): Report => ({
  markdown: r.markdown,
  html: r.html,
  source: r.source === "llm" ? "LLM" : "TEMPLATE",
  generatedAt: r.generatedAt,
});
