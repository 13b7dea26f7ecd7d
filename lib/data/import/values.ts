/**
 * Cell values as brokerage exports write them: dates in several notations, numbers with
 * thousands separators, amounts in 元 or 万元, commission rates as 万3 / ‰ / % / ‱, and
 * category labels. Every parser returns null on text it does not understand, so the caller
 * reports the cell with its file, line, column and rule.
 */
import { dayNumber, isoDate } from "../timeline/as-of";

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug makes serial 60 the phantom 1900-02-29). */
const EXCEL_EPOCH_DAY = dayNumber("1899-12-30");
/** Serial numbers accepted as Excel dates: 1960-01-01 … 2099-12-31. */
const EXCEL_SERIAL_MIN = 21916;
const EXCEL_SERIAL_MAX = 73415;

const DATE_PATTERNS: readonly RegExp[] = [
  // 2026-11-01, 2026/11/1, 2026.11.1, optionally followed by a time of day
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
  // 2026年11月1日
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
  // 20261101
  /^(\d{4})(\d{2})(\d{2})$/,
];

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100) return null;
  const iso = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  try {
    dayNumber(iso);
    return iso;
  } catch {
    return null;
  }
}

/**
 * 'YYYY-MM-DD' of a date cell: 2026-11-01, 2026/11/1, 2026.11.1, 2026年11月1日, 20261101, an
 * ISO date-time (its calendar date as written: exports write local Asia/Shanghai times) or an
 * Excel serial number (45962 = 2025-11-01). Null when not a valid date.
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  if (t === "") return null;
  for (const re of DATE_PATTERNS) {
    const m = re.exec(t);
    if (m) return isoOf(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if (/^\d{5}(\.\d+)?$/.test(t)) {
    const serial = Math.floor(Number(t));
    if (serial >= EXCEL_SERIAL_MIN && serial <= EXCEL_SERIAL_MAX) return isoDate(EXCEL_EPOCH_DAY + serial);
  }
  return null;
}

/** Full-width digits and punctuation (１２３，４５６．７) as ASCII. */
function halfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** "1,234.5", "1 234.5", "(1,234)" (accounting negative), "+3", "1e3"; null otherwise. No unit suffixes. */
export function parsePlainNumber(text: string): number | null {
  let t = halfWidth(text).trim();
  if (t === "") return null;
  let sign = 1;
  if (/^\(.*\)$/.test(t)) {
    sign = -1;
    t = t.slice(1, -1).trim();
  }
  if (/^[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/[, ]/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = sign * Number(t);
  return Number.isFinite(v) ? v : null;
}

/** Units of money columns: the stored unit is 元. */
export type AmountUnit = "元" | "万元" | "亿元";
const AMOUNT_SCALE: Readonly<Record<AmountUnit, number>> = { 元: 1, 万元: 1e4, 亿元: 1e8 };

/** An amount in 元; a suffix in the cell (元, 万, 万元, 亿, 亿元) wins over the column's unit. */
export function parseAmount(text: string, unit: AmountUnit = "元"): number | null {
  const t = halfWidth(text).trim().replace(/^[¥￥]\s*/, "");
  const m = /^(.*?)\s*(元|万元|万|亿元|亿)$/.exec(t);
  if (m) {
    const v = parsePlainNumber(m[1]);
    const suffix = m[2] === "万" ? "万元" : m[2] === "亿" ? "亿元" : (m[2] as AmountUnit);
    return v === null ? null : v * AMOUNT_SCALE[suffix];
  }
  const v = parsePlainNumber(t);
  return v === null ? null : v * AMOUNT_SCALE[unit];
}

/** How a bare number in a rate column is meant: stored rates are in ‱ (0.01 %). */
export type RateUnit = "‱" | "‰" | "%" | "fraction";
const RATE_TO_BP: Readonly<Record<RateUnit, number>> = { "‱": 1, "‰": 10, "%": 100, fraction: 10_000 };

/**
 * A commission rate in ‱: "万3" / "万分之3" / "万3.6" → 3 / 3.6; "0.3‰" → 3; "0.03%" → 3;
 * "3‱" → 3; a bare number in the column's unit ("0.0003" as fraction → 3).
 */
export function parseRateBp(text: string, unit: RateUnit = "‱"): number | null {
  const t = halfWidth(text).trim();
  let m = /^万分?之?\s*([0-9.]+)$/.exec(t);
  if (m) return parsePlainNumber(m[1]);
  m = /^千分?之?\s*([0-9.]+)$/.exec(t);
  if (m) {
    const v = parsePlainNumber(m[1]);
    return v === null ? null : v * 10;
  }
  m = /^(.*?)\s*(‱|‰|%)$/.exec(t);
  if (m) {
    const v = parsePlainNumber(m[1]);
    return v === null ? null : v * RATE_TO_BP[m[2] as RateUnit];
  }
  const v = parsePlainNumber(t);
  return v === null ? null : v * RATE_TO_BP[unit];
}

/** How a bare number in a return column is meant: stored returns are fractions (0.05 = 5 %). */
export type ReturnUnit = "fraction" | "%";

/** A return as a fraction: "5%" → 0.05; a bare number in the column's unit. */
export function parseReturn(text: string, unit: ReturnUnit = "fraction"): number | null {
  const t = halfWidth(text).trim();
  const m = /^(.*?)\s*%$/.exec(t);
  if (m) {
    const v = parsePlainNumber(m[1]);
    return v === null ? null : v / 100;
  }
  const v = parsePlainNumber(t);
  return v === null ? null : unit === "%" ? v / 100 : v;
}

/** Normal form of a category label for lookups: trimmed, lower case, half-width, no inner spaces. */
export function labelKey(text: string): string {
  return halfWidth(text).trim().toLowerCase().replace(/\s+/g, "");
}

/** Values that mean yes / no in boolean columns (labelKey form). */
export const TRUE_LABELS: readonly string[] = ["1", "true", "t", "yes", "y", "是", "有", "已开通", "开通", "已签约", "签约"];
export const FALSE_LABELS: readonly string[] = ["0", "false", "f", "no", "n", "否", "无", "未开通", "没有", "未签约"];

export function parseBool(text: string, extra?: Readonly<Record<string, boolean>>): boolean | null {
  const k = labelKey(text);
  if (extra && k in extra) return extra[k];
  if (TRUE_LABELS.includes(k)) return true;
  if (FALSE_LABELS.includes(k)) return false;
  return null;
}
