/**
 * Creating a campaign from a scoring run: order the scored customers (probability, expected asset
 * loss or expected saved assets), estimate each candidate's plan with the template planner, drop
 * those the compliance gate rejects, keep the longest prefix whose treated offer cost fits the
 * budget, draw the control group per risk decile with a recorded seed, and store plans (treated
 * only), members (with the simulation's true effects on synthetic data) and advisor assignments
 * in one transaction. With an LLM configured, the treated customers' plans are queued as a plan
 * batch instead (pending rows the batch runner writes with the LLM, falling back to the template
 * per plan, streamed like any batch); the template estimate still decides selection and budget.
 */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  campaignMembers,
  campaigns,
  customers,
  datasets,
  featureVectors,
  modelRuns,
  planBatches,
  predictions,
  retentionPlans,
  scoringRuns,
  type CampaignRow,
  type ScoringRunRow,
} from "../../db/schema";
import { featureIndex } from "../data/catalog";
import { AppError } from "../errors/app-error";
import { checkCompliance } from "../plans/compliance";
import { buildPlanInput } from "../plans/plan-input";
import { riskLevelForProbability } from "../plans/plan-schema";
import { PROMPT_VERSION } from "../plans/prompt";
import { templatePlan, TEMPLATE_VERSION } from "../plans/template-planner";
import { assignUnassigned } from "./advisors";
import { drawControl, riskDeciles } from "./control-group";
import { effectModifiers } from "./simulation";
import { OFFER_COST, type Selection } from "./types";

const I_ASSETS = featureIndex("assets_latest");

export interface CreateCampaignArgs {
  name: string;
  scoringRunId?: number;
  selection: Selection;
  /** Most customers (treated + control) the campaign takes from the top of the order. */
  size: number;
  controlShare: number;
  budget: number;
  seed: number;
  actor: string;
  /** Predicted uplift per customer (expected_saved only): from the uplift model. */
  uplift?: ReadonlyMap<string, number>;
  /** Queue the treated plans for the batch runner's LLM (this model) instead of writing template plans now. */
  llmModel?: string | null;
  inTransaction?: (tx: Db, campaign: CampaignRow) => Promise<void>;
}

/** The scoring run a campaign starts from: the given one, or the latest of the active dataset at its as-of date. */
export async function resolveScoringRun(db: Db, id?: number): Promise<ScoringRunRow> {
  if (id !== undefined) {
    const [r] = await db.select().from(scoringRuns).where(eq(scoringRuns.id, id)).limit(1);
    if (!r) throw new AppError("NOT_FOUND", `评分记录 ${id} 不存在 (scoring run ${id} not found)`, { field: "scoringRunId" });
    return r;
  }
  const [r] = await db
    .select({ run: scoringRuns })
    .from(scoringRuns)
    .innerJoin(datasets, and(eq(datasets.id, scoringRuns.datasetId), eq(datasets.isActive, true), eq(datasets.asOfWeek, scoringRuns.asOfWeek)))
    .innerJoin(modelRuns, and(eq(modelRuns.id, scoringRuns.modelRunId), eq(modelRuns.isActive, true)))
    .orderBy(desc(scoringRuns.id))
    .limit(1);
  if (!r) throw new AppError("FAILED_PRECONDITION", "尚无当前日期的评分结果，请先训练并评分 (no scoring of the active dataset at its as-of date: train and score first)");
  return r.run;
}

interface Candidate {
  customerId: string;
  probability: number;
  expectedLoss: number;
  assets: number;
  features: number[];
  plan: ReturnType<typeof templatePlan>;
  compliance: ReturnType<typeof checkCompliance>;
  cost: number;
  score: number;
}

async function loadCandidates(db: Db, run: ScoringRunRow) {
  return db
    .select({
      customer: customers,
      probability: predictions.probability,
      riskLevel: predictions.riskLevel,
      expectedLoss: predictions.expectedAssetLoss,
      shap: predictions.shap,
      values: featureVectors.values,
    })
    .from(predictions)
    .innerJoin(customers, and(eq(customers.datasetId, predictions.datasetId), eq(customers.id, predictions.customerId)))
    .innerJoin(
      featureVectors,
      and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)),
    )
    .where(and(eq(predictions.modelRunId, run.modelRunId), eq(predictions.datasetId, run.datasetId), eq(predictions.asOfWeek, run.asOfWeek)));
}

