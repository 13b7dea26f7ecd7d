import * as actions from "../../lib/actions";
import { featureInfo } from "../../lib/data/catalog";
import { activeScope } from "../../lib/services/scope";
import { getActiveRunSummary, getRunSummary, listRunSummaries } from "../../lib/ml/model-registry";
import { shapDependence, shapSummary } from "../../lib/services/model-queries";
import { act, requireRole } from "../context";
import { badInput, intInRange } from "../errors";
import type { Resolvers } from "../generated/resolvers-types";
import { modelRunFields } from "../mappers";
import { present } from "./present";

/** Model runs: listing, explaining (SHAP), training and activating. */
export const modelResolvers: Resolvers = {
  Query: {
    modelRuns: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 20, 1, 200) ?? 20;
      return listRunSummaries(ctx.services.db, limit);
    },

    modelRun: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      return getRunSummary(ctx.services.db, args.id);
    },

    activeModel: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      return getActiveRunSummary(ctx.services.db);
    },

    shapSummary: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const sampleSize = intInRange("sampleSize", args.sampleSize ?? 1000, 10, 5000) ?? 1000;
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset || !run) return null;
      return shapSummary(ctx.services.db, run, dataset.id, sampleSize, ctx.services.models);
    },

    shapDependence: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      if (!featureInfo(args.feature)) throw badInput("feature", `未知特征 unknown feature: ${args.feature.slice(0, 64)}`);
      const sampleSize = intInRange("sampleSize", args.sampleSize ?? 2000, 10, 10000) ?? 2000;
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset || !run) return null;
      return shapDependence(ctx.services.db, ctx.services.models, run.id, dataset.id, args.feature, sampleSize);
    },
  },
  ModelRun: modelRunFields,
  Mutation: {
    trainModel: (_p, args, ctx) => act(ctx, actions.trainModel, present(args.input)),

    activateModel: (_p, args, ctx) => act(ctx, actions.activateModel, { id: args.id }, ""),
  },
};
