"use client";
import { Section, ErrorBox, Loading } from "../components/Status";
import { GenerateReportMutation } from "../lib/documents/plans";
import { formatDateTime } from "../lib/format";
import { useMutation } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { useState } from "react";
import { useRoleAccess } from "../lib/viewer-role";
import { RoleNote } from "../components/RoleNote";

export function ReportSection() {
  const { t, lang } = useI18n();
  const report = useMutation(GenerateReportMutation);
  const access = useRoleAccess();
  const [frameHeight, setFrameHeight] = useState<number | null>(null);
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
            disabled={report.pending || !access.can("ANALYST")}
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
          <a className="btn" href="/api/report?format=html" download="churn_report.html" data-testid="report-html">
            {t("downloadHtml")}
          </a>
          <a className="btn" href="/api/report?format=pdf" download="churn_report.pdf" data-testid="report-pdf">
            {t("downloadPdf")}
          </a>
        </div>
      }
    >
      <RoleNote access={access} need="ANALYST" />
      <ErrorBox error={report.error} />
      {report.pending && <Loading />}
      {asked && !report.pending && data && !r && <p className="muted">{t("noReport")}</p>}
      {r && (
        <>
          <p className="muted small">
            {t("source")}: {t(`source_${r.source}`)} · {formatDateTime(r.generatedAt, lang)}
          </p>
          {/*
            The report's HTML is model-written: the sandbox gives it no scripts or forms. Same origin
            (without scripts) only lets this page size the frame to its content, so it reads as part of the page.
          */}
          <iframe
            className="report-frame"
            title={t("reportFrameTitle")}
            sandbox="allow-same-origin"
            srcDoc={r.html}
            data-testid="report-frame"
            style={frameHeight != null ? { height: frameHeight } : undefined}
            onLoad={(e) => {
              const doc = e.currentTarget.contentDocument;
              if (doc) setFrameHeight(Math.max(doc.documentElement.scrollHeight, doc.body?.scrollHeight ?? 0) + 16);
            }}
          />
        </>
      )}
    </Section>
  );
}
