import { desc, eq } from "drizzle-orm";
import { modelRuns, scoringRuns } from "../../db/schema";
import * as actions from "../../lib/actions";
import type { ImportOutcome, ImportPreview as Preview } from "../../lib/actions/import-dataset";
import type { ImportWarning as Warning } from "../../lib/data/import/issues";
import type { FileKind } from "../../lib/data/import/mapping";
import type { TimelineImportSummary } from "../../lib/data/import/timeline-import";
import { datasetCounts } from "../../lib/services/dataset-queries";
import { trackDatasetJob } from "../../lib/events/dataset-job";
import { act, requireRole } from "../context";
import type { ImportFileKind, ImportPreview, ImportSummary, ImportWarning, Resolvers } from "../generated/resolvers-types";
import { toDataset, weekDate } from "../mappers";
import { present } from "./present";

const KIND: Record<FileKind, ImportFileKind> = { customers: "CUSTOMERS", activity: "ACTIVITY", events: "EVENTS" };

export const toWarning = (w: Warning): ImportWarning => ({ file: w.file, column: w.column ?? null, rule: w.rule, count: w.count, message: w.message });

export const toSummary = (s: TimelineImportSummary | null): ImportSummary | null =>
  s && {
    customers: s.customers,
    customersDropped: s.customersDropped,
    activityRows: s.activityRows,
    period: s.period,
    startDate: s.startDate,
    weeks: s.nWeeks,
    dataDate: s.dataDate,
    churnSource: s.churnSource,
    churnEvents: s.churnEvents,
    missingFeatures: s.missingFeatures,
    encodings: s.encodings,
  };

function toPreview(p: Preview): ImportPreview {
  return {
    ok: p.ok,
    mapping: p.profile,
    columns: (Object.entries(p.columns) as [FileKind, { header: string; field: string | null }[]][]).map(([kind, columns]) => ({ kind: KIND[kind], columns })),
    summary: toSummary(p.summary),
    warnings: p.warnings.map(toWarning),
    errorTotal: p.errorTotal,
    errorsByRule: p.errorsByRule,
    errors: p.errors.map((e) => ({ file: e.file, line: e.line, column: e.column, value: e.value, rule: e.rule, message: e.message })),
  };
}

/** Import of a brokerage's own data (preview and import of an upload) and which models scored a dataset. */
export const importResolvers: Resolvers = {
  Query: {
    previewImport: async (_p, args, ctx) => {
      const p = await act(ctx, actions.previewImport, { ...present(args.input), ...(args.maxErrors === null || args.maxErrors === undefined ? {} : { maxErrors: args.maxErrors }) });
      return toPreview(p);
    },
  },
  Mutation: {
    importDataset: async (_p, args, ctx) => {
      const r: ImportOutcome = await trackDatasetJob(ctx.services.events.datasets, "import", (progress) =>
        act(ctx, actions.importDataset, { ...present(args.input), onProgress: (done: number, total: number) => progress("store", done, total) }),
      );
      return {
        dataset: toDataset(r.dataset, await datasetCounts(ctx.services.db, r.dataset.id)),
        warnings: r.warnings.map(toWarning),
        mapping: r.profile,
        summary: toSummary(r.summary),
      };
    },
    appendDatasetWeeks: async (_p, args, ctx) => {
      const { datasetId, uploadId, mapping } = args.input;
      const r = await trackDatasetJob(ctx.services.events.datasets, "import", (progress) =>
        act(ctx, actions.appendDatasetWeeks, { datasetId, uploadId, mapping: mapping ?? null, onProgress: (done: number, total: number) => progress("store", done, total) }),
      );
      return {
        dataset: toDataset(r.dataset, await datasetCounts(ctx.services.db, r.dataset.id)),
        weeksAdded: r.weeksAdded,
        warnings: r.warnings.map(toWarning),
        mapping: r.profile,
        summary: toSummary(r.summary),
        outcomesRecorded: r.outcomes.map((o) => o.id),
        scoringJobId: r.scoringJob?.id ?? null,
      };
    },
  },
  Dataset: {
    scoredBy: async (parent, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      const rows = await ctx.services.db
        .select({ modelRunId: scoringRuns.modelRunId, asOfWeek: scoringRuns.asOfWeek, scoredCount: scoringRuns.scoredCount, scoredAt: scoringRuns.createdAt, trainedOn: modelRuns.datasetId })
        .from(scoringRuns)
        .innerJoin(modelRuns, eq(modelRuns.id, scoringRuns.modelRunId))
        .where(eq(scoringRuns.datasetId, parent.id))
        .orderBy(desc(scoringRuns.createdAt), desc(scoringRuns.id));
      return rows.map((r) => ({
        modelRunId: r.modelRunId,
        trainedOnThisDataset: r.trainedOn === parent.id,
        asOfDate: weekDate(parent.startDate ?? null, r.asOfWeek),
        scoredCount: r.scoredCount,
        scoredAt: r.scoredAt,
      }));
    },
  },
};
