import { z } from "zod";
import { RISK_THRESHOLDS } from "../ml/risk";
import { createPlanBatch } from "../plans/plan-service";
import type { PlanBatchRow } from "../../db/schema";
import type { AppServices } from "./app-services";
import { audit } from "./audit";
import { listCustomers, type CustomerSummary } from "./customer-queries";
import { scoreActive } from "./rescore";

export const predictInputSchema = z
  .object({
    topK: z.number().int("topK 必须是整数").min(1, "topK 最小为 1").max(10_000, "topK 最大为 10000").optional(),
    threshold: z.number().min(0, "threshold 必须在 0 到 1 之间").max(1, "threshold 必须在 0 到 1 之间").optional(),
    generatePlans: z.boolean().default(true),
  })
  .strict();

export type PredictInput = z.infer<typeof predictInputSchema>;

export class PreconditionError extends Error {}

export interface PredictResult {
  scoredCount: number;
  highRisk: CustomerSummary[];
  batch: PlanBatchRow | null;
}

/**
 * Scores every customer of the active dataset with the active model, selects the high-risk
 * list (top K and/or probability ≥ threshold; default: everyone at or above the HIGH cut-off)
 * and, unless asked not to, starts a durable plan batch for them.
 */
export async function predictRisk(s: AppServices, input: PredictInput, actor: string): Promise<PredictResult> {
  const scored = await scoreActive(s);
  if (!scored.ok) {
    if (scored.missing === "dataset") throw new PreconditionError("尚无数据集，请先生成或导入数据 (no dataset yet)");
    if (scored.missing === "model") throw new PreconditionError("尚无可用模型，请先训练 (no active model: train first)");
    throw new PreconditionError(`模型 ${scored.runId} 没有模型文件 (model bytes missing)`);
  }
  const { datasetId, runId } = scored;

  const threshold = input.threshold ?? (input.topK === undefined ? RISK_THRESHOLDS.high : undefined);
  const page = await listCustomers(s.db, { datasetId, runId }, {
    first: input.topK ?? 10_000,
    orderBy: "RISK_DESC",
    filter: threshold === undefined ? {} : { minProbability: threshold },
  });
  const highRisk = page.items.map((i) => i.node);
  let batch: PlanBatchRow | null = null;
  if (input.generatePlans && highRisk.length > 0) {
    batch = await createPlanBatch(s.plans, {
      datasetId,
      modelRunId: runId,
      customerIds: highRisk.map((c) => c.id),
      params: { topK: input.topK ?? null, threshold: threshold ?? null },
      actor,
    });
    s.planRunner.kick();
  }
  await audit(s.db, actor, "predict", `model_run:${runId}`, {
    scored: scored.count,
    highRisk: highRisk.length,
    batchId: batch?.id ?? null,
    llmModel: batch?.llmModel ?? null,
    promptVersion: batch?.promptVersion ?? null,
  });
  return { scoredCount: scored.count, highRisk, batch };
}
