import { CHART_FONT } from "./chart-theme";

/** Tick labels' font size on the charts with a category axis of feature names. */
export const LABEL_FONT_PX = 11;

let measureCtx: CanvasRenderingContext2D | null | undefined;

function textWidth(text: string, fontPx: number): number {
  if (measureCtx === undefined) {
    measureCtx = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  }
  if (measureCtx) {
    measureCtx.font = `${fontPx}px ${CHART_FONT}`;
    return measureCtx.measureText(text).width;
  }
  // No canvas (server render, tests): CJK glyphs are square, Latin ones about 0.6 em.
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? fontPx : 0.6 * fontPx;
  return w;
}

/**
 * Left margin (px) that fits the longest tick label. Plotly's `automargin` finds it by drawing
 * the chart, measuring the labels and drawing everything again: on the SHAP beeswarm (4,500
 * markers) that second pass was half of the page's drawing time.
 */
export function labelMargin(labels: readonly string[], fontPx = LABEL_FONT_PX): number {
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, textWidth(l, fontPx));
  // Room for the tick mark and its gap, and for a font that renders a little wider than measured.
  return Math.ceil(widest * 1.05) + 14;
}
