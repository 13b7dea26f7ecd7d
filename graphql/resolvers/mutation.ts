import { GraphQLError } from "graphql";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { activateModel, startTraining } from "../../lib/ml/training-service";
import { cancelPlanBatch, regeneratePlan } from "../../lib/plans/plan-service";
import { audit } from "../../lib/services/audit";
import { rescoreActiveModel } from "../../lib/services/rescore";
import { classifyError, GRAPHQL_CODE } from "../../lib/services/domain-errors";
import { predictInputSchema, predictRisk } from "../../lib/services/prediction-service";
import { getPlanBatch } from "../../lib/services/plan-queries";
import { type GraphQLContext, requireBudget, requireRole } from "../context";
import { fromZod, notFound } from "../errors";
import type { MutationResolvers } from "../generated/resolvers-types";
import { toCustomerSummary, toDataset, toModelRun, toPlanBatch, toRetentionPlan } from "../mappers";

/** Domain errors → GraphQL errors with a code and the field; anything else stays internal (masked by the server). */
export function mapDomainError(e: unknown, prefix = "input"): never {
  if (e instanceof GraphQLError) throw e;
  const d = classifyError(e);
  if (!d) throw e;
  const field = d.kind === "input" && d.field ? (!prefix || d.field.startsWith(`${prefix}.`) ? d.field : `${prefix}.${d.field}`) : undefined;
  throw new GraphQLError(d.message, { extensions: { code: GRAPHQL_CODE[d.kind], ...(field ? { field } : {}) } });
}

export const Mutation: MutationResolvers<GraphQLContext> = {
  generateDataset: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    requireBudget(ctx, v);
    const s = ctx.services;
    try {
      const input = args.input ?? {};
      const d = await generateAndStoreDataset(s.db, {
        customers: input.nCustomers ?? 3000,
        weeks: input.nWeeks ?? 12,
        seed: input.seed ?? 42,
        churnRate: input.churnRate ?? 0.3,
      });
      await audit(s.db, v.email, "generate_dataset", `dataset:${d.id}`, { customers: d.nCustomers, weeks: d.nWeeks, seed: d.seed });
      // A model trained on earlier data still applies to the new customers: score them now so
      // the dashboard never shows a dataset without risk.
      await rescoreActiveModel(s);
      return toDataset(d);
    } catch (e) {
      mapDomainError(e);
    }
  },

  trainModel: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    requireBudget(ctx, v);
    try {
      const run = await startTraining(ctx.services.training, args.input ?? {}, v.email);
      await audit(ctx.services.db, v.email, "train", `model_run:${run.id}`, { input: args.input ?? {} });
      return toModelRun(run);
    } catch (e) {
      mapDomainError(e);
    }
  },

  activateModel: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    try {
      const run = await activateModel(ctx.services.training, args.id);
      await audit(ctx.services.db, v.email, "activate_model", `model_run:${run.id}`);
      await rescoreActiveModel(ctx.services);
      return toModelRun(run);
    } catch (e) {
      mapDomainError(e);
    }
  },

  predictRisk: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ANALYST");
    requireBudget(ctx, v);
    const parsed = predictInputSchema.safeParse({
      topK: args.input.topK ?? undefined,
      threshold: args.input.threshold ?? undefined,
      generatePlans: args.input.generatePlans ?? true,
    });
    if (!parsed.success) throw fromZod(parsed.error, "input");
    try {
      const r = await predictRisk(ctx.services, parsed.data, v.email);
      const batch = r.batch ? await getPlanBatch(ctx.services.db, r.batch.id) : null;
      return {
        scoredCount: r.scoredCount,
        highRiskCount: r.highRisk.length,
        highRisk: r.highRisk.slice(0, 500).map(toCustomerSummary),
        batch: batch ? toPlanBatch(batch) : null,
      };
    } catch (e) {
      mapDomainError(e);
    }
  },

  regeneratePlan: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ANALYST");
    requireBudget(ctx, v);
    try {
      const plan = await regeneratePlan(ctx.services.plans, args.customerId, v.email);
      ctx.services.cache.invalidate();
      ctx.services.planRunner.kick();
      await audit(ctx.services.db, v.email, "regenerate_plan", `customer:${args.customerId}`, { batchId: plan.batchId });
      return toRetentionPlan(plan);
    } catch (e) {
      mapDomainError(e, "");
    }
  },

  cancelPlanBatch: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ANALYST");
    try {
      await cancelPlanBatch(ctx.services.plans, args.id);
      await audit(ctx.services.db, v.email, "cancel_plan_batch", `plan_batch:${args.id}`);
      const b = await getPlanBatch(ctx.services.db, args.id);
      if (!b) throw notFound("planBatch", args.id);
      return toPlanBatch(b);
    } catch (e) {
      mapDomainError(e, "");
    }
  },
};
