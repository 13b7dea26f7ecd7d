import type { MonitorAlertRow } from "../../db/schema";
import { featureInfo } from "../../lib/data/catalog";
import { ALERT_TOPIC, alertBus } from "../../lib/monitor/alert-events";
import type { MovedFeature } from "../../lib/monitor/alerts";
import type { EstimatedMetric as DomainMetric } from "../../lib/monitor/cbpe";
import { compareModelRuns } from "../../lib/monitor/champion";
import { alertCounts, getAlert, listAlerts, listScoringMonitors, testAucs } from "../../lib/monitor/monitor-service";
import { activeScope } from "../../lib/services/scope";
import { requireRole } from "../context";
import { intInRange } from "../errors";
import type { EstimatedMetric, MonitorAlert, Resolvers } from "../generated/resolvers-types";
import { weekDate } from "../mappers";

function toAlert(a: MonitorAlertRow, startDate: string | null): MonitorAlert {
  return {
    id: a.id,
    scoringRunId: a.scoringRunId,
    modelRunId: a.modelRunId,
    asOfWeek: a.asOfWeek,
    asOfDate: weekDate(startDate, a.asOfWeek),
    kind: a.kind,
    severity: a.severity,
    message: a.message,
    value: a.value,
    limit: a.limit,
    features: a.features as MovedFeature[],
    suggestion: a.suggestion,
    createdAt: a.createdAt,
  };
}

const metric = (m: DomainMetric | null | undefined): EstimatedMetric | null =>
  m ? { estimate: m.estimate, lower: m.lower, upper: m.upper, standardError: m.standardError } : null;

/** Monitoring: alerts, drift and estimated/realised AUC per scoring run, champion vs challenger. */
export const monitoringResolvers: Resolvers = {
  Query: {
    alerts: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 50, 1, 500) ?? 50;
      const { dataset } = await activeScope(ctx.services);
      if (!dataset) return [];
      return (await listAlerts(ctx.services.db, { limit, datasetId: dataset.id })).map((a) => toAlert(a, dataset.startDate));
    },
    scoringMonitors: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const limit = intInRange("limit", args.limit ?? 52, 1, 260) ?? 52;
      const { dataset } = await activeScope(ctx.services);
      if (!dataset) return [];
      const rows = await listScoringMonitors(ctx.services.db, dataset.id, limit);
      const counts = await alertCounts(ctx.services.db, rows.map((r) => r.run.id));
      const aucs = await testAucs(ctx.services.db, [...new Set(rows.map((r) => r.run.modelRunId))]);
      return rows.map(({ run, drift, estimated }) => ({
        scoringRunId: run.id,
        modelRunId: run.modelRunId,
        asOfWeek: run.asOfWeek,
        asOfDate: weekDate(dataset.startDate, run.asOfWeek),
        scoredCount: run.scoredCount,
        testAuc: aucs.get(run.modelRunId) ?? null,
        estimatedAuc: metric(estimated?.auc),
        estimatedPrecision: metric(estimated?.precisionAtThreshold),
        estimatedRecall: metric(estimated?.recallAtThreshold),
        realisedAuc: run.realised?.auc ?? null,
        scorePsi: drift?.score?.psi ?? null,
        driftedShare: drift?.driftedShare ?? null,
        driftedFeatures: drift?.driftedFeatures ?? [],
        features: (drift?.features ?? []).map((f) => ({
          key: f.key,
          zh: featureInfo(f.key)?.zh ?? f.key,
          psi: f.psi,
          status: f.status,
          missingShare: f.quality.missingShare,
          outOfRangeShare: f.quality.outOfRangeShare,
          newCategories: f.quality.newCategories.length,
        })),
        alertCount: counts.get(run.id) ?? 0,
      }));
    },
    compareModels: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const c = await compareModelRuns(ctx.services.db, args.champion, args.challenger);
      if (!c) return null;
      return {
        championId: c.championId,
        challengerId: c.challengerId,
        testAsOfWeek: c.testAsOfWeek,
        rows: c.rows,
        positives: c.positives,
        championAuc: c.auc.champion,
        challengerAuc: c.auc.challenger,
        aucDiff: c.auc.diff,
        aucDiffLower: c.auc.lower,
        aucDiffUpper: c.auc.upper,
        championBrier: c.calibration.championBrier,
        challengerBrier: c.calibration.challengerBrier,
        topK: c.topK.k,
        topKOverlap: c.topK.overlap,
        importance: c.importance,
        roc: c.roc,
        pr: c.pr,
        calibration: { champion: c.calibration.champion, challenger: c.calibration.challenger },
        activate: c.decision?.activate ?? null,
        reason: c.decision?.reason ?? null,
      };
    },
  },
  Subscription: {
    alertRaised: {
      subscribe: async function* (_p, _args, ctx): AsyncGenerator<{ alertRaised: MonitorAlert }> {
        requireRole(ctx, "VIEWER");
        for await (const e of alertBus().iterate(ALERT_TOPIC)) {
          const row = await getAlert(ctx.services.db, e.id);
          if (!row) continue;
          const { dataset } = await activeScope(ctx.services);
          yield { alertRaised: toAlert(row, dataset?.startDate ?? null) };
        }
      },
    },
  },
};
