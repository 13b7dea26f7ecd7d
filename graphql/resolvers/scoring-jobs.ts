import type { ScoringJobRow } from "../../db/schema";
import * as actions from "../../lib/actions";
import { getScoringJob, listScoringJobs } from "../../lib/monitor/scoring-jobs";
import { SCORING_JOB_TOPIC } from "../../lib/monitor/scoring-runner";
import { activeScope } from "../../lib/services/scope";
import { act, requireRole } from "../context";
import { intInRange } from "../errors";
import type { Resolvers, ScoringJob } from "../generated/resolvers-types";

function toJob(j: ScoringJobRow): ScoringJob {
  return {
    id: j.id,
    datasetId: j.datasetId,
    reason: j.reason,
    status: j.status,
    progress: j.progress,
    total: j.total,
    scoringRunId: j.scoringRunId,
    attempts: j.attempts,
    error: j.error,
    createdAt: j.createdAt,
    finishedAt: j.finishedAt,
  };
}

/** Scheduled scoring: the job list, "score now", and job changes with progress. */
export const scoringJobResolvers: Resolvers = {
  Query: {
    scoringJobs: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 20, 1, 200) ?? 20;
      const { dataset } = await activeScope(ctx.services);
      if (!dataset) return [];
      return (await listScoringJobs(ctx.services.db, { limit, datasetId: dataset.id })).map(toJob);
    },
  },
  Mutation: {
    scoreNow: async (_p, _args, ctx) => {
      const r = await act(ctx, actions.enqueueScoring, {}, "");
      return { job: toJob(r.job), created: r.created };
    },
  },
  Subscription: {
    scoringJobChanged: {
      subscribe: async function* (_p, _args, ctx): AsyncGenerator<{ scoringJobChanged: ScoringJob }> {
        requireRole(ctx, "VIEWER");
        // Listen first, then replay: a change between the two is seen twice, never missed.
        const live = ctx.services.scoringJobs.events.iterate(SCORING_JOB_TOPIC);
        try {
          const { dataset } = await activeScope(ctx.services);
          if (dataset) for (const j of (await listScoringJobs(ctx.services.db, { limit: 20, datasetId: dataset.id })).reverse()) yield { scoringJobChanged: toJob(j) };
          let last = 0;
          for await (const e of live) {
            // Progress events carry the counts; other fields come from the row (at most ~4 reads/s).
            const now = Date.now();
            if (e.status === "running" && now - last < 250) continue;
            last = now;
            const row = await getScoringJob(ctx.services.db, e.jobId);
            if (row) yield { scoringJobChanged: toJob({ ...row, ...(e.status === "running" ? { progress: e.progress, total: e.total } : {}) }) };
          }
        } finally {
          await live.return?.();
        }
      },
    },
  },
};
