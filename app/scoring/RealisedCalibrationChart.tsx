"use client";
import { useMemo } from "react";
import { COLORS } from "../components/chart-theme";
import { PlotlyChart } from "../components/PlotlyChart";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { Realised } from "./types";

/** Predicted probability per bin against the share of that bin that actually churned. */
export function RealisedCalibrationChart({ bins }: { bins: Realised["calibration"] }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const shown = bins.filter((b) => b.count > 0);
    const maxCount = Math.max(1, ...shown.map((b) => b.count));
    return {
      data: [
        { type: "scatter", mode: "lines", name: t("perfect"), x: [0, 1], y: [0, 1], line: { dash: "dash", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
        {
          type: "scatter",
          mode: "lines+markers",
          name: t("observedRate"),
          x: shown.map((b) => b.predicted),
          y: shown.map((b) => b.observed),
          customdata: shown.map((b) => b.count),
          marker: { size: shown.map((b) => 6 + 16 * Math.sqrt(b.count / maxCount)), color: COLORS.primary },
          line: { color: COLORS.primary },
          hovertemplate: `${t("predictedProb")} %{x:.3f}<br>${t("observedRate")} %{y:.3f}<br>n = %{customdata}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: { range: [0, 1], title: { text: t("predictedProb") } },
        yaxis: { range: [0, 1.02], title: { text: t("observedRate") } },
        legend: { x: 0.02, y: 0.98 },
      },
    };
  }, [bins, t]);
  return <PlotlyChart {...fig} label={t("realisedCalibration")} testId="realised-calibration-chart" />;
}
