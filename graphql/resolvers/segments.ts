import { ASSET_BAND_EDGES_WAN, cachedSegmentSummary, listBranches, type SegmentDimension as Dimension } from "../../lib/services/segment-queries";
import { scopeOf } from "../../lib/services/customer-queries";
import { activeScope } from "../../lib/services/scope";
import { requireRole } from "../context";
import type { Resolvers, SegmentDimension } from "../generated/resolvers-types";
import { weekDate } from "../mappers";

const DIMENSION: Record<Dimension, SegmentDimension> = {
  branch: "BRANCH",
  channel: "CHANNEL",
  customerType: "CUSTOMER_TYPE",
  riskTolerance: "RISK_TOLERANCE",
  assetBand: "ASSET_BAND",
};

/** Churn, risk and drivers by customer segment, and the branch names the customer list filters by. */
export const segmentResolvers: Resolvers = {
  Query: {
    customerSegments: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset) return null;
      const s = await cachedSegmentSummary(ctx.services.cache.segments, ctx.services.db, scopeOf(dataset, run));
      return {
        asOfWeek: s.asOfWeek,
        asOfDate: weekDate(dataset.startDate, s.asOfWeek),
        labelledAsOfWeek: s.labelledAsOfWeek,
        labelledAsOfDate: weekDate(dataset.startDate, s.labelledAsOfWeek),
        horizonWeeks: dataset.horizonWeeks,
        assetBandEdgesWan: [...ASSET_BAND_EDGES_WAN],
        overall: s.overall,
        segments: s.segments.map((r) => ({ ...r, dimension: DIMENSION[r.dimension] })),
      };
    },

    customerBranches: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      const { dataset } = await activeScope(ctx.services);
      return dataset ? listBranches(ctx.services.db, dataset.id) : [];
    },
  },
};
