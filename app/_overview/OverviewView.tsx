"use client";
import { useState } from "react";
import { EmptyState, ErrorBox, Loading, MetricCard, Section } from "../components/Status";
import { TrainingProgress } from "../components/TrainingProgress";
import { OverviewQuery } from "../lib/documents/overview";
import { formatDecimal, formatMoney, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { ActionsPanel, type AdvanceAbility } from "./ActionsPanel";
import { RiskHistogram } from "./RiskHistogram";

export function OverviewView() {
  const { t, lang } = useI18n();
  const { data, error, loading, refetch } = useQuery(OverviewQuery, {});
  const [startedRunId, setStartedRunId] = useState<number | null>(null);

  const latestRun = data?.modelRuns[0];
  // After a reload, a run still RUNNING on the server is followed again.
  const followRunId = startedRunId ?? (latestRun?.status === "RUNNING" ? latestRun.id : null);
  const ds = data?.dataset;
  const model = data?.activeModel;
  const risk = data?.riskCounts;
  const ready = data != null || error != null;
  const advance: AdvanceAbility =
    data?.viewer?.role !== "ADMIN" || !ds ? "hidden" : ds.kind === "TIMELINE" && ds.source === "synthetic" ? "available" : "unavailable";

  return (
    <div data-ready={ready ? "true" : "false"} data-testid="overview">
      <div className="page-head">
        <div>
          <h1>{t("overviewTitle")}</h1>
          <p className="muted">{t("appTagline")}</p>
        </div>
      </div>
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}

      {data && (
        <>
          <div className="grid grid-2">
            <Section title={t("datasetCard")}>
              {ds && ds.kind === "TIMELINE" ? (
                <div className="metrics" data-testid="dataset-metrics" data-kind="TIMELINE">
                  <MetricCard label={t("asOfDate")} value={ds.asOfDate ?? "—"} hint={t("lookbackN", { n: ds.lookbackWeeks })} />
                  <MetricCard label={t("horizon")} value={t("weeksN", { n: ds.horizonWeeks })} />
                  <MetricCard label={t("activeCustomers")} value={formatNumber(ds.activeCustomers, lang)} />
                  <MetricCard label={t("churnedCustomers")} value={formatNumber(ds.churnedCustomers, lang)} />
                  <MetricCard
                    label={t("historyWeeks")}
                    value={t("weeksN", { n: ds.historyWeeks })}
                    hint={ds.startDate ? t("sinceDate", { date: ds.startDate }) : undefined}
                  />
                  <MetricCard label={t("horizonChurnRate", { h: ds.horizonWeeks })} value={formatPercent(ds.churnRate, lang)} />
                  <MetricCard label={t("customersEver")} value={formatNumber(ds.customerCount, lang)} />
                  <MetricCard label={t("oracleAuc")} value={formatDecimal(ds.oracleAuc, 3)} hint={t("oracleAucHelp")} />
                </div>
              ) : ds ? (
                <>
                  <p>
                    <span className="badge badge-snapshot" title={t("snapshotDatasetHelp")}>
                      {t("snapshotDataset")}
                    </span>{" "}
                    <span className="muted small">{t("snapshotDatasetHelp")}</span>
                  </p>
                  <div className="metrics" data-testid="dataset-metrics" data-kind="SNAPSHOT">
                    <MetricCard label={t("customersCount")} value={formatNumber(ds.customerCount, lang)} />
                    <MetricCard label={t("churnRate")} value={formatPercent(ds.churnRate, lang)} />
                    <MetricCard label={t("oracleAuc")} value={formatDecimal(ds.oracleAuc, 3)} hint={t("oracleAucHelp")} />
                    <MetricCard label={t("weeksObserved")} value={ds.weeks} />
                  </div>
                </>
              ) : (
                <EmptyState>{t("noDataset")}</EmptyState>
              )}
            </Section>
            <Section title={model ? `${t("activeModel")} · ${t("modelRunNo", { id: model.id })}` : t("activeModel")}>
              {model?.metrics ? (
                <div className="metrics" data-testid="model-metrics">
                  <MetricCard
                    label={t("auc")}
                    value={formatDecimal(model.metrics.auc, 3)}
                    hint={model.metrics.oracleRatio != null ? t("ofOracle", { pct: formatPercent(model.metrics.oracleRatio, lang) }) : undefined}
                  />
                  <MetricCard label={t("recall")} value={formatPercent(model.metrics.recall, lang)} />
                  <MetricCard label={t("precision")} value={formatPercent(model.metrics.precision, lang)} />
                  <MetricCard label={t("f1")} value={formatDecimal(model.metrics.f1, 3)} hint={`${t("decisionThreshold")} ${formatDecimal(model.metrics.threshold, 2)}`} />
                </div>
              ) : (
                <EmptyState>{t("noModel")}</EmptyState>
              )}
            </Section>
          </div>

          {followRunId != null && (
            <section className="card">
              <TrainingProgress
                key={followRunId}
                runId={followRunId}
                onFinished={() => {
                  void refetch();
                }}
              />
            </section>
          )}

          <ActionsPanel
            hasDataset={ds != null}
            hasModel={model != null}
            trainingBusy={followRunId != null && latestRun?.status === "RUNNING"}
            advance={advance}
            onChanged={() => void refetch()}
            onTrainingStarted={(id) => {
              setStartedRunId(id);
              void refetch();
            }}
          />

          <Section title={t("riskHistogram")}>
            {risk ? (
              <>
                <div className="metrics" data-testid="risk-counts">
                  <MetricCard tone="high" label={t("riskHigh")} value={formatNumber(risk.high, lang)} />
                  <MetricCard tone="medium" label={t("riskMedium")} value={formatNumber(risk.medium, lang)} />
                  <MetricCard tone="low" label={t("riskLow")} value={formatNumber(risk.low, lang)} />
                  <MetricCard label={t("expectedLoss")} value={formatMoney(risk.expectedAssetLoss, lang)} hint={t("expectedLossHelp")} />
                </div>
                <RiskHistogram histogram={risk.histogram} high={risk.thresholds.high} medium={risk.thresholds.medium} />
                <p className="muted small">
                  {t("thresholdsNote", { high: formatPercent(risk.thresholds.high, lang, 0), medium: formatPercent(risk.thresholds.medium, lang, 0) })}
                </p>
              </>
            ) : (
              <EmptyState>{model ? t("noScores") : t("noModel")}</EmptyState>
            )}
          </Section>
        </>
      )}
    </div>
  );
}
