"use client";
import { MetricCard, Section } from "../components/Status";
import { formatDateTime, formatDecimal, formatNumber, formatPercent } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { RealisedCalibrationChart } from "./RealisedCalibrationChart";
import type { ModelQuality, ScoringRunItem } from "./types";

/** What one scoring predicted, next to what happened once its outcome date has passed. */
export function ScoringRunPanel({ run, model }: { run: ScoringRunItem; model: ModelQuality }) {
  const { t, lang } = useI18n();
  const r = run.realised;
  const date = run.asOfDate ?? `#${run.asOfWeek}`;
  return (
    <Section title={t("predictedVsRealised", { date })} id="scoring-run">
      <div data-testid="scoring-run-panel" data-run-id={run.id} data-realised={r ? "true" : "false"}>
        <p className="muted small">
          {t("scoringRunNo", { id: run.id })} · {t("madeBy", { id: run.modelRunId })} · {t("outcomeDate")} {run.outcomeDate ?? "—"}
          {run.outcomesAt && ` · ${t("outcomesRecordedAt", { time: formatDateTime(run.outcomesAt, lang) })}`}
        </p>
        {r ? (
          <>
            <div className="metrics" data-testid="realised-metrics">
              <MetricCard
                label={t("predictedRate")}
                value={formatPercent(run.meanProbability, lang)}
                hint={t("predictedVsActualCount", {
                  e: formatNumber(run.expectedChurners, lang),
                  r: formatNumber(r.churned, lang),
                  n: formatNumber(r.customers, lang),
                })}
              />
              <MetricCard label={t("realisedRate")} value={formatPercent(r.churnRate, lang)} />
              <MetricCard
                label={t("realisedAuc")}
                value={formatDecimal(r.auc, 3)}
                hint={[
                  model ? t("modelTestAuc", { auc: formatDecimal(model.auc, 3) }) : null,
                  r.oracleAuc != null ? t("realisedOracle", { auc: formatDecimal(r.oracleAuc, 3) }) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              />
              <MetricCard label={t("precisionAtK")} value={formatPercent(r.precisionAtK, lang)} hint={t("atK", { k: formatNumber(r.k, lang) })} />
              <MetricCard label={t("recallAtK")} value={formatPercent(r.recallAtK, lang)} hint={t("atK", { k: formatNumber(r.k, lang) })} />
            </div>
            <div className="grid grid-2" style={{ marginTop: "0.75rem" }}>
              <div>
                <h3>{t("realisedCalibration")}</h3>
                <RealisedCalibrationChart bins={r.calibration} />
                <p className="muted small">{t("calibrationHelp")}</p>
              </div>
              <div>
                <h3>{t("realisedAucVsTest")}</h3>
                <AucComparison realised={r.auc} test={model?.auc ?? null} oracle={r.oracleAuc ?? null} />
              </div>
            </div>
          </>
        ) : (
          <>
            <p className="notice pending" data-testid="pending-notice">
              {t("pendingPanel", { date: run.outcomeDate ?? "—", h: run.horizonWeeks })}
            </p>
            <div className="metrics">
              <MetricCard label={t("predictedRate")} value={formatPercent(run.meanProbability, lang)} />
              <MetricCard label={t("expectedChurners")} value={formatNumber(run.expectedChurners, lang)} hint={t("customersUnit", { n: formatNumber(run.scoredCount, lang) })} />
              <MetricCard label={t("highRiskCount")} value={formatNumber(run.highRisk, lang)} />
              {model && <MetricCard label={t("testAucLabel")} value={formatDecimal(model.auc, 3)} />}
            </div>
          </>
        )}
      </div>
    </Section>
  );
}

/** Three AUCs on one scale as plain bars: no chart library for three numbers. */
function AucComparison({ realised, test, oracle }: { realised: number | null; test: number | null; oracle: number | null }) {
  const { t } = useI18n();
  const rows: { label: string; value: number | null; color: string }[] = [
    { label: t("realisedAuc"), value: realised, color: "#1d4ed8" },
    { label: t("testAucLabel"), value: test, color: "#6b7280" },
    { label: t("oracleAuc"), value: oracle, color: "#9ca3af" },
  ];
  // AUC 0.5 is chance: the bars start there so differences that matter are visible.
  const width = (v: number) => `${Math.max(0, Math.min(1, (v - 0.5) / 0.5)) * 100}%`;
  return (
    <div className="auc-bars" data-testid="auc-comparison">
      {rows.map((row) => (
        <div className="auc-bar" key={row.label}>
          <span className="small">{row.label}</span>
          <div className="auc-track" aria-hidden="true">
            {row.value != null && <div className="auc-fill" style={{ width: width(row.value), background: row.color }} />}
          </div>
          <strong className="mono">{formatDecimal(row.value, 3)}</strong>
        </div>
      ))}
      <p className="muted small">0.5 → 1.0</p>
    </div>
  );
}
