import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { ScoringJobRow } from "../../db/schema";
import { getActiveDataset } from "../data/dataset-store";
import { AppError } from "../errors/app-error";
import { enqueueScoringJob, openJobOf } from "../monitor/scoring-jobs";
import { defineAction } from "./action";

/**
 * An admin asks for a scoring of the active dataset now: a durable job the runner takes up
 * (one at a time). A job already queued or running for the dataset is returned instead of a
 * second one; `wait` returns once the job is done or failed (CLI).
 */
export const enqueueScoring = defineAction({
  name: "enqueue_scoring",
  policy: { role: "admin", cost: 1 },
  input: z.object({ wait: z.boolean({ error: "wait 必须是布尔值 (wait must be a boolean)" }).optional() }).strict(),
  async run(ctx, input): Promise<{ job: ScoringJobRow; created: boolean }> {
    const s = ctx.services;
    const dataset = await getActiveDataset(s.db);
    if (!dataset) throw new AppError("FAILED_PRECONDITION", "尚无数据集，请先生成数据 (no dataset yet)");
    const out = await s.db.transaction(async (tx) => {
      const open = await openJobOf(tx, dataset.id);
      const r = open
        ? { job: open, created: false }
        : await enqueueScoringJob(tx, { datasetId: dataset.id, reason: "manual", dedupeKey: `manual:${dataset.id}:${Date.now()}:${randomBytes(4).toString("hex")}` });
      await ctx.audit(tx, { target: `scoring_job:${r.job.id}`, details: { datasetId: dataset.id, asOfWeek: dataset.asOfWeek, created: r.created } });
      return r;
    });
    if (!input.wait) {
      s.scoringJobs.kick();
      return out;
    }
    if (!s.scoringJobs.isRunning) await s.scoringJobs.runPending();
    else s.scoringJobs.kick();
    return { job: await s.scoringJobs.waitFor(out.job.id), created: out.created };
  },
});
