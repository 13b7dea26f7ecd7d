import { featureInfo } from "../../lib/data/catalog";
import { packSeries } from "../../lib/ml/shap-packing";
import { partialDependenceOf } from "../../lib/services/partial-dependence-query";
import { activeScope } from "../../lib/services/scope";
import { requireRole } from "../context";
import { badInput, intInRange } from "../errors";
import type { Resolvers } from "../generated/resolvers-types";

/** The SHAP page's packed beeswarm and its partial dependence / ICE chart (#16). */
export const partialDependenceResolvers: Resolvers = {
  Query: {
    partialDependence: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      if (!featureInfo(args.feature)) throw badInput("feature", `未知特征 unknown feature: ${args.feature.slice(0, 64)}`);
      const gridPoints = intInRange("gridPoints", args.gridPoints ?? 20, 2, 50) ?? 20;
      const sampleSize = intInRange("sampleSize", args.sampleSize ?? 200, 10, 1000) ?? 200;
      const iceLines = intInRange("iceLines", args.iceLines ?? 50, 0, 200) ?? 50;
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset || !run) return null;
      return partialDependenceOf(ctx.services.db, ctx.services.models, { runId: run.id, datasetId: dataset.id, feature: args.feature, gridPoints, sampleSize, iceLines });
    },
  },
  ShapSummary: {
    // Packed from the parent's float arrays: the summary's sample is sliced once, in shapSummary.
    beeswarmPacked: (parent) => parent.beeswarm.map((s) => ({ key: s.key, labelZh: s.labelZh, labelEn: s.labelEn, ...packSeries(s.shap, s.normalizedValue) })),
  },
};
