/**
 * generateTimeline's options: validated with zod, defaults filled, every error naming the field
 * and its allowed range (Chinese first, English in brackets) like parseGenerateOptions.
 */
import { getHeapStatistics } from "node:v8";
import { z } from "zod";
import { DatasetInputError } from "../generator";
import { assertMonday, dayNumber, startDateFor } from "./as-of";
import { DRIFT_FEATURES } from "./drift";
import type { TimelineOptions } from "./types";

const LIMITS = {
  customers: { min: 100, max: 1_000_000, def: 3000, int: true },
  historyWeeks: { min: 26, max: 260, def: 104, int: true },
  horizonWeeks: { min: 4, max: 26, def: 12, int: true },
  lookbackWeeks: { min: 4, max: 52, def: 12, int: true },
  seed: { min: 0, max: 2 ** 31 - 1, def: 42, int: true },
  churnRate: { min: 0.05, max: 0.6, def: 0.3, int: false },
} as const;

type LimitedField = keyof typeof LIMITS;

/** |intercept| beyond this makes every hazard 0 or 1: surely not a stored calibration. */
const INTERCEPT_LIMIT = 50;

function rangeMessage(name: LimitedField): string {
  const l = LIMITS[name];
  const kind = l.int ? "整数" : "数值";
  const kindEn = l.int ? "an integer" : "a number";
  return `${name} 必须是 ${l.min} 到 ${l.max} 之间的${kind} (${name} must be ${kindEn} in ${l.min}..${l.max})`;
}

/** Strings are accepted (CLI flags, form fields) but must be plain decimal numbers. */
const numeric = (v: unknown) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v);

function limited(name: LimitedField) {
  const l = LIMITS[name];
  const msg = rangeMessage(name);
  let n = z.number({ error: msg }).min(l.min, { error: msg }).max(l.max, { error: msg });
  if (l.int) n = n.int({ error: msg });
  return z
    .preprocess(numeric, n.optional())
    .transform((v) => (v === undefined ? l.def : v));
}

const driftWeekMessage = `driftWeek 必须是 1 到 ${LIMITS.historyWeeks.max} 之间的整数 (driftWeek must be an integer in 1..${LIMITS.historyWeeks.max})`;
const driftFeaturesMessage = `driftFeatures 只能包含 (may only contain) ${Object.keys(DRIFT_FEATURES).join(", ")}`;
/** CLI flags and form fields give a comma-separated list. */
const list = (v: unknown) => (typeof v === "string" ? v.split(",").map((x) => x.trim()).filter(Boolean) : v);
const flag = (v: unknown) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : v);

const interceptMessage = `intercept 必须是 -${INTERCEPT_LIMIT} 到 ${INTERCEPT_LIMIT} 之间的数值 (intercept must be a number in -${INTERCEPT_LIMIT}..${INTERCEPT_LIMIT})`;

export const timelineOptionsSchema = z
  .object({
    customers: limited("customers"),
    historyWeeks: limited("historyWeeks"),
    horizonWeeks: limited("horizonWeeks"),
    lookbackWeeks: limited("lookbackWeeks"),
    seed: limited("seed"),
    churnRate: limited("churnRate"),
    startDate: z.string({ error: "startDate 必须是 YYYY-MM-DD 格式的星期一 (startDate must be a YYYY-MM-DD Monday)" }).optional(),
    intercept: z
      .preprocess(numeric, z.number({ error: interceptMessage }).min(-INTERCEPT_LIMIT, { error: interceptMessage }).max(INTERCEPT_LIMIT, { error: interceptMessage }).nullable().optional())
      .transform((v) => (v === undefined ? null : v)),
    driftWeek: z
      .preprocess(numeric, z.number({ error: driftWeekMessage }).int({ error: driftWeekMessage }).min(1, { error: driftWeekMessage }).max(LIMITS.historyWeeks.max, { error: driftWeekMessage }).nullable().optional())
      .transform((v) => v ?? null),
    driftFeatures: z
      .preprocess(list, z.array(z.enum(Object.keys(DRIFT_FEATURES) as [string, ...string[]], { error: driftFeaturesMessage }), { error: driftFeaturesMessage }).max(Object.keys(DRIFT_FEATURES).length, { error: driftFeaturesMessage }).optional())
      .transform((v) => [...new Set(v ?? [])]),
    conceptDrift: z
      .preprocess(flag, z.boolean({ error: "conceptDrift 必须是布尔值 (conceptDrift must be true or false)" }).optional())
      .transform((v) => v ?? false),
  })
  .strict();

