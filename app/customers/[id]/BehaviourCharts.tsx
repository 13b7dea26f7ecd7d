"use client";
import { useMemo } from "react";
import { COLORS } from "../../components/chart-theme";
import { PlotlyChart } from "../../components/PlotlyChart";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import type { WeekRow } from "./types";

/** Four small panels over the lookback window (by week start date): activity, assets, money flow, service. */
export function BehaviourCharts({ weekly }: { weekly: WeekRow[] }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const dated = weekly.every((r) => r.weekStart != null);
    const w = weekly.map((r) => (dated ? r.weekStart! : r.week));
    const axisTitle = { title: { text: dated ? t("weekStartAxis") : t("week") } };
    return {
      data: [
        { type: "bar", name: t("logins"), x: w, y: weekly.map((r) => r.logins), marker: { color: "#93c5fd" }, xaxis: "x", yaxis: "y" },
        { type: "scatter", mode: "lines+markers", name: t("trades"), x: w, y: weekly.map((r) => r.trades), line: { color: COLORS.primary }, xaxis: "x", yaxis: "y" },
        { type: "scatter", mode: "lines+markers", name: t("totalAssets"), x: w, y: weekly.map((r) => r.totalAssets), line: { color: "#7c3aed" }, xaxis: "x2", yaxis: "y2" },
        {
          type: "bar",
          name: t("netInflow"),
          x: w,
          y: weekly.map((r) => r.netInflow),
          marker: { color: weekly.map((r) => ((r.netInflow ?? 0) >= 0 ? COLORS.stay : COLORS.churn)) },
          xaxis: "x3",
          yaxis: "y3",
        },
        // Not red: the net-inflow bars use red for outflow weeks, and each legend entry needs its own colour.
        { type: "bar", name: t("complaints"), x: w, y: weekly.map((r) => r.complaints), marker: { color: "#475569" }, xaxis: "x4", yaxis: "y4" },
        { type: "scatter", mode: "lines+markers", name: t("serviceContacts"), x: w, y: weekly.map((r) => r.serviceContacts), line: { color: "#f59e0b" }, xaxis: "x4", yaxis: "y4" },
      ],
      layout: {
        grid: { rows: 2, columns: 2, pattern: "independent", xgap: 0.12, ygap: 0.3 },
        showlegend: true,
        legend: { orientation: "h", y: -0.15 },
        margin: { l: 56, r: 16, t: 28, b: 40 },
        annotations: [
          [t("logins") + " / " + t("trades"), "x domain", "y domain"],
          [t("totalAssets"), "x2 domain", "y2 domain"],
          [t("netInflow"), "x3 domain", "y3 domain"],
          [t("complaints") + " / " + t("serviceContacts"), "x4 domain", "y4 domain"],
        ].map(([text, xref, yref]) => ({ text, xref, yref, x: 0, y: 1.14, xanchor: "left", showarrow: false, font: { size: 12 } })),
        ...(dated ? { xaxis: { type: "date" }, xaxis2: { type: "date" } } : {}),
        xaxis3: { ...axisTitle, ...(dated ? { type: "date" } : {}) },
        xaxis4: { ...axisTitle, ...(dated ? { type: "date" } : {}) },
      },
    };
  }, [weekly, t]);
  return <PlotlyChart {...fig} label={t("behaviour")} testId="behaviour-charts" height={460} />;
}
