/**
 * Column definitions and per-cell zod schemas for importing a brokerage's own data.
 * Cells arrive as trimmed strings (CSV text or XLSX values rendered as text); each schema
 * turns one into a number or boolean, or fails with a message naming the allowed range.
 */
import { z } from "zod";
import { FEATURES, FEATURE_KEYS } from "./catalog";

const BIG = 1e15;

/** "1,234.5" → 1234.5, "3.2%" → 0.032; null when the text is not a plain number. */
export function parseNumberText(s: string): number | null {
  let t = s.trim();
  if (t === "") return null;
  let scale = 1;
  if (t.endsWith("%")) {
    scale = 0.01;
    t = t.slice(0, -1).trim();
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t) * scale;
  return Number.isFinite(v) ? v : null;
}

function rangeText(min: number, max: number, int: boolean): string {
  const lo = min <= -BIG ? "−∞" : String(min);
  const hi = max >= BIG ? "+∞" : String(max);
  return int ? `必须是 ${lo} 到 ${hi} 之间的整数 (must be an integer in ${lo}..${hi})` : `必须是 ${lo} 到 ${hi} 之间的数值 (must be a number in ${lo}..${hi})`;
}

export function numberCell(min: number, max: number, int = false) {
  const msg = rangeText(min, max, int);
  return z.string().transform((s, ctx) => {
    const v = parseNumberText(s);
    if (v === null || v < min || v > max || (int && !Number.isInteger(v))) {
      ctx.addIssue({ code: "custom", message: s === "" ? `不能为空，${msg}` : `“${s.slice(0, 40)}” ${msg}` });
      return z.NEVER;
    }
    return v;
  });
}

/** A code 0..k-1, or one of the catalog's Chinese labels (also the short form "C3" or "稳健"). */
export function codeCell(labels: readonly string[]) {
  const lookup = new Map<string, number>();
  labels.forEach((label, i) => {
    lookup.set(label.toLowerCase(), i);
    for (const part of label.split(/\s+/)) if (part) lookup.set(part.toLowerCase(), i);
  });
  const allowed = `必须是 0 到 ${labels.length - 1} 的代码或 ${labels.join("/")} (must be a code in 0..${labels.length - 1} or a label)`;
  return z.string().transform((s, ctx) => {
    const key = s.trim().toLowerCase();
    if (/^\d+(\.0+)?$/.test(key)) {
      const v = Number(key);
      if (v < labels.length) return v;
    } else if (lookup.has(key)) return lookup.get(key) as number;
    ctx.addIssue({ code: "custom", message: s === "" ? `不能为空，${allowed}` : `“${s.slice(0, 40)}” ${allowed}` });
    return z.NEVER;
  });
}

const TRUE = new Set(["1", "true", "t", "yes", "y", "是"]);
const FALSE = new Set(["0", "false", "f", "no", "n", "否"]);
const BOOL_MSG = "必须是 0/1、true/false 或 是/否 (must be 0/1, true/false or 是/否)";

export function boolCell() {
  return z.string().transform((s, ctx) => {
    const key = s.trim().toLowerCase();
    if (TRUE.has(key)) return true;
    if (FALSE.has(key)) return false;
    ctx.addIssue({ code: "custom", message: s === "" ? `不能为空，${BOOL_MSG}` : `“${s.slice(0, 40)}” ${BOOL_MSG}` });
    return z.NEVER;
  });
}

/** Empty = unknown label. */
export function optionalBoolCell() {
  const inner = boolCell();
  return z.string().transform((s, ctx): boolean | null => {
    if (s.trim() === "") return null;
    const r = inner.safeParse(s);
    if (r.success) return r.data;
    ctx.addIssue({ code: "custom", message: r.error.issues[0].message });
    return z.NEVER;
  });
}

export function textCell(maxLength: number, required: boolean) {
  const base = z
    .string()
    .max(maxLength, { error: `长度不能超过 ${maxLength} 个字符 (at most ${maxLength} characters)` })
    .regex(/^[^\u0000-\u001f\u007f]*$/, { error: "不能包含控制字符 (no control characters)" });
  return required ? base.min(1, { error: "不能为空 (required)" }) : base;
}

const category = (key: string) => {
  const f = FEATURES.find((x) => x.key === key);
  if (!f?.categories) throw new Error(`no categories for ${key}`);
  return f.categories;
};

/** Profile columns shared by both kinds of customer file. */
export const PROFILE_CELLS = {
  customer_type: codeCell(category("customer_type")),
  risk_tolerance: codeCell(category("risk_tolerance")),
  age: numberCell(16, 120, true),
  tenure_months: numberCell(0, 1200, true),
  open_channel: codeCell(category("open_channel")),
  has_margin: boolCell(),
  has_advisor: boolCell(),
  commission_rate: numberCell(0, 100),
  product_count: numberCell(0, 100, true),
} as const;

export const IDENTITY_CELLS = {
  customer_id: textCell(64, true),
  name: textCell(100, false),
  phone: textCell(40, false),
  id_number: textCell(40, false),
  branch: textCell(100, false),
  churned: optionalBoolCell(),
} as const;

/** Derived features, when a customer file carries all 29 directly (no weekly file). */
export const DERIVED_FEATURE_CELLS = {
  assets_latest: numberCell(0, BIG),
  assets_change_pct: numberCell(-1, BIG),
  assets_trend: numberCell(-BIG, BIG),
  net_inflow_total: numberCell(-BIG, BIG),
  outflow_last4w: numberCell(0, BIG),
  max_drawdown: numberCell(0, 1),
  trades_total: numberCell(0, BIG, true),
  trades_trend: numberCell(0, BIG),
  avg_trade_amount: numberCell(0, BIG),
  turnover_rate: numberCell(0, BIG),
  inactive_weeks: numberCell(0, 52, true),
  days_since_last_trade: numberCell(0, 100_000),
  logins_total: numberCell(0, BIG, true),
  login_trend: numberCell(-BIG, BIG),
  days_since_last_login: numberCell(0, 100_000),
  active_weeks_last4: numberCell(0, 4, true),
  service_contacts_total: numberCell(0, BIG, true),
  complaints_total: numberCell(0, BIG, true),
  return_12w: numberCell(-1, BIG),
  excess_return: numberCell(-BIG, BIG),
} as const;

export const WEEKLY_CELLS = {
  customer_id: textCell(64, true),
  week: numberCell(1, 52, true),
  logins: numberCell(0, 100_000, true),
  trades: numberCell(0, 10_000_000, true),
  trade_amount: numberCell(0, BIG),
  total_assets: numberCell(0, BIG),
  net_inflow: numberCell(-BIG, BIG),
  service_contacts: numberCell(0, 100_000, true),
  complaints: numberCell(0, 100_000, true),
  weekly_return: numberCell(-1, 10),
} as const;

/** Optional weekly column: the market index return that week (first row per week counts), for excess_return; 0 when absent. */
export const MARKET_RETURN_CELL = numberCell(-1, 10);

export const OPTIONAL_CUSTOMER_COLUMNS = ["name", "phone", "id_number", "branch", "churned"] as const;

// Every catalog feature must be covered by a profile or a derived-feature schema.
for (const key of FEATURE_KEYS) {
  if (!(key in PROFILE_CELLS) && !(key in DERIVED_FEATURE_CELLS)) throw new Error(`import schema misses feature ${key}`);
}
