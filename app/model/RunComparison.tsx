"use client";
import { useMemo } from "react";
import type { RunEvaluationFieldsFragment } from "../../graphql/generated/client/graphql";
import { COLORS } from "../components/chart-theme";
import { PlotlyChart } from "../components/PlotlyChart";
import { ErrorBox, Loading, Section } from "../components/Status";
import { RunComparisonQuery } from "../lib/documents/model-analysis";
import { formatDecimal, formatNumber, formatSigned } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { analysisText, type AnalysisText } from "./analysis-text";

type Evaluation = RunEvaluationFieldsFragment;

/** Run A in the page's blue, run B in orange, in every chart and the table. */
export const RUN_COLORS = { a: COLORS.primary, b: COLORS.valid } as const;

interface DeltaRow {
  key: string;
  label: string;
  a: number | null | undefined;
  b: number | null | undefined;
  /** Whether a larger value is better. */
  higherIsBetter: boolean;
  digits: number;
}

function deltaRows(a: Evaluation, b: Evaluation, x: AnalysisText, aucLabel: string): DeltaRow[] {
  return [
    { key: "auc", label: aucLabel, a: a.auc, b: b.auc, higherIsBetter: true, digits: 4 },
    { key: "average-precision", label: x("averagePrecision"), a: a.averagePrecision, b: b.averagePrecision, higherIsBetter: true, digits: 4 },
    { key: "precision-at-k", label: `${x("precisionAtK")} (K=${a.k})`, a: a.precisionAtK, b: b.precisionAtK, higherIsBetter: true, digits: 4 },
    { key: "recall-at-k", label: `${x("recallAtK")} (K=${a.k})`, a: a.recallAtK, b: b.recallAtK, higherIsBetter: true, digits: 4 },
    { key: "brier", label: x("brier"), a: a.brier, b: b.brier, higherIsBetter: false, digits: 4 },
    { key: "log-loss", label: x("logLoss"), a: a.logLoss, b: b.logLoss, higherIsBetter: false, digits: 4 },
  ];
}

function overlay(
  a: Evaluation,
  b: Evaluation,
  pick: (e: Evaluation) => { x: number[]; y: number[] },
  base: Record<string, unknown>,
  hover: string,
  mode = "lines",
): Record<string, unknown>[] {
  return [
    base,
    { type: "scatter", mode, name: `#${a.runId}`, ...pick(a), line: { color: RUN_COLORS.a, width: 2 }, hovertemplate: `#${a.runId} ${hover}<extra></extra>` },
    { type: "scatter", mode, name: `#${b.runId}`, ...pick(b), line: { color: RUN_COLORS.b, width: 2, dash: "dash" }, hovertemplate: `#${b.runId} ${hover}<extra></extra>` },
  ];
}

function OverlayCharts({ a, b, x }: { a: Evaluation; b: Evaluation; x: AnalysisText }) {
  const { t } = useI18n();
  const figs = useMemo(() => {
    const legend = { orientation: "h", y: -0.22 };
    const dashed = { type: "scatter", mode: "lines", line: { dash: "dot", color: COLORS.grey, width: 1 }, hoverinfo: "skip" };
    const base = a.rows > 0 ? a.positives / a.rows : 0;
    return {
      roc: {
        data: overlay(a, b, (e) => ({ x: e.roc.map((p) => p.x), y: e.roc.map((p) => p.y) }), { ...dashed, name: x("random"), x: [0, 1], y: [0, 1] }, "FPR %{x:.3f} TPR %{y:.3f}"),
        layout: { xaxis: { range: [0, 1], title: { text: t("fpr") } }, yaxis: { range: [0, 1.02], title: { text: t("tpr") } }, legend },
      },
      pr: {
        data: overlay(a, b, (e) => ({ x: e.pr.map((p) => p.x), y: e.pr.map((p) => p.y) }), { ...dashed, name: x("random"), x: [0, 1], y: [base, base] }, `${t("recall")} %{x:.3f} ${t("precision")} %{y:.3f}`),
        layout: { xaxis: { range: [0, 1], title: { text: t("recall") } }, yaxis: { range: [0, 1.02], title: { text: t("precision") } }, legend },
      },
      calibration: {
        data: overlay(
          a,
          b,
          (e) => ({ x: e.calibration.map((c) => c.predicted), y: e.calibration.map((c) => c.observed) }),
          { ...dashed, name: x("perfect"), x: [0, 1], y: [0, 1] },
          `${t("predictedProb")} %{x:.3f} ${t("observedRate")} %{y:.3f}`,
          "lines+markers",
        ),
        layout: { xaxis: { range: [0, 1], title: { text: t("predictedProb") } }, yaxis: { range: [0, 1.02], title: { text: t("observedRate") } }, legend },
      },
    };
  }, [a, b, x, t]);
  return (
    <div className="grid grid-2">
      <div>
        <h3 className="small">{x("rocOverlay")}</h3>
        <PlotlyChart {...figs.roc} label={x("rocOverlay")} testId="compare-roc" />
      </div>
      <div>
        <h3 className="small">{x("prOverlay")}</h3>
        <PlotlyChart {...figs.pr} label={x("prOverlay")} testId="compare-pr" />
      </div>
      <div>
        <h3 className="small">{x("calibrationOverlay")}</h3>
        <PlotlyChart {...figs.calibration} label={x("calibrationOverlay")} testId="compare-calibration" />
      </div>
    </div>
  );
}

