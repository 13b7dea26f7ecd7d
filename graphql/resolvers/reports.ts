import * as actions from "../../lib/actions";
import { currentReport } from "../../lib/services/report-cache";
import { act, requireRole } from "../context";
import type { Resolvers } from "../generated/resolvers-types";
import { toReport } from "../mappers";

/** The churn report: reading the current one, generating a new one (an LLM call, budgeted). */
export const reportResolvers: Resolvers = {
  Query: {
    report: async (_p, _a, ctx) => {
      requireRole(ctx, "VIEWER");
      return toReport(await currentReport(ctx.services.db, ctx.services.reports));
    },
  },
  Mutation: {
    generateReport: async (_p, _a, ctx) => toReport(await act(ctx, actions.generateReport, {})),
  },
};
