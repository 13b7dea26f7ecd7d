"use client";
import { useMemo } from "react";
import type { ChurnType } from "../../../graphql/generated/client/graphql";
import { COLORS } from "../../components/chart-theme";
import { PlotlyChart } from "../../components/PlotlyChart";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { churnTypeText } from "../../lib/time";
import type { WeekRow } from "./types";

export interface TimelineMarks {
  churn: { date: string; type: ChurnType } | null;
  asOfDate: string | null;
  openDate: string | null;
}

/** A vertical line across the plot at a date, labelled at its top. */
function mark(x: string, text: string, color: string, dash: string, anchor: "left" | "right") {
  return {
    shape: { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 2, dash } },
    annotation: { xref: "x", yref: "paper", x, y: 1.02, yanchor: "bottom", xanchor: anchor, text, showarrow: false, font: { size: 11, color } },
  };
}

/**
 * The customer's whole history by week start date: week-end assets and logins, with the churn
 * event (and the as-of date, and the opening date when it lies inside the data) marked.
 */
export function TimelineChart({ weekly, marks }: { weekly: WeekRow[]; marks: TimelineMarks }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const dated = weekly.every((r) => r.weekStart != null);
    const x = weekly.map((r) => (dated ? r.weekStart! : r.week));
    const lines = [];
    if (dated && marks.openDate && marks.openDate > (weekly[0]?.weekStart ?? "")) lines.push(mark(marks.openDate, t("openMark"), COLORS.stay, "dot", "left"));
    if (dated && marks.asOfDate && !marks.churn) lines.push(mark(marks.asOfDate, t("asOfMark"), "#4b5563", "dot", "right"));
    if (dated && marks.churn) {
      lines.push(mark(marks.churn.date, `${t("churnEventMark", { type: churnTypeText(marks.churn.type, t) })} ${marks.churn.date}`, COLORS.churn, "dash", "right"));
    }
    return {
      data: [
        {
          type: "scatter",
          mode: "lines",
          name: t("totalAssets"),
          x,
          y: weekly.map((r) => r.totalAssets),
          line: { color: "#7c3aed", width: 2 },
          hovertemplate: `%{x}<br>${t("totalAssets")} %{y:,.0f}<extra></extra>`,
        },
        {
          type: "bar",
          name: t("logins"),
          x,
          y: weekly.map((r) => r.logins),
          yaxis: "y2",
          marker: { color: "rgba(37,99,235,0.35)" },
          hovertemplate: `%{x}<br>${t("logins")} %{y}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: dated ? { type: "date", title: { text: t("weekStartAxis") } } : { title: { text: t("week") } },
        yaxis: { title: { text: t("totalAssets") }, rangemode: "tozero" },
        yaxis2: { title: { text: t("logins") }, overlaying: "y", side: "right", rangemode: "tozero", showgrid: false },
        margin: { l: 64, r: 48, t: 36, b: 48 },
        legend: { orientation: "h", y: -0.28 },
        bargap: 0.15,
        shapes: lines.map((l) => l.shape),
        annotations: lines.map((l) => l.annotation),
      },
    };
  }, [weekly, marks, t]);
  return <PlotlyChart {...fig} label={t("timeline")} testId="customer-timeline" height={340} />;
}
