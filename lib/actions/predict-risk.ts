import { z } from "zod";
import type { PlanBatchRow } from "../../db/schema";
import { heldInControl } from "../campaigns/campaign-service";
import { AppError } from "../errors/app-error";
import { RISK_THRESHOLDS } from "../ml/risk";
import { createPlanBatch } from "../plans/plan-service";
import { listCustomers, type CustomerSummary } from "../services/customer-queries";
import { scoreActive } from "../services/rescore";
import { defineAction } from "./action";

export const predictRiskInput = z
  .object({
    topK: z.number().int("topK 必须是整数 (an integer)").min(1, "topK 最小为 1 (at least 1)").max(10_000, "topK 最大为 10000 (at most 10000)").optional(),
    threshold: z.number().min(0, "threshold 必须在 0 到 1 之间 (within 0..1)").max(1, "threshold 必须在 0 到 1 之间 (within 0..1)").optional(),
    generatePlans: z.boolean().default(true),
  })
  .strict();

export interface PredictResult {
  scoredCount: number;
  /** Monday of week 0 of the dataset (dates of churn events); null for snapshot datasets. */
  startDate: string | null;
  highRisk: CustomerSummary[];
  batch: PlanBatchRow | null;
}

/**
 * Scores the active dataset with the active model, selects the high-risk list (top K and/or
 * probability ≥ threshold; default: everyone at or above the HIGH cut-off) and, unless asked not
 * to, starts a durable plan batch for them.
 */
export const predictRisk = defineAction({
  name: "predict",
  // Cost follows the work: one unit, plus one per 1,000 plans the batch will write.
  policy: { role: "analyst", cost: (i) => 1 + (i.generatePlans ? Math.floor((i.topK ?? 0) / 1000) : 0) },
  input: predictRiskInput,
  async run(ctx, input): Promise<PredictResult> {
    const s = ctx.services;
    const scored = await scoreActive(s);
    if (!scored.ok) {
      if (scored.missing === "dataset") throw new AppError("FAILED_PRECONDITION", "尚无数据集，请先生成或导入数据 (no dataset yet)");
      if (scored.missing === "model") throw new AppError("FAILED_PRECONDITION", "尚无可用模型，请先训练 (no active model: train first)");
      throw new AppError("FAILED_PRECONDITION", `模型 ${scored.runId} 没有模型文件 (model bytes missing)`);
    }
    const { datasetId, asOfWeek, runId } = scored;
    const threshold = input.threshold ?? (input.topK === undefined ? RISK_THRESHOLDS.high : undefined);
    const page = await listCustomers(s.db, { datasetId, asOfWeek, runId }, {
      first: input.topK ?? 10_000,
      orderBy: "RISK_DESC",
      filter: threshold === undefined ? {} : { minProbability: threshold },
    });
    const highRisk = page.items.map((i) => i.node);
    const actor = ctx.actor?.email ?? "system";
    const auditRow = (tx: Parameters<typeof ctx.audit>[0], batch: PlanBatchRow | null) =>
      ctx.audit(tx, {
        target: `model_run:${runId}`,
        details: { scored: scored.count, highRisk: highRisk.length, batchId: batch?.id ?? null, llmModel: batch?.llmModel ?? null, promptVersion: batch?.promptVersion ?? null },
      });
    let batch: PlanBatchRow | null = null;
    // A campaign's control-group customers get no plan until its outcomes are in (#15).
    const held = input.generatePlans ? await heldInControl(s.db, datasetId, highRisk.map((c) => c.id)) : new Set<string>();
    const planned = highRisk.filter((c) => !held.has(c.id));
    if (input.generatePlans && planned.length > 0) {
      batch = await createPlanBatch(s.plans, {
        datasetId,
        modelRunId: runId,
        asOfWeek,
        customerIds: planned.map((c) => c.id),
        params: { topK: input.topK ?? null, threshold: threshold ?? null },
        actor,
        inTransaction: (tx, b) => auditRow(tx, b),
      });
      s.cache.invalidate();
      s.planRunner.kick();
    } else {
      await auditRow(s.db, null);
    }
    return { scoredCount: scored.count, startDate: scored.startDate, highRisk, batch };
  },
});
