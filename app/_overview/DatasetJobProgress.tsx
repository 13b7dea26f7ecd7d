"use client";
import { useState } from "react";
import { DatasetProgressSubscription } from "../lib/documents/overview";
import { formatNumber } from "../lib/format";
import { useSubscription } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";

type Job = "GENERATE" | "ADVANCE" | "IMPORT";
interface Progress {
  phase: "GENERATE" | "STORE" | "SCORE";
  done: number;
  total: number;
}

/** The running dataset job's phase and count, while `job` is pending on this page. */
export function DatasetJobProgress({ job, active }: { job: Job; active: boolean }) {
  const { t, lang } = useI18n();
  const [latest, setLatest] = useState<Progress | null>(null);
  useSubscription(
    DatasetProgressSubscription,
    {},
    (d) => {
      const e = d.datasetProgress;
      if (e.job === job) setLatest(e.status === "RUNNING" ? { phase: e.phase, done: e.done, total: e.total } : null);
    },
    { skip: !active },
  );
  if (!active || !latest) return null;
  const label = latest.phase === "GENERATE" ? t("jobPhaseGenerate") : latest.phase === "STORE" ? t("jobPhaseStore") : t("jobPhaseScore");
  const pct = latest.total > 0 ? Math.min(100, Math.round((latest.done / latest.total) * 100)) : 0;
  return (
    <div className="job-progress" role="status" aria-live="polite" data-testid={`dataset-progress-${job.toLowerCase()}`}>
      <span>
        {label} {latest.total > 0 ? `${formatNumber(latest.done, lang)} / ${formatNumber(latest.total, lang)}` : ""}
      </span>
      <progress max={100} value={pct} aria-label={label} />
    </div>
  );
}