export type TimelineOptionsInput = z.input<typeof timelineOptionsSchema>;

/**
 * Heap the server's thread needs per customer-week while a generated timeline is received from its
 * worker and stored: 1,708 MB at the peak for 200,000 customers × 26 weeks on PostgreSQL. Without a
 * cap, 1,000,000 × 26 (both within their own ranges) ended the process with "JavaScript heap out
 * of memory" at the default 4 GB heap.
 */
const HEAP_BYTES_PER_CUSTOMER_WEEK = 330;

/** The largest customers × historyWeeks this process can generate, keeping 40% of its heap for everything else. */
export function maxCustomerWeeks(): number {
  return Math.floor((getHeapStatistics().heap_size_limit * 0.6) / HEAP_BYTES_PER_CUSTOMER_WEEK);
}

/** Validates and fills defaults; throws DatasetInputError naming the first bad field and its range. */
export function parseTimelineOptions(input: unknown): TimelineOptions {
  const r = timelineOptionsSchema.safeParse(input ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    if (first.code === "unrecognized_keys") {
      const keys = first.keys.join(", ");
      throw new DatasetInputError(first.keys[0] ?? "input", `未知的选项 (unknown option): ${keys}; 允许: ${Object.keys(timelineOptionsSchema.shape).join(", ")}`);
    }
    const name = first.path.length > 0 ? String(first.path[0]) : "input";
    const messages = [...new Set(r.error.issues.filter((i) => String(i.path[0] ?? "input") === name).map((i) => i.message))];
    throw new DatasetInputError(name, messages.join("; "));
  }
  const o = r.data;
  if (o.lookbackWeeks + o.horizonWeeks > o.historyWeeks) {
    throw new DatasetInputError(
      "historyWeeks",
      `historyWeeks 必须不少于 lookbackWeeks + horizonWeeks = ${o.lookbackWeeks + o.horizonWeeks}，才有已标注的观察日期 (historyWeeks must be at least lookbackWeeks + horizonWeeks = ${o.lookbackWeeks + o.horizonWeeks} for a labelled as-of date)`,
    );
  }
  const cap = maxCustomerWeeks();
  if (o.customers * o.historyWeeks > cap) {
    const n = (x: number) => x.toLocaleString("en");
    throw new DatasetInputError(
      "customers",
      `customers × historyWeeks = ${n(o.customers * o.historyWeeks)} 超过本服务器内存可生成的上限 ${n(cap)} 客户周；请减少 customers 或 historyWeeks (customers × historyWeeks exceeds this server's limit of ${n(cap)} customer-weeks, set by its ${n(Math.round(getHeapStatistics().heap_size_limit / 2 ** 20))} MB heap: lower customers or historyWeeks)`,
    );
  }
  const drifting = o.driftFeatures.length > 0 || o.conceptDrift;
  if (drifting && o.driftWeek === null) {
    throw new DatasetInputError("driftWeek", "注入漂移需要 driftWeek（从哪一周开始） (driftFeatures / conceptDrift need driftWeek: the week the drift starts)");
  }
  if (!drifting && o.driftWeek !== null) {
    throw new DatasetInputError("driftWeek", "driftWeek 需要 driftFeatures 或 conceptDrift (driftWeek needs driftFeatures or conceptDrift)");
  }
  let startDate: string;
  if (o.startDate === undefined) startDate = startDateFor(o.historyWeeks);
  else {
    dayNumber(o.startDate, "startDate");
    startDate = assertMonday(o.startDate, "startDate");
  }
  return { ...o, startDate };
}
