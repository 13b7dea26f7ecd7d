"use client";
import type { PlotConfig, PlotLayout, PlotlyApi, PlotTrace } from "../lib/plotly-bundle";
import { useEffect, useRef, useState } from "react";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { CHART_FONT } from "./chart-theme";
import { chartFileName, PLOTLY_ZH_CN } from "./plotly-locale";

let plotlyPromise: Promise<PlotlyApi> | null = null;

// The partial bundle (app/lib/plotly-bundle.ts) is fetched on first chart only, never in a page's first-load JS.
function loadPlotly(): Promise<PlotlyApi> {
  if (!plotlyPromise) {
    plotlyPromise = import("../lib/plotly-bundle").then((m) => m.default);
    plotlyPromise.catch(() => {
      plotlyPromise = null;
    });
  }
  return plotlyPromise;
}

// A chart mounts only once its data has arrived: fetching Plotly as soon as a chart page's code
// runs overlaps the two downloads instead of chaining them (about 2 s on a 1.6 Mbit/s link).
if (typeof window !== "undefined") void loadPlotly().catch(() => undefined);

function touchOnly(): boolean {
  return typeof window !== "undefined" && window.matchMedia?.("(hover: none)").matches === true;
}

export interface PlotlyChartProps {
  data: PlotTrace[];
  layout?: PlotLayout;
  config?: PlotConfig;
  /** Accessible description of what the chart shows. */
  label: string;
  height?: number;
  /** Used by tests and screenshots to find a specific chart. */
  testId?: string;
}

export function PlotlyChart({ data, layout, config, label, height = 320, testId }: PlotlyChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const { t, lang } = useI18n();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let cancelled = false;
    loadPlotly()
      .then((Plotly) => {
        if (cancelled) return;
        return Plotly.react(
          el,
          data,
          {
            height,
            autosize: true,
            margin: { l: 56, r: 16, t: 24, b: 48 },
            font: { family: CHART_FONT, size: 12, color: "#1f2937" },
            paper_bgcolor: "rgba(0,0,0,0)",
            plot_bgcolor: "rgba(0,0,0,0)",
            hoverlabel: { font: { family: CHART_FONT } },
            ...layout,
          },
          {
            responsive: true,
            displaylogo: false,
            modeBarButtonsToRemove: ["lasso2d", "select2d"],
            // On a touch screen the toolbar stays up and covers the chart's title: no toolbar there.
            ...(touchOnly() ? { displayModeBar: false } : {}),
            locale: lang === "zh" ? "zh-CN" : "en",
            locales: { "zh-CN": PLOTLY_ZH_CN },
            toImageButtonOptions: { format: "png", filename: chartFileName(testId ?? label) },
            ...config,
          } as PlotConfig,
        );
      })
      .then(() => {
        if (!cancelled) setState("ready");
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        setState("error");
      });
    return () => {
      cancelled = true;
    };
  }, [data, layout, config, height, lang, label, testId]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el && plotlyPromise) void plotlyPromise.then((Plotly) => Plotly.purge(el)).catch(() => undefined);
    };
  }, []);

  return (
    <figure className="chart" data-testid={testId} data-plot-state={state} style={{ minHeight: height }}>
      <div ref={ref} role="figure" aria-label={label} className="chart-canvas" />
      {state === "loading" && <p className="chart-placeholder muted">{t("chartLoading")}</p>}
      {state === "error" && (
        <p className="error" role="alert">
          {t("errorPrefix")}
          {error}
        </p>
      )}
    </figure>
  );
}
