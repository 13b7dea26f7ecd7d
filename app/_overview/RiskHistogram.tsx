"use client";
import { useMemo } from "react";
import { PlotlyChart } from "../components/PlotlyChart";
import { COLORS } from "../components/chart-theme";
import { useI18n } from "../lib/i18n/LanguageProvider";

export function RiskHistogram({ histogram, high, medium }: { histogram: number[]; high: number; medium: number }) {
  const { t } = useI18n();
  const bins = histogram.length;
  const { data, layout } = useMemo(() => {
    const width = 1 / bins;
    const centers = histogram.map((_, i) => (i + 0.5) * width);
    const colors = centers.map((c) => (c >= high ? COLORS.high : c >= medium ? COLORS.medium : COLORS.low));
    return {
      data: [
        {
          type: "bar",
          x: centers,
          y: histogram,
          width: width * 0.92,
          marker: { color: colors },
          hovertemplate: `%{customdata}<br>${t("customerCountAxis")}: %{y}<extra></extra>`,
          customdata: centers.map((c) => `${((c - width / 2) * 100).toFixed(0)}%–${((c + width / 2) * 100).toFixed(0)}%`),
        },
      ],
      layout: {
        xaxis: { title: { text: t("probability") }, range: [0, 1], tickformat: ".0%" },
        yaxis: { title: { text: t("customerCountAxis") }, rangemode: "tozero" },
        bargap: 0,
        shapes: [high, medium].map((x) => ({ type: "line", x0: x, x1: x, y0: 0, y1: 1, yref: "paper", line: { dash: "dot", color: "#6b7280", width: 1 } })),
      },
    };
  }, [histogram, bins, high, medium, t]);
  return <PlotlyChart data={data} layout={layout} label={t("riskHistogram")} testId="risk-histogram" height={300} />;
}
