"use client";
import { Section, ErrorBox, Loading } from "../components/Status";
import { GenerateReportMutation } from "../lib/documents/plans";
import { formatDateTime } from "../lib/format";
import { useMutation } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { useState } from "react";

export function ReportSection() {
  const { t, lang } = useI18n();
  const report = useMutation(GenerateReportMutation);
  const [data, setData] = useState<Awaited<ReturnType<typeof report.run>>>(null);
  const [asked, setAsked] = useState(false);
  const r = data?.generateReport;
  return (
    <Section
      title={t("report")}
      actions={
        <div className="btn-row">
          <button
            type="button"
            className="btn"
            disabled={report.pending}
            onClick={async () => {
              setAsked(true);
              setData(await report.run({}));
            }}
            data-testid="report-button"
          >
            {t("generateReport")}
          </button>
          <a className="btn" href="/api/report?format=md" download>
            {t("downloadMarkdown")}
          </a>
        </div>
      }
    >
      <ErrorBox error={report.error} />
      {report.pending && <Loading />}
      {asked && !report.pending && data && !r && <p className="muted">{t("noReport")}</p>}
      {r && (
        <>
          <p className="muted small">
            {t("source")}: {t(`source_${r.source}`)} · {formatDateTime(r.generatedAt, lang)}
          </p>
          {/* The report's HTML is model-written: an empty sandbox gives it no scripts, forms or same-origin access. */}
          <iframe className="report-frame" title={t("reportFrameTitle")} sandbox="" srcDoc={r.html} data-testid="report-frame" />
        </>
      )}
    </Section>
  );
}
