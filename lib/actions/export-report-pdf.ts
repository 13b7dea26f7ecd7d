import { z } from "zod";
import { AppError } from "../errors/app-error";
import { renderReportPdf } from "../plans/report-pdf";
import { findCjkFont } from "../plans/report-pdf-font";
import { activeReportKey, currentReport } from "../services/report-cache";
import { defineAction } from "./action";

/**
 * The current report (the one generated for the current data, else the template report) as a
 * PDF. Same readers as its HTML and Markdown (any signed-in role); drawing and subsetting the
 * font costs some CPU, hence an action with a budget cost and an audit row.
 */
export const exportReportPdf = defineAction({
  name: "export_report_pdf",
  policy: { role: "viewer", cost: 1 },
  input: z.object({}).strict(),
  async run(ctx) {
    const s = ctx.services;
    const font = findCjkFont();
    if (!font) {
      throw new AppError(
        "SERVICE_UNAVAILABLE",
        "服务器上没有中文字体，无法生成 PDF：请安装 fonts-wqy-microhei 或设置 REPORT_PDF_FONT (no CJK font on the server: install fonts-wqy-microhei or set REPORT_PDF_FONT)",
        { field: "REPORT_PDF_FONT" },
      );
    }
    const [key, report] = await Promise.all([activeReportKey(s.db), currentReport(s.db, s.reports)]);
    const body = await renderReportPdf(report.document, font, report.generatedAt);
    await ctx.audit(s.db, { target: key, details: { source: report.source, bytes: body.byteLength } });
    return { body, filename: "churn_report.pdf" };
  },
});
