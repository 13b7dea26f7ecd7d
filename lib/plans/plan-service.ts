import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { PlanInputError, PlanNotFoundError } from "./errors";
import { z } from "zod";
import type { Db } from "../../db/client";
import { datasets, modelRuns, planBatches, predictions, retentionPlans, type PlanBatchRow, type RetentionPlanRow } from "../../db/schema";
import { publishBatch, type PlanDeps } from "./batch-runner";
import { PROMPT_VERSION } from "./prompt";
import { TEMPLATE_VERSION } from "./template-planner";

export { PlanBatchRunner, PlanRunnerState, MAX_ATTEMPTS, type PlanDeps, type PlanRunnerOptions } from "./batch-runner";

export interface BatchCounts {
  total: number;
  pending: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
}

const MAX_BATCH = 10_000;

const createArgsSchema = z.object({
  datasetId: z.number().int().positive({ message: "datasetId 必须是正整数" }),
  modelRunId: z.number().int().positive({ message: "modelRunId 必须是正整数" }),
  /** The as-of week of the predictions the plans are written from. */
  asOfWeek: z.number().int().min(0),
  customerIds: z
    .array(z.string().min(1, { message: "customerIds 中的客户编号不能为空" }))
    .min(1, { message: "customerIds 至少需要 1 个客户" })
    .max(MAX_BATCH, { message: `customerIds 最多 ${MAX_BATCH} 个客户` }),
  params: z.record(z.string(), z.unknown()),
  actor: z.string().optional(),
  /** Work added to the transaction that creates the batch (the action's audit row). */
  inTransaction: z.custom<(tx: Db, batch: PlanBatchRow) => Promise<void>>((v) => typeof v === "function").optional(),
});

export type CreatePlanBatchArgs = z.input<typeof createArgsSchema>;

/**
 * Creates a batch with one pending row per customer (in the given risk order) and wakes the
 * runners of this process; runners elsewhere find it by polling.
 */
