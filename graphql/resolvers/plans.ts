import * as actions from "../../lib/actions";
import { getPlanBatch, listPlanBatches, listRetentionPlans } from "../../lib/services/plan-queries";
import type { RetentionPlanRow } from "../../db/schema";
import type { PlanPriority as PlanPriorityCode } from "../../lib/plans/plan-schema";
import { act, requireRole } from "../context";
import { intInRange } from "../errors";
import type { Resolvers } from "../generated/resolvers-types";
import { toCustomerSummary, toPlanBatch, toRetentionPlan } from "../mappers";
import { cursorGuard } from "./cursor-guard";
import { present } from "./present";

type RetentionPlanStatus = RetentionPlanRow["status"];

/** Retention plans: predicting and planning in batches, listing, regenerating, cancelling. */
export const planResolvers: Resolvers = {
  Query: {
    planBatches: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 20, 1, 200) ?? 20;
      return (await listPlanBatches(ctx.services.db, limit)).map(toPlanBatch);
    },

    planBatch: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const b = await getPlanBatch(ctx.services.db, args.id);
      return b ? toPlanBatch(b) : null;
    },

    retentionPlans: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const first = intInRange("first", args.first ?? 20, 1, 200) ?? 20;
      const page = await cursorGuard(() =>
        listRetentionPlans(ctx.services.db, {
          batchId: args.batchId ?? undefined,
          priority: args.priority ? (args.priority.toLowerCase() as PlanPriorityCode) : undefined,
          status: args.status ? (args.status.toLowerCase() as RetentionPlanStatus) : undefined,
          first,
          after: args.after,
        }),
      );
      return {
        totalCount: page.totalCount,
        edges: page.items.map((i) => ({ cursor: i.cursor, node: toRetentionPlan(i.node, ctx.services.plans.state.liveText(i.node.batchId, i.node.customerId)) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },
  },
  Mutation: {
    predictRisk: async (_p, args, ctx) => {
      const r = await act(ctx, actions.predictRisk, present(args.input));
      const batch = r.batch ? await getPlanBatch(ctx.services.db, r.batch.id) : null;
      return {
        scoredCount: r.scoredCount,
        highRiskCount: r.highRisk.length,
        highRisk: r.highRisk.slice(0, 500).map((c) => toCustomerSummary(c, r.startDate)),
        batch: batch ? toPlanBatch(batch) : null,
      };
    },

    regeneratePlan: async (_p, args, ctx) => toRetentionPlan(await act(ctx, actions.regeneratePlan, { customerId: args.customerId }, "")),

    cancelPlanBatch: async (_p, args, ctx) => {
      await act(ctx, actions.cancelPlanBatch, { id: args.id }, "");
      const b = await getPlanBatch(ctx.services.db, args.id);
      return toPlanBatch(b!);
    },
  },
};
