import { z } from "zod";
import { getActiveDataset } from "../data/dataset-store";
import { RISK_THRESHOLDS } from "../ml/risk";
import { scoreDataset } from "../ml/scoring";
import { createPlanBatch } from "../plans/plan-service";
import type { PlanBatchRow } from "../../db/schema";
import type { AppServices } from "./app-services";
import { audit } from "./audit";
import { listCustomers, type CustomerSummary } from "./customer-queries";
import { getActiveModelRun, invalidateShapCache, loadModel } from "./model-queries";

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
  s.cache.invalidate();
  const [run, dataset] = await Promise.all([getActiveModelRun(s.db), getActiveDataset(s.db)]);
  if (!dataset) throw new PreconditionError("尚无数据集，请先生成或导入数据 (no dataset yet)");
  if (!run) throw new PreconditionError("尚无可用模型，请先训练 (no active model: train first)");
  const model = await loadModel(s.db, run.id);
  if (!model) throw new PreconditionError(`模型 ${run.id} 没有模型文件 (model bytes missing)`);
  const scored = await scoreDataset(s.db, run.id, model.ensemble, dataset.id, model.explainer);
  invalidateShapCache(run.id);
  s.cache.invalidate();

  const threshold = input.threshold ?? (input.topK === undefined ? RISK_THRESHOLDS.high : undefined);
  const page = await listCustomers(s.db, { datasetId: dataset.id, runId: run.id }, {
    first: input.topK ?? 10_000,
    orderBy: "RISK_DESC",
    filter: threshold === undefined ? {} : { minProbability: threshold },
  });
  const highRisk = page.items.map((i) => i.node);
  let batch: PlanBatchRow | null = null;
  if (input.generatePlans && highRisk.length > 0) {
    batch = await createPlanBatch(s.plans, {
      datasetId: dataset.id,
      modelRunId: run.id,
      customerIds: highRisk.map((c) => c.id),
      params: { topK: input.topK ?? null, threshold: threshold ?? null },
      actor,
    });
    s.planRunner.kick();
  }
  await audit(s.db, actor, "predict", `model_run:${run.id}`, {
    scored: scored.count,
    highRisk: highRisk.length,
    batchId: batch?.id ?? null,
    llmModel: batch?.llmModel ?? null,
    promptVersion: batch?.promptVersion ?? null,
  });
  return { scoredCount: scored.count, highRisk, batch };
}
