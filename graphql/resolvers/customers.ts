import { featureInfo } from "../../lib/data/catalog";
import { RISK_THRESHOLDS } from "../../lib/ml/risk";
import { activeScope } from "../../lib/services/scope";
import { riskCounts, scopeOf } from "../../lib/services/customer-queries";
import { loadModel, whatIf } from "../../lib/services/model-queries";
import { requireRole } from "../context";
import { badInput, intInRange, notFound, numberInRange } from "../errors";
import type { Resolvers } from "../generated/resolvers-types";
import { riskLevel, toCustomer, toCustomerSummary } from "../mappers";
import { cursorGuard } from "./cursor-guard";

/** Customers of the active dataset scored by the active model: lists, detail, counts, what-if. */
export const customerResolvers: Resolvers = {
  Query: {
    customers: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const first = intInRange("first", args.first ?? 20, 1, 200) ?? 20;
      const f = args.filter ?? {};
      numberInRange("filter.minProbability", f.minProbability, 0, 1);
      numberInRange("filter.maxProbability", f.maxProbability, 0, 1);
      intInRange("filter.customerType", f.customerType, 0, 2);
      if (f.search && f.search.length > 64) throw badInput("filter.search", "filter.search 最长 64 个字符 (at most 64 characters)");
      // Names are personal data: matching on them is for analysts and admins, never viewers.
      if (f.searchNames) requireRole(ctx, "ANALYST");
      if (f.branch != null && f.branch.length > 100) throw badInput("filter.branch", "filter.branch 最长 100 个字符 (at most 100 characters)");
      intInRange("filter.openChannel", f.openChannel, 0, 1);
      intInRange("filter.riskTolerance", f.riskTolerance, 0, 4);
      numberInRange("filter.minAssets", f.minAssets, 0, 1e15);
      numberInRange("filter.maxAssets", f.maxAssets, 0, 1e15);
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset) return { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } };
      const page = await cursorGuard(() =>
        ctx.services.cache.customers({ ...scopeOf(dataset, run), size: dataset.nCustomers }, {
          first,
          after: args.after,
          orderBy: args.orderBy ?? "RISK_DESC",
          filter: {
            status: f.status ? (f.status.toLowerCase() as "active" | "churned" | "all") : undefined,
            riskLevel: f.riskLevel ? (f.riskLevel.toLowerCase() as "high" | "medium" | "low") : undefined,
            customerType: f.customerType ?? undefined,
            minProbability: f.minProbability ?? undefined,
            maxProbability: f.maxProbability ?? undefined,
            hasPlan: f.hasPlan ?? undefined,
            search: f.search ?? undefined,
            searchNames: f.searchNames ?? undefined,
            branch: f.branch ?? undefined,
            openChannel: f.openChannel ?? undefined,
            riskTolerance: f.riskTolerance ?? undefined,
            minAssets: f.minAssets ?? undefined,
            maxAssets: f.maxAssets ?? undefined,
          },
        }),
      );
      return {
        totalCount: page.totalCount,
        edges: page.items.map((i) => ({ cursor: i.cursor, node: toCustomerSummary(i.node, dataset.startDate) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      };
    },

    customer: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      if (args.id.length > 64) throw badInput("id", "id 最长 64 个字符 (at most 64 characters)");
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset) return null;
      const d = await ctx.services.cache.detail(scopeOf(dataset, run), args.id);
      if (!d) return null;
      const live = d.latestPlan ? ctx.services.plans.state.liveText(d.latestPlan.batchId, d.latestPlan.customerId) : undefined;
      return toCustomer(d, run?.shapBaseValue ?? null, live, dataset.startDate);
    },

    riskCounts: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset || !run) return null;
      const c = await riskCounts(ctx.services.db, { datasetId: dataset.id, asOfWeek: dataset.asOfWeek, runId: run.id });
      return { ...c, thresholds: { high: RISK_THRESHOLDS.high, medium: RISK_THRESHOLDS.medium } };
    },

    whatIf: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      if (args.changes.length > 29) throw badInput("changes", "changes 最多 29 项 (at most 29 changes)");
      for (const [i, c] of args.changes.entries()) {
        if (!featureInfo(c.key)) throw badInput(`changes[${i}].key`, `未知特征 unknown feature: ${c.key.slice(0, 64)}`);
        if (!Number.isFinite(c.value)) throw badInput(`changes[${i}].value`, "数值必须有限 (must be finite)");
      }
      const { dataset, run } = await activeScope(ctx.services);
      if (!dataset || !run) throw notFound("activeModel", "-");
      const d = await ctx.services.cache.detail(scopeOf(dataset, run), args.customerId);
      if (!d) throw notFound("customer", args.customerId);
      const model = await loadModel(ctx.services.db, ctx.services.models, run.id);
      if (!model) throw notFound("model", run.id);
      const r = whatIf(model, d.features, args.changes);
      return { ...r, level: riskLevel(r.level) };
    },
  },
};
