import type { Lang } from "./i18n/messages";

const locale = (lang: Lang) => (lang === "zh" ? "zh-CN" : "en-US");

export function formatPercent(v: number | null | undefined, lang: Lang, digits = 1): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

export function formatNumber(v: number | null | undefined, lang: Lang, digits = 0): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

export function formatDecimal(v: number | null | undefined, digits = 3): string {
  if (v == null || !Number.isFinite(v)) return "—";
  return v.toFixed(digits);
}

/** Amounts in yuan: 万/亿 in Chinese, K/M/B in English. */
export function formatMoney(v: number | null | undefined, lang: Lang): string {
  if (v == null || !Number.isFinite(v)) return "—";
  const n = new Intl.NumberFormat(locale(lang), { notation: "compact", maximumFractionDigits: 1 }).format(v);
  return lang === "zh" ? `${n} 元` : `¥${n}`;
}

export function formatSigned(v: number, digits = 3): string {
  return `${v >= 0 ? "+" : "−"}${Math.abs(v).toFixed(digits)}`;
}

export function formatDateTime(v: string | null | undefined, lang: Lang): string {
  if (!v) return "—";
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "short", timeStyle: "short" }).format(d);
}

/** Date and time to the second, for logs where the order of nearby events matters. */
export function formatTimestamp(v: string | null | undefined, lang: Lang): string {
  if (!v) return "—";
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "short", timeStyle: "medium" }).format(d);
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const sigmoid = (margin: number) => 1 / (1 + Math.exp(-margin));
