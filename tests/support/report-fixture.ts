import type { Db } from "../../db/client";
import { customers, datasets, featureVectors, modelRuns, planBatches, predictions, retentionPlans } from "../../db/schema";
import { FEATURE_KEYS, featureIndex } from "../../lib/data/catalog";

/**
 * A small, fully known database for the export and report tests: one dataset, one active
 * model with metrics, predictions with SHAP, and a plan batch covering every plan state.
 * Rows are inserted directly so the tests do not depend on the generator or the trainer.
 */

export const INJECTION = '=HYPERLINK("x")';
export const DATASET_NAME = "测试数据集 <script>alert(1)</script>";
export const N_CUSTOMERS = 40;
export const OUTFLOW = featureIndex("outflow_last4w");
export const ASSETS = featureIndex("assets_latest");

export const METRICS = {
  auc: 0.8123,
  prAuc: 0.6543,
  accuracy: 0.79,
  precision: 0.66,
  recall: 0.58,
  f1: 0.6174,
  logLoss: 0.4321,
  brier: 0.1432,
  threshold: 0.45,
  confusion: { tp: 58, fp: 30, tn: 180, fn: 42 },
  oracleAuc: 0.85,
  oracleRatio: 0.8123 / 0.85,
  testSize: 310,
  trainSize: 2100,
  validationSize: 590,
  roc: [],
  pr: [],
  calibration: [],
  thresholdSweep: [],
};

export interface FixtureCustomer {
  id: string;
  customerType: number;
  riskTolerance: number;
  openChannel: number;
  hasAdvisor: boolean;
  churned: boolean;
  probability: number;
  riskLevel: "high" | "medium" | "low";
  assets: number;
  expectedLoss: number;
  riskRank: number;
  shap: number[];
}

export interface FixturePlan {
  customerId: string;
  status: "done" | "failed" | "pending";
  compliance: "ok" | "flagged" | "rejected" | null;
  priority: "high" | "medium" | "low";
  script: string;
  position: number;
}

export interface Fixture {
  datasetId: number;
  modelRunId: number;
  batchId: number;
  customers: FixtureCustomer[];
  plans: FixturePlan[];
}

const levelOf = (p: number) => (p >= 0.6 ? "high" : p >= 0.3 ? "medium" : "low");

export function fixtureCustomers(): FixtureCustomer[] {
  const list = Array.from({ length: N_CUSTOMERS }, (_, i) => {
    // Probabilities spread over all three levels; 30% churned (i % 10 < 3).
    const probability = Math.round(((i * 37) % 100) * 0.0099 * 10_000) / 10_000 + 0.001;
    const assets = 100_000 + i * 10_000;
    const shap = FEATURE_KEYS.map((_, f) => ((((i + 1) * (f + 3)) % 11) - 5) / 100);
    // 近4周资金转出 dominates every customer's explanation.
    shap[OUTFLOW] = 0.6 + (i % 5) / 10;
    return {
      id: i === 3 ? INJECTION : i === 4 ? "+SUM(1)" : `C${String(i + 1).padStart(4, "0")}`,
      customerType: i % 3,
      riskTolerance: i % 5,
      openChannel: i % 2,
      hasAdvisor: i % 4 === 0,
      churned: i % 10 < 3,
      probability,
      riskLevel: levelOf(probability),
      assets,
      expectedLoss: probability * assets,
      riskRank: 0,
      shap,
    } satisfies FixtureCustomer;
  });
  [...list].sort((a, b) => b.probability - a.probability || a.id.localeCompare(b.id)).forEach((c, r) => (c.riskRank = r + 1));
  return list;
}

function planJson(priority: string, script: string, extra: Partial<Record<string, unknown>> = {}) {
  return {
    priority,
    riskSummary: "近期资金持续转出，登录频次下降，流失风险较高。",
    actions: [
      { channel: "电话", action: "客户经理回访了解转出原因", timing: "3日内" },
      { channel: "APP", action: "-2+3 推送投教直播邀请", timing: "本周" },
    ],
    offer: "@SUM(A1) 专属投教课程",
    offerStrength: "低",
    script,
    expectedEffect: "稳住资产，恢复活跃",
    followUp: "两周后复访",
    ...extra,
  };
}

