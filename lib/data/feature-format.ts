import { FEATURES, featureIndex, type FeatureInfo } from "./catalog";

/** Features that are fractions shown as percentages (the dashboard edits them in percent). */
export const PERCENT_KEYS: ReadonlySet<string> = new Set(["assets_change_pct", "assets_trend", "max_drawdown", "return_12w", "excess_return", "login_trend"]);
/** Features that are amounts of money (元). */
export const MONEY_KEYS: ReadonlySet<string> = new Set(["assets_latest", "net_inflow_total", "outflow_last4w", "avg_trade_amount"]);

/** Amounts the way a Chinese retention team reads them: 12.3万, 1.05亿. */
export function formatYuan(v: number): string {
  const a = Math.abs(v);
  const sign = v < 0 ? "-" : "";
  if (a >= 1e8) return `${sign}${(a / 1e8).toFixed(2)}亿元`;
  if (a >= 1e4) return `${sign}${(a / 1e4).toFixed(1)}万元`;
  return `${sign}${a.toFixed(0)}元`;
}

/** Asset bucket used where exact balances must not leave the system (LLM prompts). */
export function assetBucket(v: number): string {
  const edges: [number, string][] = [
    [1e4, "1万以下"],
    [1e5, "1万-10万"],
    [5e5, "10万-50万"],
    [1e6, "50万-100万"],
    [5e6, "100万-500万"],
    [1e7, "500万-1000万"],
  ];
  for (const [edge, label] of edges) if (v < edge) return label;
  return "1000万以上";
}

/** Human-readable value of one feature (category label, %, amount, count with unit). */
export function formatFeatureValue(info: FeatureInfo, value: number): string {
  if (!Number.isFinite(value)) return "无数据";
  if (info.categories) return info.categories[Math.round(value)] ?? String(value);
  if (PERCENT_KEYS.has(info.key)) return `${(value * 100).toFixed(1)}%`;
  if (MONEY_KEYS.has(info.key)) return formatYuan(value);
  if (info.key === "turnover_rate") return `${value.toFixed(2)}倍`;
  if (info.key === "trades_trend") return value.toFixed(2);
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return info.unit ? `${rounded}${info.unit}` : rounded;
}

/** Chinese label of a categorical feature's code (普通个人, C3 稳健, 线上 …); the code itself otherwise. */
export function categoryLabel(key: string, code: number): string {
  return FEATURES[featureIndex(key)]?.categories?.[code] ?? String(code);
}
