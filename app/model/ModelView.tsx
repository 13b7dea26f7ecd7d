"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { EmptyState, ErrorBox, Loading, MetricCard, Section } from "../components/Status";
import { TrainingProgress, type TrainingSnapshot } from "../components/TrainingProgress";
import { ModelRunDetailQuery, ModelRunsQuery } from "../lib/documents/model";
import { formatDecimal, formatDuration, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { weekDate } from "../lib/time";
import { BacktestChart, BacktestTable } from "./Backtest";
import { ConfusionMatrix } from "./ConfusionMatrix";
import { CostThreshold } from "./CostThreshold";
import { CalibrationChart, LearningCurveChart, PrChart, RocChart } from "./ModelCharts";
import { RunComparison } from "./RunComparison";
import { RunsTable } from "./RunsTable";
import { ThresholdExplorer } from "./ThresholdExplorer";

/** A positive run id from the URL, else null (a hand-edited link falls back to the default view). */
function runIdParam(v: string | null | undefined): number | null {
  if (!v || !/^\d{1,9}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}

export function ModelView() {
  const { t, lang } = useI18n();
  const runs = useQuery(ModelRunsQuery, {});
  // The viewed run and the run compared with it live in the URL (?run=&compare=), so a link shows the same view.
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const picked = runIdParam(params?.get("run"));
  const compareParam = runIdParam(params?.get("compare"));
  const go = (run: number | null, compare: number | null) => {
    const q = new URLSearchParams(params?.toString() ?? "");
    if (run == null) q.delete("run");
    else q.set("run", String(run));
    if (compare == null || compare === run) q.delete("compare");
    else q.set("compare", String(compare));
    const search = q.toString();
    router.replace(`${pathname}${search ? `?${search}` : ""}`, { scroll: false });
  };
  const setPicked = (id: number) => go(id, compareParam);
  const [live, setLive] = useState<TrainingSnapshot | null>(null);

  const list = runs.data?.modelRuns ?? [];
  const running = list.find((r) => r.status === "RUNNING");
  const selectedId = picked ?? list.find((r) => r.isActive)?.id ?? list[0]?.id ?? null;
  const compareId = compareParam !== null && compareParam !== selectedId ? compareParam : null;
  const detail = useQuery(ModelRunDetailQuery, { id: selectedId ?? 0 }, { skip: selectedId == null });
  const run = detail.data?.modelRun;
  const m = run?.metrics;
  const curve = run?.learningCurve ?? [];
  const split = run?.split ?? null;
  const backtest = run?.backtest ?? [];
  // The backtest knows the date of every labelled as-of week; the dataset's start date covers the rest.
  const dateOf = (week: number): string => backtest.find((p) => p.asOfWeek === week)?.asOfDate ?? weekDate(detail.data?.dataset?.startDate, week) ?? `#${week}`;
  const trainWeeks = split ? [...split.trainWeeks].sort((a, b) => a - b) : [];

  return (
    <div data-ready={runs.data || runs.error ? "true" : "false"}>
      <div className="page-head">
        <h1>{t("modelTitle")}</h1>
      </div>
      <ErrorBox error={runs.error} onRetry={() => void runs.refetch()} />
      {runs.loading && !runs.data && <Loading />}
      {runs.data && list.length === 0 && (
        <section className="card">
          <EmptyState>{t("noModel")}</EmptyState>
        </section>
      )}

      {running && (
        <section className="card">
          <TrainingProgress
            key={running.id}
            runId={running.id}
            onUpdate={setLive}
            onFinished={() => {
              setLive(null);
              void runs.refetch();
              void detail.refetch();
            }}
          />
          {live && live.curve.length > 1 && <LearningCurveChart curve={live.curve} />}
        </section>
      )}

      {selectedId != null && (
        <>
          <ErrorBox error={detail.error} onRetry={() => void detail.refetch()} />
          {detail.loading && !run && <Loading />}
          {run && (
            <>
              <Section
                title={split ? t("outOfTimeMetrics", { date: dateOf(split.testWeek), id: run.id }) : `${t("metrics")} · ${t("modelRunNo", { id: run.id })}`}
                id="metrics"
              >
                {split && (
                  <>
                    <p className="muted small" data-testid="out-of-time-help">
                      {t("outOfTimeHelp")}
                    </p>
                    <dl className="kv-inline" data-testid="split">
                      <div>
                        <dt>{t("splitTrain")}</dt>
                        <dd>
                          {trainWeeks.length > 0
                            ? t("splitRange", { from: dateOf(trainWeeks[0]!), to: dateOf(trainWeeks[trainWeeks.length - 1]!), n: trainWeeks.length })
                            : "—"}
                        </dd>
                      </div>
                      <div>
                        <dt>{t("splitValid")}</dt>
                        <dd>{dateOf(split.validWeek)}</dd>
                      </div>
                      <div>
                        <dt>{t("splitTest")}</dt>
                        <dd>{dateOf(split.testWeek)}</dd>
                      </div>
                      <div>
                        <dt>{t("horizon")}</dt>
                        <dd>{t("weeksN", { n: split.horizonWeeks })}</dd>
                      </div>
                    </dl>
                  </>
                )}
                {m ? (
                  <>
                    <div className="metrics" data-testid="metric-cards">
                      <MetricCard
                        label={t("auc")}
                        value={formatDecimal(m.auc, 3)}
                        hint={m.oracleAuc != null ? `${t("oracleAuc")} ${formatDecimal(m.oracleAuc, 3)} · ${t("ofOracle", { pct: formatPercent(m.oracleRatio, lang) })}` : undefined}
                      />
                      <MetricCard label={t("prAuc")} value={formatDecimal(m.prAuc, 3)} />
                      <MetricCard label={t("precision")} value={formatPercent(m.precision, lang)} />
                      <MetricCard label={t("recall")} value={formatPercent(m.recall, lang)} />
                      <MetricCard label={t("f1")} value={formatDecimal(m.f1, 3)} />
                      <MetricCard label={t("accuracy")} value={formatPercent(m.accuracy, lang)} />
                      <MetricCard label={t("logLoss")} value={formatDecimal(m.logLoss, 4)} />
                      <MetricCard label={t("brier")} value={formatDecimal(m.brier, 4)} />
                      <MetricCard label={t("decisionThreshold")} value={formatDecimal(m.threshold, 2)} />
                      <MetricCard
                        label={split ? t("splitRows") : t("split")}
                        value={<span className="small">{`${formatNumber(m.trainSize, lang)} / ${formatNumber(m.validationSize, lang)} / ${formatNumber(m.testSize, lang)}`}</span>}
                      />
                    </div>
                    {run.params && (
                      <p className="muted small">
                        {t("params")}: rounds {run.params.rounds}, max_depth {run.params.maxDepth}, eta {run.params.eta}, subsample {run.params.subsample},
                        colsample_bytree {run.params.colsampleBytree}, min_child_weight {run.params.minChildWeight}, lambda {run.params.lambda}, tree_method{" "}
                        {run.params.treeMethod}, early_stopping {run.params.earlyStoppingRounds}, scale_pos_weight {formatDecimal(run.params.scalePosWeight, 2)}, seed{" "}
                        {run.params.seed}
                        {run.bestIteration != null && ` · ${t("bestIteration")} ${run.bestIteration}`}
                        {run.timings?.totalMs != null && ` · ${t("duration")} ${formatDuration(run.timings.totalMs)}`}
                      </p>
                    )}
                  </>
                ) : (
                  <EmptyState>{run.status === "RUNNING" ? t("training") : t("noMetrics")}</EmptyState>
                )}
              </Section>

              {compareId != null && <RunComparison runA={run.id} runB={compareId} onClose={() => go(selectedId, null)} />}
              {m && (
                <div className="grid grid-2">
                  <Section title={t("thresholdExplorer")}>
                    <ThresholdExplorer key={run.id} sweep={m.thresholdSweep} defaultThreshold={m.threshold} />
                  </Section>
                  <Section title={t("confusionMatrix")}>
                    <ConfusionMatrix confusion={m.confusion} />
                    <p className="muted small">
                      {t("decisionThreshold")} {formatDecimal(m.threshold, 2)}
                    </p>
                  </Section>
                  <Section title={t("rocCurve")}>
                    <RocChart metrics={m} />
                  </Section>
                  <Section title={t("prCurve")}>
                    <PrChart metrics={m} />
                  </Section>
                  <Section title={t("calibration")}>
                    <CalibrationChart bins={m.calibration} />
                    <p className="muted small">{t("calibrationHelp")}</p>
                  </Section>
                  <Section title={t("learningCurve")}>
                    <LearningCurveChart curve={curve} bestIteration={run.bestIteration} />
                  </Section>
                </div>
              )}
              {m && run.status === "SUCCEEDED" && <CostThreshold runId={run.id} />}
              {backtest.length > 0 && (
                <Section title={t("backtest")} id="backtest">
                  <p className="muted small">{t("backtestHelp")}</p>
                  <BacktestChart points={backtest} />
                  <BacktestTable points={backtest} />
                </Section>
              )}
              {!m && curve.length > 0 && (
                <Section title={t("learningCurve")}>
                  <LearningCurveChart curve={curve} bestIteration={run.bestIteration} />
                </Section>
              )}
            </>
          )}
        </>
      )}

      {list.length > 0 && (
        <Section title={t("runs")}>
          <RunsTable
            runs={list}
            selectedId={selectedId}
            onSelect={setPicked}
            compareId={compareId}
            onCompare={(id) => go(selectedId, id)}
            onActivated={() => {
              void runs.refetch();
              void detail.refetch();
            }}
          />
        </Section>
      )}
    </div>
  );
}
