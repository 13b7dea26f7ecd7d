import { z } from "zod";
import { campaignReportEntries } from "../campaigns/report-entries";
import { buildChurnReport, type ChurnReport } from "../plans/report";
import { reportLlm } from "../services/report-llm";
import { activeReportKey } from "../services/report-cache";
import { defineAction } from "./action";

/**
 * Writes the churn report with the LLM's narrative (one LLM call) and keeps it for the current
 * (dataset, model, batch), so reading the report never calls the LLM again.
 */
export const generateReport = defineAction({
  name: "generate_report",
  policy: { role: "analyst", cost: 5 },
  input: z.object({}).strict(),
  async run(ctx): Promise<ChurnReport> {
    const s = ctx.services;
    const key = await activeReportKey(s.db);
    const report = await buildChurnReport(s.db, { llm: reportLlm(s), campaignResults: await campaignReportEntries(s.db) });
    s.reports.set(key, report);
    await ctx.audit(s.db, { target: key, details: { source: report.source } });
    return report;
  },
});
