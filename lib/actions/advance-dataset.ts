import { z } from "zod";
import { buildTimelineDataset, type DatasetProgress } from "../data/dataset-service";
import { appendTimeline, getActiveDataset } from "../data/dataset-store";
import { timelineRecords } from "../data/timeline-store";
import { AppError } from "../errors/app-error";
import { recordCampaignOutcomes } from "../campaigns/outcomes";
import { recordOutcomes } from "../monitor/outcomes";
import { scoreArrivedWeeks } from "../services/scheduled-scoring";
import { defineAction } from "./action";

/** The simulated world goes on: the same seed and intercept reproduce the past exactly. */
const MAX_HISTORY_WEEKS = 260;

export const advanceDataset = defineAction({
  name: "advance_dataset",
  policy: { role: "admin", cost: 1 },
  input: z
    .object({
      weeks: z.number({ error: "weeks 必须是 1 到 52 之间的整数 (weeks must be an integer in 1..52)" }).int("weeks 必须是整数 (an integer)").min(1, "weeks 最小为 1 (at least 1)").max(52, "weeks 最大为 52 (at most 52)"),
      onProgress: z.custom<DatasetProgress>((v) => typeof v === "function").optional(),
    })
    .strict(),
  async run(ctx, input) {
    const s = ctx.services;
    const dataset = await getActiveDataset(s.db);
    if (!dataset) throw new AppError("FAILED_PRECONDITION", "尚无数据集，请先生成数据 (no dataset yet)");
    const g = dataset.generator;
    if (dataset.kind !== "timeline" || !g || !dataset.startDate) {
      throw new AppError("FAILED_PRECONDITION", "只有合成时间线数据集可以推进；导入的数据请导入新的周数据 (only a synthetic timeline can be advanced; import new weeks instead)");
    }
    const historyWeeks = dataset.nWeeks + input.weeks;
    if (historyWeeks > MAX_HISTORY_WEEKS) {
      throw new AppError("BAD_USER_INPUT", `推进后历史将达 ${historyWeeks} 周，最多 ${MAX_HISTORY_WEEKS} 周 (history would reach ${historyWeeks} weeks, at most ${MAX_HISTORY_WEEKS})`, { field: "weeks" });
    }
    const progress = input.onProgress;
    const td = await buildTimelineDataset(
      {
        customers: g.customers,
        historyWeeks,
        horizonWeeks: dataset.horizonWeeks,
        lookbackWeeks: dataset.lookbackWeeks,
        seed: g.seed,
        churnRate: g.churnRate,
        startDate: g.startDate,
        intercept: g.intercept,
        // Injected drift goes on as it was generated.
        ...(g.driftWeek ? { driftWeek: g.driftWeek, driftFeatures: g.driftFeatures ?? [], conceptDrift: g.conceptDrift ?? false } : {}),
      },
      progress && ((done, total) => progress("generate", done, total)),
    );
    const advanced = await appendTimeline(s.db, dataset, timelineRecords(td, dataset.name), progress && ((done, total) => progress("store", done, total)), (tx, row) =>
      ctx.audit(tx, { target: `dataset:${row.id}`, details: { weeks: input.weeks, asOfWeek: row.asOfWeek } }),
    );
    const outcomes = await recordOutcomes(s.db, advanced);
    await recordCampaignOutcomes(s.db, advanced);
    // The active model goes on scoring the customers who are active now: a durable scoring job
    // (restart-safe, one at a time), awaited so the answer shows the new predictions.
    progress?.("score", 0, 1);
    await scoreArrivedWeeks(s, advanced, "advance", { wait: true });
    progress?.("score", 1, 1);
    s.cache.invalidate();
    return { dataset: advanced, outcomes };
  },
});