export async function createCampaign(db: Db, args: CreateCampaignArgs): Promise<CampaignRow> {
  const run = await resolveScoringRun(db, args.scoringRunId);
  const rows = await loadCandidates(db, run);
  const [dataset] = await db.select({ generator: datasets.generator }).from(datasets).where(eq(datasets.id, run.datasetId));
  const synthetic = dataset?.generator != null;
  if (args.selection === "expected_saved" && !args.uplift) {
    throw new AppError("FAILED_PRECONDITION", "按预期挽回资产选择需要提升模型：至少一个活动有了结果后再试 (expected saved assets needs an uplift model: at least one campaign must have outcomes)", { field: "selection" });
  }
  const scoreOf = (r: (typeof rows)[number]) => {
    const assets = Math.max(0, r.values[I_ASSETS] ?? 0);
    if (args.selection === "probability") return r.probability;
    if (args.selection === "expected_loss") return r.expectedLoss;
    return (args.uplift!.get(r.customer.id) ?? 0) * assets;
  };
  const ordered = rows.map((r) => ({ r, score: scoreOf(r) })).sort((a, b) => b.score - a.score || (a.r.customer.id < b.r.customer.id ? -1 : 1));

  // Plans for the top of the order; the compliance gate's rejections are left out before the draw.
  const candidates: Candidate[] = [];
  let excluded = 0;
  for (const { r, score } of ordered) {
    if (candidates.length >= args.size) break;
    const input = buildPlanInput({ customer: r.customer, features: r.values, probability: r.probability, riskLevel: r.riskLevel, shap: r.shap });
    const plan = templatePlan(input);
    const compliance = checkCompliance(plan, { riskTolerance: input.profile.riskToleranceLevel, hasMargin: input.profile.hasMargin, currentCommission: input.features.commission_rate });
    if (compliance.status === "rejected") {
      excluded++;
      continue;
    }
    candidates.push({
      customerId: r.customer.id,
      probability: r.probability,
      expectedLoss: r.expectedLoss,
      assets: Math.max(0, r.values[I_ASSETS] ?? 0),
      features: r.values,
      plan,
      compliance,
      cost: OFFER_COST[plan.offerStrength],
      score,
    });
  }
  if (candidates.length === 0) throw new AppError("FAILED_PRECONDITION", "没有可入选的客户 (no customer can be selected)");

  // The budget: the longest prefix whose expected treated cost fits, then trimmed from the end
  // until the drawn treated customers' actual cost fits too.
  const treatedShare = 1 - args.controlShare;
  let n = 0;
  let expected = 0;
  while (n < candidates.length && expected + candidates[n]!.cost * treatedShare <= args.budget) expected += candidates[n++]!.cost * treatedShare;
  if (n < 2) throw new AppError("BAD_USER_INPUT", `预算 ${args.budget} 元不足以覆盖任何挽留计划 (budget too small for any plan)`, { field: "budget" });
  let picked = candidates.slice(0, n);
  let deciles = riskDeciles(picked.map((c) => c.probability));
  let control = drawControl(deciles, args.controlShare, args.seed);
  const treatedCost = () => picked.reduce((a, c, i) => a + (control[i] ? 0 : c.cost), 0);
  while (treatedCost() > args.budget && picked.length > 2) {
    picked = picked.slice(0, -1);
    deciles = riskDeciles(picked.map((c) => c.probability));
    control = drawControl(deciles, args.controlShare, args.seed);
  }
  const treated = picked.filter((_, i) => !control[i]);
  const cost = treatedCost();

  const queued = args.llmModel ? { llmModel: args.llmModel } : null;
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(planBatches)
      .values({
        datasetId: run.datasetId,
        modelRunId: run.modelRunId,
        asOfWeek: run.asOfWeek,
        status: queued ? ("pending" as const) : ("done" as const),
        total: treated.length,
        planner: queued ? ("llm" as const) : ("template" as const),
        llmModel: queued?.llmModel ?? null,
        promptVersion: queued ? PROMPT_VERSION : TEMPLATE_VERSION,
        params: { campaign: args.name, selection: args.selection },
        createdBy: args.actor,
        finishedAt: queued ? null : new Date(),
      })
      .returning();
    const planIds = new Map<string, number>();
    for (let i = 0; i < treated.length; i += 500) {
      const chunk = treated.slice(i, i + 500);
      const inserted = await tx
        .insert(retentionPlans)
        .values(
          chunk.map((c, j) => {
            const base = { batchId: batch!.id, datasetId: run.datasetId, customerId: c.customerId, position: i + j + 1, probability: c.probability, riskLevel: riskLevelForProbability(c.probability) };
            // Queued: the batch runner writes the plan (LLM, template fallback per plan).
            if (queued) return { ...base, status: "pending" as const };
            return {
              ...base,
              status: "done" as const,
              priority: c.plan.priority,
              plan: c.plan,
              source: "template" as const,
              promptVersion: TEMPLATE_VERSION,
              complianceStatus: c.compliance.status,
              complianceIssues: c.compliance.issues,
              startedAt: new Date(),
              finishedAt: new Date(),
            };
          }),
        )
        .returning({ id: retentionPlans.id, customerId: retentionPlans.customerId });
      for (const p of inserted) planIds.set(p.customerId, p.id);
    }
    const [campaign] = await tx
      .insert(campaigns)
      .values({
        name: args.name,
        datasetId: run.datasetId,
        modelRunId: run.modelRunId,
        scoringRunId: run.id,
        asOfWeek: run.asOfWeek,
        horizonWeeks: run.horizonWeeks,
        selection: args.selection,
        controlShare: args.controlShare,
        seed: args.seed,
        budget: args.budget,
        cost,
        planBatchId: batch!.id,
        treatedCount: treated.length,
        controlCount: picked.length - treated.length,
        complianceExcluded: excluded,
        createdBy: args.actor,
      })
      .returning();
    const members = picked.map((c, i) => {
      // Synthetic data only: the true effect's modifiers; the absolute effect follows when the
      // true churn probability at the as-of date is known (outcomes.ts).
      const effect = synthetic ? effectModifiers(c.probability, c.features) : null;
      const arm = control[i] ? ("control" as const) : ("treated" as const);
      return {
        campaignId: campaign!.id,
        customerId: c.customerId,
        arm,
        rank: i + 1,
        decile: deciles[i]!,
        probability: c.probability,
        assets: c.assets,
        offerCost: arm === "treated" ? c.cost : 0,
        planId: arm === "treated" ? (planIds.get(c.customerId) ?? null) : null,
        status: arm === "treated" ? ("pending" as const) : null,
        relativeEffect: effect?.relative ?? null,
        contactProbability: effect?.contactProbability ?? null,
      };
    });
    for (let i = 0; i < members.length; i += 500) await tx.insert(campaignMembers).values(members.slice(i, i + 500));
    // Control customers get no plan from anyone while the campaign runs: queued plans are cancelled.
    const controlIds = members.filter((m) => m.arm === "control").map((m) => m.customerId);
    for (let i = 0; i < controlIds.length; i += 500) {
      await tx
        .update(retentionPlans)
        .set({ status: "cancelled", finishedAt: new Date(), error: `对照组客户（活动 ${campaign!.id}）不发放计划 (control group)` })
        .where(and(eq(retentionPlans.datasetId, run.datasetId), inArray(retentionPlans.customerId, controlIds.slice(i, i + 500)), inArray(retentionPlans.status, ["pending", "running"])));
    }
    await assignUnassigned(tx, campaign!.id);
    await args.inTransaction?.(tx, campaign!);
    return campaign!;
  });
}

