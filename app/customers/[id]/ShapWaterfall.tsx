"use client";
import { useMemo } from "react";
import { COLORS } from "../../components/chart-theme";
import { labelMargin, LABEL_FONT_PX } from "../../components/label-margin";
import { PlotlyChart } from "../../components/PlotlyChart";
import { formatPercent, formatSigned, sigmoid } from "../../lib/format";
import { useI18n } from "../../lib/i18n/LanguageProvider";

export interface WaterfallItem {
  key: string;
  labelZh: string;
  labelEn: string;
  display: string;
  shap: number;
}

const TOP = 10;

/** From the base value to this customer's margin, in log-odds; the end is also shown as a probability. */
export function ShapWaterfall({ baseValue, items, testId = "shap-waterfall" }: { baseValue: number; items: WaterfallItem[]; testId?: string }) {
  const { t, lang } = useI18n();
  const fig = useMemo(() => {
    const sorted = [...items].sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
    const top = sorted.slice(0, TOP);
    const rest = sorted.slice(TOP);
    const restSum = rest.reduce((s, x) => s + x.shap, 0);
    const margin = baseValue + items.reduce((s, x) => s + x.shap, 0);
    const labels = [
      t("base"),
      ...top.map((x) => `${lang === "zh" ? x.labelZh : x.labelEn} = ${x.display}`),
      ...(rest.length ? [t("others", { n: rest.length })] : []),
      t("marginTotal"),
    ];
    const values = [baseValue, ...top.map((x) => x.shap), ...(rest.length ? [restSum] : []), margin];
    const measure = ["absolute", ...top.map(() => "relative"), ...(rest.length ? ["relative"] : []), "total"];
    const text = values.map((v, i) => (i === 0 || i === values.length - 1 ? v.toFixed(3) : formatSigned(v)));
    return {
      data: [
        {
          type: "waterfall",
          orientation: "h",
          y: labels,
          x: values,
          measure,
          text,
          // Base and total bars start at zero and can run under the labels: their numbers go inside.
          textposition: values.map((_, i) => (i === 0 || i === values.length - 1 ? "inside" : "outside")),
          insidetextanchor: "middle",
          cliponaxis: false,
          increasing: { marker: { color: COLORS.churn } },
          decreasing: { marker: { color: COLORS.stay } },
          totals: { marker: { color: COLORS.primary } },
          connector: { line: { color: "#9ca3af", width: 1, dash: "dot" } },
          hovertemplate: "%{y}<br>%{text}<extra></extra>",
        },
      ],
      layout: {
        yaxis: { autorange: "reversed", tickfont: { size: LABEL_FONT_PX } },
        xaxis: { title: { text: t("shapValue") }, zeroline: true },
        margin: { l: labelMargin(labels), r: 48, t: 36, b: 48 },
        annotations: [
          {
            xref: "paper",
            yref: "paper",
            x: 1,
            y: 1.06,
            xanchor: "right",
            showarrow: false,
            text: `${t("marginTotal")} ${margin.toFixed(3)} → ${t("probability")} ${formatPercent(sigmoid(margin), lang)}`,
            font: { size: 12 },
          },
        ],
      },
    };
  }, [baseValue, items, lang, t]);
  return <PlotlyChart {...fig} label={t("waterfall")} testId={testId} height={Math.max(360, (Math.min(items.length, TOP) + 3) * 30 + 90)} />;
}