export async function seedReportFixture(db: Db): Promise<Fixture> {
  const list = fixtureCustomers();
  const churned = list.filter((c) => c.churned).length;
  const [ds] = await db
    .insert(datasets)
    .values({
      name: DATASET_NAME,
      source: "synthetic",
      seed: 7,
      nCustomers: N_CUSTOMERS,
      nWeeks: 12,
      churnRate: churned / N_CUSTOMERS,
      targetChurnRate: 0.3,
      oracleAuc: METRICS.oracleAuc,
      isActive: true,
    })
    .returning({ id: datasets.id });
  await db.insert(customers).values(
    list.map((c, i) => ({
      datasetId: ds.id,
      id: c.id,
      name: i === 3 ? INJECTION : `客户${i}`,
      phone: "13800000000",
      idNumber: "110101199001011234",
      branch: i === 5 ? INJECTION : "北京分公司",
      customerType: c.customerType,
      riskTolerance: c.riskTolerance,
      age: 30 + i,
      tenureMonths: 12 + i,
      openChannel: c.openChannel,
      hasMargin: false,
      hasAdvisor: c.hasAdvisor,
      commissionRate: 2.5,
      productCount: 2,
      churned: c.churned,
      trueProbability: c.probability,
    })),
  );
  await db.insert(featureVectors).values(
    list.map((c, i) => {
      const values = FEATURE_KEYS.map((_, f) => f + i / 100);
      values[ASSETS] = c.assets;
      values[featureIndex("net_inflow_total")] = -5_000 - i;
      return { datasetId: ds.id, customerId: c.id, values };
    }),
  );
  const [run] = await db
    .insert(modelRuns)
    .values({
      datasetId: ds.id,
      status: "succeeded",
      phase: "done",
      isActive: true,
      params: { maxDepth: 5 },
      featureNames: [...FEATURE_KEYS],
      metrics: METRICS,
      threshold: METRICS.threshold,
      shapBaseValue: -0.8,
      finishedAt: new Date(),
    })
    .returning({ id: modelRuns.id });
  const byLoss = [...list].sort((a, b) => b.expectedLoss - a.expectedLoss);
  await db.insert(predictions).values(
    list.map((c) => ({
      modelRunId: run.id,
      datasetId: ds.id,
      customerId: c.id,
      probability: c.probability,
      margin: Math.log(c.probability / (1 - c.probability)),
      riskLevel: c.riskLevel,
      riskRank: c.riskRank,
      expectedAssetLoss: c.expectedLoss,
      lossRank: byLoss.indexOf(c) + 1,
      shap: c.shap,
    })),
  );

  // The batch covers the 10 riskiest customers plus the two with formula-looking ids.
  const ranked = [...list].sort((a, b) => a.riskRank - b.riskRank);
  const chosen = [...ranked.slice(0, 10), ...list.filter((c) => c.id === INJECTION || c.id === "+SUM(1)")].filter(
    (c, i, arr) => arr.indexOf(c) === i,
  );
  const [batch] = await db
    .insert(planBatches)
    .values({
      datasetId: ds.id,
      modelRunId: run.id,
      status: "done",
      total: chosen.length,
      planner: "llm",
      llmModel: "doubao-test",
      promptVersion: "v1",
      params: {},
      finishedAt: new Date(),
    })
    .returning({ id: planBatches.id });

  const plans: FixturePlan[] = chosen.map((c, position) => {
    const priority = c.riskLevel;
    const status: "done" | "failed" | "pending" = position === 8 ? "failed" : position === 9 ? "pending" : "done";
    const compliance = status !== "done" ? null : position === 2 ? "rejected" : position === 1 ? "flagged" : "ok";
    const script = c.id === INJECTION || position === 0 ? INJECTION : `您好，我是您的客户经理，注意到您近期资金有转出（${c.id}）。`;
    return { customerId: c.id, status, compliance, priority, script, position };
  });
  const finishedAt = new Date("2025-03-01T02:30:00Z");
  await db.insert(retentionPlans).values(
    plans.map((p) => {
      const c = list.find((x) => x.id === p.customerId)!;
      const done = p.status === "done";
      return {
        batchId: batch.id,
        datasetId: ds.id,
        customerId: p.customerId,
        position: p.position,
        status: p.status,
        attempts: p.status === "pending" ? 0 : 1,
        probability: c.probability,
        riskLevel: c.riskLevel,
        priority: done ? p.priority : null,
        plan: done ? planJson(p.priority, p.script) : null,
        source: done ? "llm" : null,
        llmModel: done ? "doubao-test" : null,
        promptVersion: "v1",
        complianceStatus: p.compliance,
        complianceIssues:
          p.compliance === "rejected"
            ? [{ rule: "promised-return", message: "承诺或暗示收益：“保本”", excerpt: "保证保本" }]
            : p.compliance === "flagged"
              ? [{ rule: "excessive-offer", message: "优惠力度需复核", excerpt: "免佣" }]
              : [],
        error: p.status === "failed" ? "LLM 超时" : null,
        finishedAt: done ? finishedAt : null,
      };
    }),
  );
  return { datasetId: ds.id, modelRunId: run.id, batchId: batch.id, customers: list, plans };
}