export async function getCampaign(db: Db, id: number): Promise<CampaignRow> {
  const [c] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  if (!c) throw new AppError("NOT_FOUND", `挽留活动 ${id} 不存在 (campaign ${id} not found)`, { field: "campaignId" });
  return c;
}

export async function listCampaigns(db: Db, limit = 50): Promise<CampaignRow[]> {
  return db.select().from(campaigns).orderBy(desc(campaigns.id)).limit(limit);
}

export interface CampaignProgress {
  treated: number;
  control: number;
  assigned: number;
  byStatus: Record<string, number>;
}

export async function campaignProgress(db: Db, campaignId: number): Promise<CampaignProgress> {
  const rows = await db
    .select({ arm: campaignMembers.arm, status: campaignMembers.status, assigned: sql<number>`count(${campaignMembers.advisorId})::int`, n: sql<number>`count(*)::int` })
    .from(campaignMembers)
    .where(eq(campaignMembers.campaignId, campaignId))
    .groupBy(campaignMembers.arm, campaignMembers.status);
  const out: CampaignProgress = { treated: 0, control: 0, assigned: 0, byStatus: { pending: 0, contacted: 0, accepted: 0, declined: 0, unreachable: 0 } };
  for (const r of rows) {
    const n = Number(r.n);
    if (r.arm === "control") out.control += n;
    else {
      out.treated += n;
      out.assigned += Number(r.assigned);
      if (r.status) out.byStatus[r.status] = (out.byStatus[r.status] ?? 0) + n;
    }
  }
  return out;
}

/**
 * Customers held in the control group of a campaign still waiting for its outcomes (of the given
 * dataset, or of the active one): no plan may be written for them. The plan actions ask first.
 */
export async function heldInControl(db: Db, datasetId: number | "active", customerIds: readonly string[]): Promise<Set<string>> {
  const held = new Set<string>();
  const onDataset = datasetId === "active" ? sql`${campaigns.datasetId} = (select id from ${datasets} where ${datasets.isActive})` : eq(campaigns.datasetId, datasetId);
  for (let i = 0; i < customerIds.length; i += 1000) {
    const rows = await db
      .select({ id: campaignMembers.customerId })
      .from(campaignMembers)
      .innerJoin(campaigns, eq(campaigns.id, campaignMembers.campaignId))
      .where(and(onDataset, isNull(campaigns.outcomesAt), eq(campaignMembers.arm, "control"), inArray(campaignMembers.customerId, customerIds.slice(i, i + 1000))));
    for (const r of rows) held.add(r.id);
  }
  return held;
}
