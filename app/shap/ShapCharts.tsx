"use client";
import { useMemo } from "react";
import type { PartialDependenceQuery, ShapDependenceQuery, ShapSummaryQuery } from "../../graphql/generated/client/graphql";
import { COLORS, VALUE_COLORSCALE } from "../components/chart-theme";
import { labelMargin, LABEL_FONT_PX } from "../components/label-margin";
import { PlotlyChart } from "../components/PlotlyChart";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { beeswarmOffsets } from "./beeswarm-layout";
import type { BeeswarmSeries } from "./beeswarm-unpack";
import { iceText } from "./ice-text";

type Summary = NonNullable<ShapSummaryQuery["shapSummary"]>;
type Dependence = NonNullable<ShapDependenceQuery["shapDependence"]>;
type PartialDependence = NonNullable<PartialDependenceQuery["partialDependence"]>;

export function ImportanceChart({ importance }: { importance: Summary["importance"] }) {
  const { t, lang } = useI18n();
  const fig = useMemo(() => {
    const sorted = [...importance].sort((a, b) => a.meanAbsShap - b.meanAbsShap);
    const labels = sorted.map((f) => (lang === "zh" ? f.labelZh : f.labelEn));
    return {
      data: [
        {
          type: "bar",
          orientation: "h",
          y: labels,
          x: sorted.map((f) => f.meanAbsShap),
          marker: { color: COLORS.primary },
          hovertemplate: `%{y}<br>${t("meanAbsShap")}: %{x:.4f}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: { title: { text: t("meanAbsShap") }, rangemode: "tozero" },
        yaxis: { tickfont: { size: LABEL_FONT_PX } },
        margin: { l: labelMargin(labels), r: 16, t: 8, b: 48 },
      },
    };
  }, [importance, lang, t]);
  return <PlotlyChart {...fig} label={t("importance")} testId="importance-chart" height={Math.max(320, importance.length * 20 + 70)} />;
}

export function BeeswarmChart({ series, order }: { series: BeeswarmSeries[]; order: string[] }) {
  const { t, lang } = useI18n();
  const fig = useMemo(() => {
    const byKey = new Map(series.map((s) => [s.key, s]));
    // Most important at the top: plotly draws row 0 at the bottom.
    const rows = order.map((k) => byKey.get(k)).filter((s): s is BeeswarmSeries => s != null).reverse();
    const rowLabels = rows.map((s) => (lang === "zh" ? s.labelZh : s.labelEn));
    const x: number[] = [];
    const y: number[] = [];
    const color: number[] = [];
    const text: string[] = [];
    rows.forEach((s, row) => {
      const offsets = beeswarmOffsets(s.shap);
      const label = lang === "zh" ? s.labelZh : s.labelEn;
      s.shap.forEach((v, i) => {
        x.push(v);
        y.push(row + offsets[i]);
        // A missing value (NaN) is coloured as the middle of the scale.
        const c = s.normalizedValue[i];
        color.push(c === undefined || Number.isNaN(c) ? 0.5 : c);
        text.push(label);
      });
    });
    return {
      data: [
        {
          type: "scatter",
          mode: "markers",
          x,
          y,
          text,
          marker: {
            size: 4,
            opacity: 0.75,
            color,
            colorscale: VALUE_COLORSCALE,
            cmin: 0,
            cmax: 1,
            colorbar: {
              title: { text: t("featureValue"), side: "right" },
              tickvals: [0, 1],
              ticktext: [t("low"), t("high")],
              thickness: 10,
              len: 0.6,
            },
          },
          hovertemplate: `%{text}<br>SHAP %{x:.3f}<br>${t("featureValueNorm")} %{marker.color:.2f}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: { title: { text: t("shapValue") }, zeroline: true, zerolinecolor: "#9ca3af" },
        yaxis: {
          tickvals: rows.map((_, i) => i),
          ticktext: rowLabels,
          range: [-0.6, rows.length - 0.4],
          tickfont: { size: LABEL_FONT_PX },
          showgrid: false,
          zeroline: false,
        },
        margin: { l: labelMargin(rowLabels), r: 8, t: 8, b: 48 },
        showlegend: false,
        hovermode: "closest",
      },
    };
  }, [series, order, lang, t]);
  return <PlotlyChart {...fig} label={t("beeswarm")} testId="beeswarm-chart" height={Math.max(360, order.length * 30 + 80)} />;
}

export function DependenceChart({ dep, featureLabel, interactionLabel }: { dep: Dependence; featureLabel: string; interactionLabel: string }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const finite = dep.interactionValues.filter(Number.isFinite);
    const cmin = finite.length ? Math.min(...finite) : 0;
    const cmax = finite.length ? Math.max(...finite) : 1;
    return {
      data: [
        {
          type: "scatter",
          mode: "markers",
          x: dep.values,
          y: dep.shap,
          customdata: dep.interactionValues,
          marker: {
            size: 5,
            opacity: 0.75,
            color: dep.interactionValues,
            colorscale: VALUE_COLORSCALE,
            cmin,
            cmax: cmax > cmin ? cmax : cmin + 1,
            colorbar: { title: { text: interactionLabel, side: "right" }, thickness: 10, len: 0.7 },
          },
          hovertemplate: `${featureLabel} %{x:.4g}<br>SHAP %{y:.3f}<br>${interactionLabel} %{customdata:.4g}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: { title: { text: featureLabel } },
        yaxis: { title: { text: t("shapValue") }, zeroline: true, zerolinecolor: "#9ca3af" },
        hovermode: "closest",
      },
    };
  }, [dep, featureLabel, interactionLabel, t]);
  return <PlotlyChart {...fig} label={`${t("dependence")}: ${featureLabel}`} testId="dependence-chart" height={380} />;
}

/** ICE lines (one customer each, thin) under the PD curve (their mean, thick), in probability. */
export function IceChart({ pd, featureLabel, categories }: { pd: PartialDependence; featureLabel: string; categories?: readonly string[] | null }) {
  const { lang } = useI18n();
  const fig = useMemo(() => {
    // All ICE lines in one trace, separated by nulls: one legend entry and one SVG path.
    const iceX: (number | null)[] = [];
    const iceY: (number | null)[] = [];
    for (const line of pd.ice) {
      line.forEach((p, g) => {
        iceX.push(pd.grid[g]!);
        iceY.push(p);
      });
      iceX.push(null);
      iceY.push(null);
    }
    const categorical = categories != null && categories.length > 0 && pd.grid.every((v) => Number.isInteger(v) && v >= 0 && v < categories.length);
    return {
      data: [
        {
          type: "scatter",
          mode: "lines",
          name: iceText(lang, "ice"),
          x: iceX,
          y: iceY,
          line: { color: "rgba(100, 116, 139, 0.28)", width: 1 },
          hoverinfo: "skip",
          connectgaps: false,
        },
        {
          type: "scatter",
          mode: "lines+markers",
          name: iceText(lang, "pd"),
          x: pd.grid,
          y: pd.pd,
          line: { color: COLORS.primary, width: 3 },
          marker: { size: 5, color: COLORS.primary },
          hovertemplate: `${featureLabel} %{x:.4g}<br>${iceText(lang, "pd")} %{y:.1%}<extra></extra>`,
        },
      ],
      layout: {
        xaxis: {
          title: { text: featureLabel },
          ...(categorical ? { tickvals: pd.grid, ticktext: pd.grid.map((v) => categories[v]!) } : {}),
        },
        yaxis: { title: { text: iceText(lang, "probability") }, tickformat: ".0%", rangemode: "tozero" },
        legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 },
        margin: { l: 56, r: 16, t: 32, b: 48 },
        hovermode: "closest",
      },
    };
  }, [pd, featureLabel, categories, lang]);
  return <PlotlyChart {...fig} label={`${iceText(lang, "title")}: ${featureLabel}`} testId="ice-chart" height={380} />;
}
