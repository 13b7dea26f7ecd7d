import { pingDatabase } from "../../db/client";
import { FEATURES, featureInfo } from "../../lib/data/catalog";
import { getActiveDataset } from "../../lib/data/dataset-store";
import { RISK_THRESHOLDS } from "../../lib/ml/risk";
import { liveText } from "../../lib/plans/plan-service";
import { activeScope } from "../../lib/services/scope";
import { CursorError, riskCounts, scopeOf } from "../../lib/services/customer-queries";
import { getActiveModelRun, getModelRun, listModelRuns, loadModel, shapDependence, shapSummary, whatIf } from "../../lib/services/model-queries";
import { getPlanBatch, listPlanBatches, listRetentionPlans } from "../../lib/services/plan-queries";
import { currentReport } from "../../lib/services/report-cache";
import { datasetCounts } from "../../lib/services/dataset-queries";
import { getDatasetRow, getScoringRun, listScoringRuns } from "../../lib/monitor/scoring-runs";
import { type GraphQLContext, requireRole } from "../context";
import { badInput, intInRange, notFound, numberInRange } from "../errors";
import type { QueryResolvers, Role } from "../generated/resolvers-types";
import { PRIORITY_ZH, riskLevel, toReport, toScoringRun, toCustomer, toCustomerSummary, toDataset, toModelRun, toPlanBatch, toRetentionPlan } from "../mappers";

export const APP_VERSION = "0.1.0";


function cursorGuard<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((e: unknown) => {
    if (e instanceof CursorError) throw badInput("after", e.message);
    throw e;
  });
}

export const Query: QueryResolvers<GraphQLContext> = {
  health: async (_p, _a, ctx) => {
    const s = ctx.services;
    const ok = await pingDatabase(s.db);
    return {
      status: ok ? "ok" : "degraded",
      message: ok ? "API服务器运行正常" : "数据库不可用",
      database: s.dbHandle.kind,
      planner: s.llm ? "llm" : "template",
      version: APP_VERSION,
    };
  },

  viewer: (_p, _a, ctx) =>
    ctx.viewer ? { email: ctx.viewer.email, role: ctx.viewer.role.toUpperCase() as Role, mustChangePassword: ctx.viewer.mustChangePassword ?? false } : null,

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

  customers: async (_p, args, ctx) => {
    requireRole(ctx, "VIEWER");
    const first = intInRange("first", args.first ?? 20, 1, 200) ?? 20;
    const f = args.filter ?? {};
    numberInRange("filter.minProbability", f.minProbability, 0, 1);
    numberInRange("filter.maxProbability", f.maxProbability, 0, 1);
    intInRange("filter.customerType", f.customerType, 0, 2);
    if (f.search && f.search.length > 64) throw badInput("filter.search", "filter.search 最长 64 个字符 (at most 64 characters)");
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
    const live = d.latestPlan ? liveText(d.latestPlan.batchId, d.latestPlan.customerId) : undefined;
    return toCustomer(d, run?.shapBaseValue ?? null, live, dataset.startDate);
  },

  riskCounts: async (_p, _a, ctx) => {
    requireRole(ctx, "VIEWER");
    const { dataset, run } = await activeScope(ctx.services);
    if (!dataset || !run) return null;
    const c = await riskCounts(ctx.services.db, { datasetId: dataset.id, asOfWeek: dataset.asOfWeek, runId: run.id });
    return { ...c, thresholds: { high: RISK_THRESHOLDS.high, medium: RISK_THRESHOLDS.medium } };
  },

  modelRuns: async (_p, args, ctx) => {
    requireRole(ctx, "VIEWER");
    const limit = intInRange("limit", args.limit ?? 20, 1, 200) ?? 20;
    return (await listModelRuns(ctx.services.db, limit)).map(toModelRun);
  },

  modelRun: async (_p, args, ctx) => {
    requireRole(ctx, "VIEWER");
    const r = await getModelRun(ctx.services.db, args.id);
    return r ? toModelRun(r) : null;
  },

  activeModel: async (_p, _a, ctx) => {
    requireRole(ctx, "VIEWER");
    const r = await getActiveModelRun(ctx.services.db);
    return r ? toModelRun(r) : null;
  },

  shapSummary: async (_p, args, ctx) => {
    requireRole(ctx, "VIEWER");
    const sampleSize = intInRange("sampleSize", args.sampleSize ?? 1000, 10, 5000) ?? 1000;
    const { dataset, run } = await activeScope(ctx.services);
    if (!dataset || !run) return null;
    return shapSummary(ctx.services.db, run, dataset.id, sampleSize);
  },

  shapDependence: async (_p, args, ctx) => {
    requireRole(ctx, "VIEWER");
    if (!featureInfo(args.feature)) throw badInput("feature", `未知特征 unknown feature: ${args.feature.slice(0, 64)}`);
    const sampleSize = intInRange("sampleSize", args.sampleSize ?? 2000, 10, 10000) ?? 2000;
    const { dataset, run } = await activeScope(ctx.services);
    if (!dataset || !run) return null;
    return shapDependence(ctx.services.db, run.id, dataset.id, args.feature, sampleSize);
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
    const model = await loadModel(ctx.services.db, run.id);
    if (!model) throw notFound("model", run.id);
    const r = whatIf(model, d.features, args.changes);
    return { ...r, level: riskLevel(r.level) };
  },

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
        priority: args.priority ? PRIORITY_ZH[args.priority] : undefined,
        status: args.status ? args.status.toLowerCase() : undefined,
        first,
        after: args.after,
      }),
    );
    return {
      totalCount: page.totalCount,
      edges: page.items.map((i) => ({ cursor: i.cursor, node: toRetentionPlan(i.node, liveText(i.node.batchId, i.node.customerId)) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  },

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

  report: async (_p, _a, ctx) => {
    requireRole(ctx, "VIEWER");
    return toReport(await currentReport(ctx.services.db, ctx.services.reports));
  },
};
