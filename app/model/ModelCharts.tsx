"use client";
import { useMemo } from "react";
import { COLORS } from "../components/chart-theme";
import { PlotlyChart } from "../components/PlotlyChart";
import { formatDecimal } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { LearningCurvePoint, RunMetrics } from "./types";

const square = { xaxis: { range: [0, 1], constrain: "domain" }, yaxis: { range: [0, 1.02], scaleanchor: undefined } };

export function RocChart({ metrics }: { metrics: RunMetrics }) {
  const { t } = useI18n();
  const fig = useMemo(
    () => ({
      data: [
        {
          type: "scatter",
          mode: "lines",
          name: `${t("auc")} ${formatDecimal(metrics.auc, 3)}`,
          x: metrics.roc.map((p) => p.x),
          y: metrics.roc.map((p) => p.y),
          customdata: metrics.roc.map((p) => (p.threshold == null ? "—" : p.threshold.toFixed(3))),
          hovertemplate: `FPR %{x:.3f}<br>TPR %{y:.3f}<br>${t("threshold")} %{customdata}<extra></extra>`,
          line: { color: COLORS.primary, width: 2 },
          fill: "tozeroy",
          fillcolor: "rgba(37,99,235,0.08)",
        },
        { type: "scatter", mode: "lines", name: t("random"), x: [0, 1], y: [0, 1], line: { dash: "dash", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
      ],
      layout: {
        ...square,
        xaxis: { ...square.xaxis, title: { text: t("fpr") } },
        yaxis: { ...square.yaxis, title: { text: t("tpr") } },
        legend: { x: 0.98, y: 0.04, xanchor: "right", yanchor: "bottom" },
      },
    }),
    [metrics, t],
  );
  return <PlotlyChart {...fig} label={t("rocCurve")} testId="roc-chart" />;
}

export function PrChart({ metrics }: { metrics: RunMetrics }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const positives = metrics.confusion.tp + metrics.confusion.fn;
    const total = positives + metrics.confusion.tn + metrics.confusion.fp;
    const baseRate = total > 0 ? positives / total : 0;
    return {
      data: [
        {
          type: "scatter",
          mode: "lines",
          name: `${t("prAuc")} ${formatDecimal(metrics.prAuc, 3)}`,
          x: metrics.pr.map((p) => p.x),
          y: metrics.pr.map((p) => p.y),
          customdata: metrics.pr.map((p) => (p.threshold == null ? "—" : p.threshold.toFixed(3))),
          hovertemplate: `${t("recall")} %{x:.3f}<br>${t("precision")} %{y:.3f}<br>${t("threshold")} %{customdata}<extra></extra>`,
          line: { color: COLORS.valid, width: 2 },
        },
        { type: "scatter", mode: "lines", name: t("random"), x: [0, 1], y: [baseRate, baseRate], line: { dash: "dash", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
      ],
      layout: {
        xaxis: { range: [0, 1], title: { text: t("recall") } },
        yaxis: { range: [0, 1.02], title: { text: t("precision") } },
        legend: { x: 0.02, y: 0.04, yanchor: "bottom" },
      },
    };
  }, [metrics, t]);
  return <PlotlyChart {...fig} label={t("prCurve")} testId="pr-chart" />;
}

/** Predicted probability per bin against the share of that bin that churned (test set or realised outcomes). */
export function CalibrationChart({
  bins: all,
  label,
  testId = "calibration-chart",
}: {
  bins: RunMetrics["calibration"];
  label?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const bins = all.filter((b) => b.count > 0);
    const maxCount = Math.max(1, ...bins.map((b) => b.count));
    return {
      data: [
        { type: "scatter", mode: "lines", name: t("perfect"), x: [0, 1], y: [0, 1], line: { dash: "dash", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
        {
          type: "scatter",
          mode: "lines+markers",
          name: t("observedRate"),
          x: bins.map((b) => b.predicted),
          y: bins.map((b) => b.observed),
          customdata: bins.map((b) => b.count),
          marker: { size: bins.map((b) => 6 + 16 * Math.sqrt(b.count / maxCount)), color: COLORS.primary },
          hovertemplate: `${t("predictedProb")} %{x:.3f}<br>${t("observedRate")} %{y:.3f}<br>n = %{customdata}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: { range: [0, 1], title: { text: t("predictedProb") } },
        yaxis: { range: [0, 1.02], title: { text: t("observedRate") } },
        legend: { x: 0.02, y: 0.98 },
      },
    };
  }, [all, t]);
  return <PlotlyChart {...fig} label={label ?? t("calibration")} testId={testId} />;
}

/** The rounds where `key` was measured, and its values there. */
function aucPoints(curve: LearningCurvePoint[], key: "trainAuc" | "validAuc"): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  for (const p of curve) {
    const v = p[key];
    if (v != null) {
      x.push(p.round);
      y.push(v);
    }
  }
  return { x, y };
}

export function LearningCurveChart({ curve, bestIteration }: { curve: LearningCurvePoint[]; bestIteration?: number | null }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const rounds = curve.map((p) => p.round);
    const hasAuc = curve.some((p) => p.validAuc != null);
    const data: Record<string, unknown>[] = [
      { type: "scatter", mode: "lines", name: `${t("train")} logloss`, x: rounds, y: curve.map((p) => p.trainLogloss), line: { color: COLORS.train } },
      { type: "scatter", mode: "lines", name: `${t("valid")} logloss`, x: rounds, y: curve.map((p) => p.validLogloss), line: { color: COLORS.valid } },
    ];
    if (hasAuc) {
      data.push(
        // AUC is measured every few rounds only: the points in between are absent, not gaps.
        { type: "scatter", mode: "lines", name: `${t("train")} AUC`, ...aucPoints(curve, "trainAuc"), yaxis: "y2", line: { color: COLORS.train, dash: "dot" } },
        { type: "scatter", mode: "lines", name: `${t("valid")} AUC`, ...aucPoints(curve, "validAuc"), yaxis: "y2", line: { color: COLORS.valid, dash: "dot" } },
      );
    }
    return {
      data,
      layout: {
        xaxis: { title: { text: t("rounds") } },
        yaxis: { title: { text: "logloss" } },
        ...(hasAuc ? { yaxis2: { title: { text: "AUC" }, overlaying: "y", side: "right", range: [0.5, 1] } } : {}),
        margin: { l: 56, r: hasAuc ? 56 : 16, t: 24, b: 48 },
        legend: { orientation: "h", y: -0.25 },
        shapes:
          bestIteration != null
            ? [{ type: "line", x0: bestIteration, x1: bestIteration, y0: 0, y1: 1, yref: "paper", line: { dash: "dot", color: "#6b7280", width: 1 } }]
            : [],
      },
    };
  }, [curve, bestIteration, t]);
  return <PlotlyChart {...fig} label={t("learningCurve")} testId="learning-curve" height={340} />;
}