/** Two runs: overlaid ROC, PR and calibration, and the metric differences B − A. */
export function RunComparison({ runA, runB, onClose }: { runA: number; runB: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const x = useMemo(() => analysisText(lang), [lang]);
  const q = useQuery(RunComparisonQuery, { runA, runB, bins: 100 });
  const c = q.data?.runComparison;
  return (
    <Section
      title={x("comparisonTitle", { a: runA, b: runB })}
      id="comparison"
      actions={
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="end-comparison">
          {x("endComparison")}
        </button>
      }
    >
      <div data-testid="run-comparison" data-ready={c ? "true" : "false"}>
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        {q.loading && !c && <Loading />}
        {c && (
          <>
            <p className="muted small" data-testid="comparison-rows">
              {c.sameRows
                ? x("sameRows", { date: c.a.testAsOfDate ?? `#${c.a.testAsOfWeek}`, rows: formatNumber(c.a.rows, lang), positives: formatNumber(c.a.positives, lang) })
                : x("ownRows")}
            </p>
            {c.aucDiff != null && c.aucDiffLower != null && c.aucDiffUpper != null && (
              <p className="small" data-testid="auc-diff-band">
                {x("aucDiffBand", { diff: formatSigned(c.aucDiff, 4), lower: formatSigned(c.aucDiffLower, 4), upper: formatSigned(c.aucDiffUpper, 4) })}
              </p>
            )}
            <div className="table-wrap">
              <table className="stack" data-testid="comparison-deltas">
                <thead>
                  <tr>
                    <th scope="col">{x("metric")}</th>
                    <th scope="col" className="num" style={{ color: "#1d4ed8" }}>
                      A · #{c.a.runId}
                    </th>
                    <th scope="col" className="num" style={{ color: "#9a3412" }}>
                      B · #{c.b.runId}
                    </th>
                    <th scope="col" className="num">
                      {x("delta")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {deltaRows(c.a, c.b, x, t("auc")).map((r) => {
                    const d = r.a != null && r.b != null ? r.b - r.a : null;
                    const bBetter = d != null && d !== 0 && (d > 0) === r.higherIsBetter;
                    return (
                      <tr key={r.key} data-metric={r.key}>
                        <td data-label={x("metric")}>
                          <strong>{r.label}</strong>
                        </td>
                        <td className="num" data-label={`A · #${c.a.runId}`}>
                          {formatDecimal(r.a, r.digits)}
                        </td>
                        <td className="num" data-label={`B · #${c.b.runId}`}>
                          {formatDecimal(r.b, r.digits)}
                        </td>
                        <td className="num" data-label={x("delta")} data-testid={`delta-${r.key}`} data-value={d ?? ""}>
                          {d == null ? "—" : formatSigned(d, r.digits)}
                          {d != null && d !== 0 && <span className="muted small">{` (${bBetter ? "B" : "A"} ${x("better")})`}</span>}
                        </td>
                      </tr>
                    );
                  })}
                  <tr data-metric="rows">
                    <td data-label={x("metric")}>
                      <strong>{x("rowsPositives")}</strong>
                    </td>
                    <td className="num" data-label={`A · #${c.a.runId}`}>
                      {formatNumber(c.a.rows, lang)} / {formatNumber(c.a.positives, lang)}
                    </td>
                    <td className="num" data-label={`B · #${c.b.runId}`}>
                      {formatNumber(c.b.rows, lang)} / {formatNumber(c.b.positives, lang)}
                    </td>
                    <td className="num" data-label={x("delta")}>
                      —
                    </td>
                  </tr>
                </tbody>
              </table>
            </div>
            <OverlayCharts a={c.a} b={c.b} x={x} />
          </>
        )}
      </div>
    </Section>
  );
}
