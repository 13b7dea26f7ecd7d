/**
 * As-of dates and week dates.
 *
 * An as-of week t is the Monday that starts week t: features use weeks < t, the label window is
 * weeks [t, t + H). Labelled as-of dates need t + H ≤ nWeeks; the scoring as-of is nWeeks (the
 * Monday after the last week of data), whose outcome is not known yet.
 *
 * Dates are plain calendar dates 'YYYY-MM-DD' (Asia/Shanghai). They are converted to day
 * numbers through Date.UTC only, so no local time zone or daylight saving can shift them.
 */
import { DatasetInputError } from "../generator";

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Asia/Shanghai has been UTC+8 all year since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws DatasetInputError naming `field` otherwise. */
export function dayNumber(date: string, field = "date"): number {
  const m = ISO_DATE.exec(date);
  const bad = () => new DatasetInputError(field, `${field} 必须是 YYYY-MM-DD 格式的有效日期 (${field} must be a valid YYYY-MM-DD date), got "${date}"`);
  if (!m) throw bad();
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw bad();
  return ms / DAY_MS;
}

/** 'YYYY-MM-DD' of a day number. */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(dayNumber(date) + days);
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(date: string): number {
  // 1970-01-01 was a Thursday (3).
  return (((dayNumber(date) + 3) % 7) + 7) % 7;
}

/** Throws DatasetInputError unless `date` is a valid 'YYYY-MM-DD' Monday. */
export function assertMonday(date: string, field = "startDate"): string {
  if (weekday(date) !== 0) {
    throw new DatasetInputError(field, `${field} 必须是星期一 (${field} must be a Monday: weeks start on Monday), got ${date}`);
  }
  return date;
}

/** The Monday that starts week w. */
export function weekStart(startDate: string, w: number): string {
  return isoDate(dayNumber(startDate) + 7 * w);
}

/** Index of the week containing `date` (negative before the timeline, ≥ nWeeks after it). */
export function weekOf(startDate: string, date: string): number {
  return Math.floor((dayNumber(date) - dayNumber(startDate)) / 7);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Date of the last data week's end: the as-of date of scoring. */
export function dataDate(startDate: string, nWeeks: number): string {
  return weekStart(startDate, nWeeks);
}

/** Default data date: the timeline's last week ends the Sunday before this Monday. */
export const DEFAULT_DATA_DATE = "2026-11-23";

/** Week 0's Monday so that `nWeeks` weeks end right before `dataDateMonday`. */
export function startDateFor(nWeeks: number, dataDateMonday = DEFAULT_DATA_DATE): string {
  return weekStart(assertMonday(dataDateMonday, "dataDate"), -nWeeks);
}

/** Months of tenure at the start of week w for an account opened in week openWeek. */
export function tenureMonthsAt(openWeek: number, w: number): number {
  return Math.max(0, Math.floor(((w - openWeek) * 7) / 30.4375));
}

export interface AsOfPlanOptions {
  lookbackWeeks: number;
  horizonWeeks: number;
  /** Spacing of labelled as-of dates (default 4). */
  everyWeeks?: number;
  /** Earliest labelled as-of (default lookbackWeeks: customers present at the start then have a full window). */
  minWeek?: number;
}

export interface AsOfPlan {
  /** Labelled as-of weeks, ascending, spaced everyWeeks and ending at nWeeks − H. */
  labelled: number[];
  /** As-of week of scoring: nWeeks (features from every week of data, label unknown). */
  scoring: number;
}

/**
 * The labelled as-of weeks count back from the latest fully labelled one, nWeeks − H, so the
 * test date is always as recent as the data allows.
 */
export function asOfDates(timeline: { nWeeks: number }, options: AsOfPlanOptions): AsOfPlan {
  const { nWeeks } = timeline;
  const every = options.everyWeeks ?? 4;
  const minWeek = Math.max(1, options.minWeek ?? options.lookbackWeeks);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`everyWeeks must be a positive integer, got ${every}`);
  if (!Number.isInteger(options.horizonWeeks) || options.horizonWeeks < 1) throw new RangeError(`horizonWeeks must be a positive integer, got ${options.horizonWeeks}`);
  const labelled: number[] = [];
  for (let t = nWeeks - options.horizonWeeks; t >= minWeek; t -= every) labelled.push(t);
  labelled.reverse();
  return { labelled, scoring: nWeeks };
}

export interface OutOfTimeSplit {
  /** Training as-of weeks, ascending; all < valid. */
  train: number[];
  /** Validation (early stopping) as-of week. */
  valid: number;
  /** Test as-of week: the latest labelled one. */
  test: number;
}

export class AsOfSplitError extends DatasetInputError {
  constructor(message: string) {
    super("historyWeeks", message);
    this.name = "AsOfSplitError";
  }
}

/**
 * Out-of-time split of labelled as-of weeks, mirroring how scoring works: a model used at date S
 * can only learn from as-of dates whose label window has closed by S (t + H ≤ S). So the test
 * date is the latest as-of, validation the latest as-of with valid + H ≤ test, and training
 * every earlier as-of. No label used for training or early stopping comes from an event at or
 * after the test date, and no (customer, as-of) row is in two sets.
 */
export function outOfTimeSplit(labelledAsOfs: readonly number[], options: { horizonWeeks: number }): OutOfTimeSplit {
  const sorted = [...new Set(labelledAsOfs)].sort((a, b) => a - b);
  const test = sorted[sorted.length - 1];
  if (test === undefined) throw new AsOfSplitError("没有已标注的观察日期，历史太短 (no labelled as-of date: the history is too short)");
  const before = sorted.filter((t) => t + options.horizonWeeks <= test);
  const valid = before[before.length - 1];
  const train = before.slice(0, -1);
  if (valid === undefined || train.length === 0) {
    throw new AsOfSplitError(
      `历史太短，无法按时间划分训练/验证/测试：需要测试日之前至少两个标签窗口已结束的观察日期 (history too short for an out-of-time split: need two as-of dates whose ${options.horizonWeeks}-week label window closes by the test date ${test})`,
    );
  }
  return { train, valid, test };
}