export async function createPlanBatch(deps: PlanDeps, args: CreatePlanBatchArgs): Promise<PlanBatchRow> {
  const parsed = createArgsSchema.safeParse(args);
  if (!parsed.success) {
    throw new Error(`创建计划批次参数错误: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const { datasetId, modelRunId, asOfWeek, customerIds, params, actor, inTransaction } = parsed.data;
  const dup = customerIds.find((id, i) => customerIds.indexOf(id) !== i);
  if (dup !== undefined) throw new Error(`customerIds 含重复客户 ${dup}`);

  const preds = new Map<string, { probability: number; riskLevel: string }>();
  for (let i = 0; i < customerIds.length; i += 1000) {
    const chunk = customerIds.slice(i, i + 1000);
    const rows = await deps.db
      .select({ customerId: predictions.customerId, probability: predictions.probability, riskLevel: predictions.riskLevel, datasetId: predictions.datasetId })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, modelRunId), eq(predictions.datasetId, datasetId), eq(predictions.asOfWeek, asOfWeek), inArray(predictions.customerId, chunk)));
    for (const r of rows) {
      if (r.datasetId !== datasetId) throw new Error(`模型 ${modelRunId} 的预测属于数据集 ${r.datasetId}，不是 datasetId ${datasetId}`);
      preds.set(r.customerId, r);
    }
  }
  const missing = customerIds.filter((id) => !preds.has(id));
  if (missing.length) {
    throw new Error(`customerIds 中有 ${missing.length} 个客户没有模型 ${modelRunId} 的预测结果，例如 ${missing.slice(0, 5).join(", ")}`);
  }

  const planner = deps.llm ? "llm" : "template";
  const batch = await deps.db.transaction(async (tx) => {
    const [b] = await tx
      .insert(planBatches)
      .values({
        datasetId,
        modelRunId,
        asOfWeek,
        status: "pending",
        total: customerIds.length,
        planner,
        llmModel: deps.llm?.model ?? null,
        promptVersion: deps.llm ? PROMPT_VERSION : TEMPLATE_VERSION,
        params,
        createdBy: actor ?? null,
      })
      .returning();
    if (!b) throw new Error("创建计划批次失败");
    for (let i = 0; i < customerIds.length; i += 1000) {
      await tx.insert(retentionPlans).values(
        customerIds.slice(i, i + 1000).map((customerId, j) => {
          const p = preds.get(customerId);
          return {
            batchId: b.id,
            datasetId,
            customerId,
            position: i + j + 1,
            status: "pending" as const,
            probability: p?.probability ?? 0,
            riskLevel: p?.riskLevel ?? "low",
          };
        }),
      );
    }
    await inTransaction?.(tx, b);
    return b;
  });
  deps.log?.(`计划批次 ${batch.id} 已创建：${customerIds.length} 位客户（${planner === "llm" ? `LLM ${deps.llm?.model}` : "模板"}）`);
  publishBatch(deps.events, batch.id);
  return batch;
}

/**
 * Regenerates one customer's plan as a new single-plan batch (the old plan stays as history),
 * against the active model, or the model of the customer's latest plan when none is active.
 * Returns the new pending row; the runner fills it in.
 */
export async function regeneratePlan(
  deps: PlanDeps,
  customerId: string,
  actor?: string,
  inTransaction?: (tx: Db, plan: RetentionPlanRow) => Promise<void>,
): Promise<RetentionPlanRow> {
  if (!customerId) throw new PlanInputError("customerId", "customerId 不能为空 (customerId is required)");
  if (customerId.length > 64) throw new PlanInputError("customerId", "customerId 最长 64 个字符 (at most 64 characters)");
  const [active] = await deps.db
    .select({ id: modelRuns.id, datasetId: modelRuns.datasetId })
    .from(modelRuns)
    .where(eq(modelRuns.isActive, true));
  let target: { modelRunId: number; datasetId: number; asOfWeek: number } | undefined;
  if (active?.datasetId != null) {
    // The customer's latest prediction by the active model (a churned customer has none after the event).
    const [p] = await deps.db
      .select({ datasetId: predictions.datasetId, asOfWeek: predictions.asOfWeek })
      .from(predictions)
      .innerJoin(datasets, and(eq(datasets.id, predictions.datasetId), eq(datasets.asOfWeek, predictions.asOfWeek)))
      .where(and(eq(predictions.modelRunId, active.id), eq(predictions.customerId, customerId), eq(datasets.isActive, true)))
      .limit(1);
    if (p) target = { modelRunId: active.id, datasetId: p.datasetId, asOfWeek: p.asOfWeek };
  }
  if (!target) {
    const [latest] = await deps.db
      .select({ modelRunId: planBatches.modelRunId, datasetId: planBatches.datasetId, asOfWeek: planBatches.asOfWeek })
      .from(retentionPlans)
      .innerJoin(planBatches, eq(planBatches.id, retentionPlans.batchId))
      .where(eq(retentionPlans.customerId, customerId))
      .orderBy(desc(retentionPlans.id))
      .limit(1);
    if (latest) target = latest;
  }
  if (!target) throw new PlanNotFoundError(`客户 ${customerId} 没有可用的风险预测（请先训练并激活模型）(no prediction for this customer)`);
  const batch = await createPlanBatch(deps, {
    datasetId: target.datasetId,
    modelRunId: target.modelRunId,
    asOfWeek: target.asOfWeek,
    customerIds: [customerId],
    params: { regenerate: true },
    actor,
    inTransaction: async (tx, b) => {
      const [row] = await tx.select().from(retentionPlans).where(eq(retentionPlans.batchId, b.id));
      if (!row) throw new Error(`批次 ${b.id} 缺少计划行`);
      await inTransaction?.(tx, row);
    },
  });
  const [row] = await deps.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batch.id));
  if (!row) throw new Error(`批次 ${batch.id} 缺少计划行`);
  return row;
}

/** Cancels a batch: pending and running rows become cancelled; finished plans are kept. */
export async function cancelPlanBatch(deps: PlanDeps, batchId: number): Promise<PlanBatchRow> {
  if (!Number.isInteger(batchId) || batchId < 1) throw new PlanInputError("id", `batchId 必须是正整数（实际 ${batchId}）`);
  const [cancelled] = await deps.db
    .update(planBatches)
    .set({ status: "cancelled", finishedAt: new Date() })
    .where(and(eq(planBatches.id, batchId), inArray(planBatches.status, ["pending", "running"])))
    .returning();
  if (!cancelled) {
    const [existing] = await deps.db.select().from(planBatches).where(eq(planBatches.id, batchId));
    if (!existing) throw new PlanNotFoundError(`计划批次 ${batchId} 不存在 (plan batch ${batchId} not found)`);
    return existing;
  }
  await deps.db
    .update(retentionPlans)
    .set({ status: "cancelled", claimedBy: null, leaseUntil: null, finishedAt: new Date() })
    .where(and(eq(retentionPlans.batchId, batchId), inArray(retentionPlans.status, ["pending", "running"])));
  deps.state.abortBatchWork(batchId);
  publishBatch(deps.events, batchId);
  return cancelled;
}

const noPlans = (): BatchCounts => ({ total: 0, pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 });

/** Plan rows per status for each batch, in one grouped query (batches without rows count zero). */
export async function countPlansByBatch(db: Db, batchIds: readonly number[]): Promise<Map<number, BatchCounts>> {
  const result = new Map<number, BatchCounts>(batchIds.map((id) => [id, noPlans()]));
  if (batchIds.length === 0) return result;
  const rows = await db
    .select({ batchId: retentionPlans.batchId, status: retentionPlans.status, n: sql<number>`count(*)::int` })
    .from(retentionPlans)
    .where(inArray(retentionPlans.batchId, [...batchIds]))
    .groupBy(retentionPlans.batchId, retentionPlans.status);
  for (const r of rows) {
    const counts = result.get(r.batchId);
    if (!counts) continue;
    const n = Number(r.n);
    counts.total += n;
    if (r.status in counts) counts[r.status] += n;
  }
  return result;
}

export async function getBatchCounts(db: Db, batchId: number): Promise<BatchCounts> {
  return (await countPlansByBatch(db, [batchId])).get(batchId) ?? noPlans();
}
