import * as actions from "../../lib/actions";
import { datasetCounts } from "../../lib/services/dataset-queries";
import { getPlanBatch } from "../../lib/services/plan-queries";
import { act, type GraphQLContext } from "../context";
import type { MutationResolvers } from "../generated/resolvers-types";
import { toReport, toCustomerSummary, toDataset, toModelRun, toPlanBatch, toRetentionPlan } from "../mappers";

/** GraphQL nulls mean "not given" to the actions. */
function present<T extends object>(input: T | null | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(input ?? {}).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** Each mutation parses, calls one action and maps its result; policy and audit live in the action. */
export const Mutation: Pick<
  MutationResolvers<GraphQLContext>,
  "generateDataset" | "advanceDataset" | "trainModel" | "activateModel" | "predictRisk" | "regeneratePlan" | "cancelPlanBatch" | "generateReport"
> = {
  generateReport: async (_p, _a, ctx) => toReport(await act(ctx, actions.generateReport, {})),

  generateDataset: async (_p, args, ctx) => {
    const d = await act(ctx, actions.generateDataset, present(args.input));
    return toDataset(d, await datasetCounts(ctx.services.db, d.id));
  },

  advanceDataset: async (_p, args, ctx) => {
    const r = await act(ctx, actions.advanceDataset, { weeks: args.weeks }, "");
    return toDataset(r.dataset, await datasetCounts(ctx.services.db, r.dataset.id));
  },

  trainModel: async (_p, args, ctx) => toModelRun(await act(ctx, actions.trainModel, present(args.input))),

  activateModel: async (_p, args, ctx) => toModelRun(await act(ctx, actions.activateModel, { id: args.id }, "")),

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
};
