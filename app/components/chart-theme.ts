export const CHART_FONT =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export const COLORS = {
  primary: "#2563eb",
  churn: "#dc2626",
  stay: "#16a34a",
  high: "#dc2626",
  medium: "#f59e0b",
  low: "#16a34a",
  grey: "#9ca3af",
  train: "#2563eb",
  valid: "#f97316",
};

/** Blue (low value) to red (high value), as in the SHAP library's plots. */
export const VALUE_COLORSCALE: [number, string][] = [
  [0, "#1e88e5"],
  [0.5, "#a855f7"],
  [1, "#ff0052"],
];
