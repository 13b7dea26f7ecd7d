import { DEFAULT_GAIN_BINS, MAX_GAIN_BINS } from "../../lib/ml/gain-lift";
import { DEFAULT_CONTACT_COST, DEFAULT_SUCCESS_RATE, defaultRetainedValue } from "../../lib/ml/cost-threshold";
import { compareRuns, evaluateRun, type RunEvaluation as DomainEvaluation } from "../../lib/model-analysis/run-evaluation";
import { requireRole } from "../context";
import { intInRange } from "../errors";
import type { Resolvers, RunEvaluation } from "../generated/resolvers-types";

/** Model page (#16): a run on its out-of-time test set, and two runs compared. Reads only. */
function toEvaluation(e: DomainEvaluation): RunEvaluation {
  return {
    runId: e.runId,
    datasetId: e.datasetId,
    testAsOfWeek: e.testAsOfWeek,
    testAsOfDate: e.testAsOfDate,
    rows: e.rows,
    positives: e.positives,
    auc: e.auc,
    averagePrecision: e.averagePrecision,
    brier: e.brier,
    logLoss: e.logLoss,
    k: e.k,
    precisionAtK: e.precisionAtK,
    recallAtK: e.recallAtK,
    roc: e.roc,
    pr: e.pr,
    calibration: e.calibration,
    gain: e.gain.cuts,
    meanChurnerAssets: e.meanChurnerAssets,
    defaultRetainedValue: defaultRetainedValue(e.meanChurnerAssets),
    defaultContactCost: DEFAULT_CONTACT_COST,
    defaultSuccessRate: DEFAULT_SUCCESS_RATE,
  };
}

const binsOf = (bins: number | null | undefined) => intInRange("bins", bins ?? DEFAULT_GAIN_BINS, 1, MAX_GAIN_BINS) ?? DEFAULT_GAIN_BINS;

export const modelAnalysisResolvers: Resolvers = {
  Query: {
    runEvaluation: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const bins = binsOf(args.bins);
      return toEvaluation(await evaluateRun(ctx.services.db, args.runId, bins));
    },
    runComparison: async (_p, args, ctx) => {
      requireRole(ctx, "VIEWER");
      const bins = binsOf(args.bins);
      const c = await compareRuns(ctx.services.db, args.runA, args.runB, bins);
      return {
        sameRows: c.sameRows,
        a: toEvaluation(c.a),
        b: toEvaluation(c.b),
        aucDiff: c.aucDiff?.diff ?? null,
        aucDiffLower: c.aucDiff?.lower ?? null,
        aucDiffUpper: c.aucDiff?.upper ?? null,
      };
    },
  },
};
