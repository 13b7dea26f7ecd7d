import { activeScope } from "../../lib/services/scope";
import { getDatasetRow, getScoringRun, listScoringRuns } from "../../lib/monitor/scoring-runs";
import { requireRole } from "../context";
import { intInRange } from "../errors";
import type { Resolvers } from "../generated/resolvers-types";
import { toScoringRun } from "../mappers";

/** Scoring runs of the active dataset and their realised outcomes. */
export const scoringResolvers: Resolvers = {
  Query: {
    scoringRuns: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 20, 1, 200) ?? 20;
      const { dataset } = await activeScope(ctx.services);
      if (!dataset) return [];
      return (await listScoringRuns(ctx.services.db, dataset.id, limit)).map((r) => toScoringRun(r, dataset.startDate));
    },

    scoringRun: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const r = await getScoringRun(ctx.services.db, args.id);
      if (!r) return null;
      const d = await getDatasetRow(ctx.services.db, r.datasetId);
      return toScoringRun(r, d?.startDate ?? null);
    },
  },
};
