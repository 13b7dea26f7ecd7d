import * as actions from "../../lib/actions";
import { FEATURES } from "../../lib/data/catalog";
import { getActiveDataset } from "../../lib/data/dataset-store";
import { datasetCounts } from "../../lib/services/dataset-queries";
import { trackDatasetJob } from "../../lib/events/dataset-job";
import { act, requireRole } from "../context";
import type { Resolvers } from "../generated/resolvers-types";
import { toDataset } from "../mappers";
import { present } from "./present";

/** The active dataset, its feature catalogue, and generating/advancing it. */
export const datasetResolvers: Resolvers = {
  Query: {
    dataset: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      const d = await getActiveDataset(ctx.services.db);
      return d ? toDataset(d, await datasetCounts(ctx.services.db, d.id)) : null;
    },

    features: (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      return FEATURES.map((f, index) => ({
        key: f.key,
        index,
        labelZh: f.zh,
        labelEn: f.en,
        group: f.group,
        description: f.description,
        unit: f.unit,
        categories: f.categories ? [...f.categories] : null,
      }));
    },
  },
  Mutation: {
    generateDataset: async (_p, args, ctx) => {
      const d = await trackDatasetJob(ctx.services.events.datasets, "generate", (onProgress) => act(ctx, actions.generateDataset, { ...present(args.input), onProgress }));
      return toDataset(d, await datasetCounts(ctx.services.db, d.id));
    },

    advanceDataset: async (_p, args, ctx) => {
      const r = await trackDatasetJob(ctx.services.events.datasets, "advance", (onProgress) => act(ctx, actions.advanceDataset, { weeks: args.weeks, onProgress }, ""));
      return toDataset(r.dataset, await datasetCounts(ctx.services.db, r.dataset.id));
    },
  },
};
