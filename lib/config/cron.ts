/**
 * A small cron parser for SCORING_SCHEDULE: five fields (minute hour day-of-month month
 * day-of-week), each `*`, a number, a range `a-b`, a list `a,b`, or a step `*\/n` / `a-b/n`.
 * Day-of-week 0–7 (0 and 7 = Sunday). Day-of-month and day-of-week both restricted → either
 * matches (as Vixie cron). Times are in Asia/Shanghai (UTC+8, no daylight saving).
 */
export interface CronSchedule {
  source: string;
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

const FIELDS = [
  { name: "minute", zh: "分钟", min: 0, max: 59 },
  { name: "hour", zh: "小时", min: 0, max: 23 },
  { name: "day-of-month", zh: "日", min: 1, max: 31 },
  { name: "month", zh: "月", min: 1, max: 12 },
  { name: "day-of-week", zh: "星期", min: 0, max: 7 },
] as const;

/** Asia/Shanghai has had no daylight saving since 1991. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function parseField(text: string, f: (typeof FIELDS)[number]): Set<number> {
  const out = new Set<number>();
  const bad = (why: string) =>
    new Error(`SCORING_SCHEDULE 的${f.zh}字段 "${text}" 无效：${why} (cron ${f.name} field "${text}" is invalid: allowed ${f.min}–${f.max}, *, a-b, a,b, */n)`);
  for (const part of text.split(",")) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw bad("格式");
    let lo: number = f.min;
    let hi: number = f.max;
    if (m[1] !== "*") {
      lo = Number(m[2]);
      hi = m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? f.max : lo;
    }
    const step = m[4] !== undefined ? Number(m[4]) : 1;
    if (lo < f.min || hi > f.max || lo > hi) throw bad(`范围 ${f.min}–${f.max}`);
    if (!(step >= 1)) throw bad("步长须 ≥ 1");
    for (let v = lo; v <= hi; v += step) out.add(f.max === 7 && v === 7 ? 0 : v);
  }
  return out;
}

export function parseCron(source: string): CronSchedule {
  const parts = source.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`SCORING_SCHEDULE 须有 5 个字段（分 时 日 月 星期），实际 ${parts.length} 个 (cron needs 5 fields: minute hour day-of-month month day-of-week), got "${source}"`);
  const [mi, h, dom, mo, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  return {
    source,
    minutes: mi!,
    hours: h!,
    daysOfMonth: dom!,
    months: mo!,
    daysOfWeek: dow!,
    domRestricted: parts[2] !== "*",
    dowRestricted: parts[4] !== "*",
  };
}

function matchesDay(c: CronSchedule, local: Date): boolean {
  const dom = c.daysOfMonth.has(local.getUTCDate());
  const dow = c.daysOfWeek.has(local.getUTCDay());
  if (c.domRestricted && c.dowRestricted) return dom || dow;
  return dom && dow;
}

/** The first slot strictly after `after` (minute precision), or null within ~4 years. */
export function nextCronTime(c: CronSchedule, after: Date): Date | null {
  // Work in "Shanghai wall clock as UTC" and convert back at the end.
  let t = Math.floor((after.getTime() + SHANGHAI_OFFSET_MS) / 60_000) * 60_000 + 60_000;
  const limit = t + 4 * 366 * 86400_000;
  while (t < limit) {
    const d = new Date(t);
    if (!c.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    if (!matchesDay(c, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!c.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!c.minutes.has(d.getUTCMinutes())) {
      t += 60_000;
      continue;
    }
    return new Date(t - SHANGHAI_OFFSET_MS);
  }
  return null;
}
