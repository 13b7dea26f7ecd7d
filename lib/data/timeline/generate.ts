/**
 * generateTimeline: the simulated world, week by week (see simulate.ts for one customer's story).
 *
 * Streams: the market (weekly return, activity factor, number of joiners) comes from one stream
 * drawn week by week; customer i from its own stream deriveSeed(seed, i + 1). Customers present
 * at the start are 0..customers-1, joiners follow in week order. So a longer history has the
 * shorter one as an exact prefix: `generateTimeline({ ...same, historyWeeks: h + N, intercept })`
 * with the stored intercept and startDate repeats weeks < h byte for byte (advanceOptions).
 *
 * The churn event of a customer is the first week whose cumulative hazard reaches its own Exp(1)
 * draw. Behaviour does not depend on the intercept, so calibrating it (bisection on the realised
 * H-week churn rate among active customers at the labelled as-of dates) only re-runs that sum.
 */
import { Random, deriveSeed } from "../random";
import { asOfDates } from "./as-of";
import { worldDrift } from "./drift";
import { parseTimelineOptions } from "./options";
import { allocLatentStore, churnTypeOf, churnWeekOf, lifeCycle, simulateBehaviour, simulateLatent, type CustomerLatent, type LatentStore, type World } from "./simulate";
import type { ActivityColumns, Timeline, TimelineCustomer, TimelineOptions } from "./types";

/** Calibrate on a seeded subsample from this many customers at the start. */
const SUBSAMPLE_FROM = 50_000;
/** Customers (at the start, joiners in proportion) in that subsample. */
const SUBSAMPLE_SIZE = 20_000;
/** Stream of the subsample draw; customer streams use 1..(number of customers). */
const SUBSAMPLE_STREAM = 0xffffffff;

export type ProgressCallback = (done: number, total: number) => void;

/** Weekly churn probability that gives `rate` over `horizon` weeks. */
export function weeklyRate(rate: number, horizon: number): number {
  return 1 - Math.pow(1 - rate, 1 / horizon);
}

interface Plan {
  world: World;
  /** Week in which each joiner opens, in customer-index order after the first `customers`. */
  joinWeeks: Int32Array;
}

function planWorld(o: TimelineOptions): Plan {
  const nWeeks = o.historyWeeks;
  const rng = new Random(deriveSeed(o.seed, 0));
  const q = weeklyRate(o.churnRate, o.horizonWeeks);
  const marketReturns: number[] = new Array(nWeeks);
  const weekFactor = new Float64Array(nWeeks);
  const joinWeeks: number[] = [];
  for (let w = 0; w < nWeeks; w++) {
    const m = Math.round(rng.normal(0.0015, 0.025) * 1e5) / 1e5;
    marketReturns[w] = m;
    weekFactor[w] = rng.lognormal(0, 0.12) * (1 + 4 * Math.abs(m));
    // As many newcomers as the target churn takes away, so the active population stays level.
    const joiners = rng.poisson(o.customers * q);
    for (let j = 0; j < joiners; j++) joinWeeks.push(w);
  }
  return { world: { seed: o.seed, nWeeks, marketReturns, weekFactor, ...lifeCycle(q), drift: worldDrift(o) }, joinWeeks: Int32Array.from(joinWeeks) };
}

function joinWeekOf(plan: Plan, customers: number, index: number): number | null {
  return index < customers ? null : plan.joinWeeks[index - customers];
}

/** Weeks a customer's latent path covers: [max(openWeek, 0), nWeeks). */
function pathLength(plan: Plan, customers: number, index: number): number {
  return plan.world.nWeeks - (joinWeekOf(plan, customers, index) ?? 0);
}

/** Index of the first sorted value ≥ x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (sorted[m] < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** Number of sorted integer weeks in [lo, hi]. */
function countBetween(sorted: readonly number[], lo: number, hi: number): number {
  return hi < lo ? 0 : lowerBound(sorted, hi + 1) - lowerBound(sorted, lo);
}

/**
 * Realised H-week churn rate among customers active at the (ascending, integer) as-of weeks,
 * for churn weeks `churn` (+Infinity = none). Customer i is active at t for t ∈ [open + 1, churn]
 * and churns within H of t for t ∈ [churn − H + 1, churn].
 */
function realisedRate(openWeek: ArrayLike<number>, churn: ArrayLike<number>, asOfs: readonly number[], horizon: number): number {
  const last = asOfs.length > 0 ? asOfs[asOfs.length - 1] : 0;
  let active = 0;
  let churned = 0;
  for (let i = 0; i < openWeek.length; i++) {
    const first = openWeek[i] + 1;
    const c = churn[i];
    const end = Math.min(c, last);
    active += countBetween(asOfs, first, end);
    if (c !== Number.POSITIVE_INFINITY) churned += countBetween(asOfs, Math.max(first, c - horizon + 1), end);
  }
  return active === 0 ? 0 : churned / active;
}

/** Intercept bracket of the first search; wide enough for every allowed churn rate and horizon. */
const INTERCEPT_RANGE: readonly [number, number] = [-16, 6];
/** Precision of the intercept. */
const INTERCEPT_TOLERANCE = 1e-3;
/** Above this many paths a coarse search on every 8th one narrows the bracket first. */
const COARSE_FROM = 2000;

/**
 * Bisection on the intercept. The rate is a step function of it (events are discrete) and
 * increases with it up to the rare customer whose earlier exit also removes it from an as-of.
 * A customer's churn week only moves earlier as the intercept grows, so once it is the same at
 * both ends of the bracket it is settled and is not recomputed. Many paths: a coarse search on
 * every 8th path gives a guess, and the bracket around it widens until it holds the target.
 */
export function calibrateTimelineIntercept(paths: readonly CustomerLatent[], o: TimelineOptions, nWeeks: number): number {
  const asOfs = asOfDates({ nWeeks }, o).labelled;
  const opens = Int32Array.from(paths, (p) => p.openWeek);
  const churnAt = (b: number, out: Float64Array, settledLo?: Float64Array, settledHi?: Float64Array) => {
    const eb = Math.exp(b);
    for (let i = 0; i < paths.length; i++) {
      if (settledLo && settledHi && settledLo[i] === settledHi[i]) out[i] = settledLo[i];
      else out[i] = churnWeekOf(paths[i], eb) ?? Number.POSITIVE_INFINITY;
    }
    return out;
  };
  const rateOf = (churn: Float64Array) => realisedRate(opens, churn, asOfs, o.horizonWeeks);

  let lo: number;
  let hi: number;
  let churnLo: Float64Array;
  let churnHi: Float64Array;
  if (paths.length >= COARSE_FROM) {
    const guess = calibrateTimelineIntercept(
      paths.filter((_, i) => i % 8 === 0),
      o,
      nWeeks,
    );
    let half = 0.1;
    lo = guess - half;
    hi = guess + half;
    churnLo = churnAt(lo, new Float64Array(paths.length));
    churnHi = churnAt(hi, new Float64Array(paths.length));
    while (rateOf(churnLo) >= o.churnRate && lo > INTERCEPT_RANGE[0]) {
      half *= 2;
      [hi, churnHi] = [lo, churnLo];
      lo = Math.max(INTERCEPT_RANGE[0], guess - half);
      churnLo = churnAt(lo, new Float64Array(paths.length));
    }
    while (rateOf(churnHi) < o.churnRate && hi < INTERCEPT_RANGE[1]) {
      half *= 2;
      [lo, churnLo] = [hi, churnHi];
      hi = Math.min(INTERCEPT_RANGE[1], guess + half);
      churnHi = churnAt(hi, new Float64Array(paths.length));
    }
  } else {
    [lo, hi] = INTERCEPT_RANGE;
    churnLo = churnAt(lo, new Float64Array(paths.length));
    churnHi = churnAt(hi, new Float64Array(paths.length));
  }
  let mid: Float64Array = new Float64Array(paths.length);
  for (let it = 0; it < 60 && hi - lo > INTERCEPT_TOLERANCE; it++) {
    const b = (lo + hi) / 2;
    churnAt(b, mid, churnLo, churnHi);
    if (rateOf(mid) < o.churnRate) [lo, churnLo, mid] = [b, mid, churnLo];
    else [hi, churnHi, mid] = [b, mid, churnHi];
  }
  return (lo + hi) / 2;
}

/** Customer indices of the calibration subsample: a seeded Bernoulli draw over everyone. */
function subsample(o: TimelineOptions, total: number): number[] {
  const rng = new Random(deriveSeed(o.seed, SUBSAMPLE_STREAM));
  const p = Math.min(1, SUBSAMPLE_SIZE / o.customers);
  const picked: number[] = [];
  for (let i = 0; i < total; i++) if (rng.next() < p) picked.push(i);
  return picked;
}

function allocActivity(n: number): ActivityColumns {
  return {
    logins: new Int32Array(n),
    trades: new Int32Array(n),
    tradeAmount: new Float64Array(n),
    totalAssets: new Float64Array(n),
    netInflow: new Float64Array(n),
    serviceContacts: new Int32Array(n),
    complaints: new Int32Array(n),
    weeklyReturn: new Float64Array(n),
  };
}

const ACTIVITY_KEYS = Object.keys(allocActivity(0)) as (keyof ActivityColumns)[];

/** Growable activity columns (the row count is known only once every churn week is). */
class ActivityBuilder {
  length = 0;
  cols: ActivityColumns;
  constructor(capacity: number) {
    this.cols = allocActivity(Math.max(16, capacity));
  }
  /** Makes room for `count` more rows and returns where they start. */
  reserve(count: number): number {
    const at = this.length;
    const cap = this.cols.logins.length;
    if (at + count > cap) {
      const next = allocActivity(Math.max(at + count, Math.ceil(cap * 1.5)));
      for (const key of ACTIVITY_KEYS) next[key].set(this.cols[key].subarray(0, at));
      this.cols = next;
    }
    this.length = at + count;
    return at;
  }
  /** Exact-length columns, so equal timelines have equal bytes. */
  finish(): ActivityColumns {
    const n = this.length;
    const c = this.cols;
    if (c.logins.length === n) return c;
    return {
      logins: c.logins.slice(0, n),
      trades: c.trades.slice(0, n),
      tradeAmount: c.tradeAmount.slice(0, n),
      totalAssets: c.totalAssets.slice(0, n),
      netInflow: c.netInflow.slice(0, n),
      serviceContacts: c.serviceContacts.slice(0, n),
      complaints: c.complaints.slice(0, n),
      weeklyReturn: c.weeklyReturn.slice(0, n),
    };
  }
}

/**
 * Simulates the timeline. `input` is validated (parseTimelineOptions); pass `intercept` (and the
 * stored `startDate`) to extend an earlier timeline instead of recalibrating.
 */
export function generateTimeline(input: unknown, onProgress?: ProgressCallback): Timeline {
  const o = parseTimelineOptions(input);
  const nWeeks = o.historyWeeks;
  const plan = planWorld(o);
  const total = o.customers + plan.joinWeeks.length;

  let intercept = o.intercept;
  let cached: CustomerLatent[] | null = null;
  const sample = intercept === null && o.customers >= SUBSAMPLE_FROM ? subsample(o, total) : null;
  // Progress counts the latent passes made for calibration, then the customers finished.
  const progressTotal = total + (intercept === null ? (sample?.length ?? total) : 0);
  let done = 0;
  const step = Math.max(1, Math.floor(progressTotal / 100));
  const tick = () => {
    done++;
    if (onProgress && (done % step === 0 || done === progressTotal)) onProgress(done, progressTotal);
  };
  const simulateAll = (indices: ArrayLike<number>): CustomerLatent[] => {
    let weeks = 0;
    for (let k = 0; k < indices.length; k++) weeks += pathLength(plan, o.customers, indices[k]);
    const store = allocLatentStore(weeks);
    const paths: CustomerLatent[] = new Array(indices.length);
    let offset = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k];
      paths[k] = simulateLatent(plan.world, i, joinWeekOf(plan, o.customers, i), store, offset);
      offset += paths[k].length;
      tick();
    }
    return paths;
  };

  if (intercept === null) {
    const paths = simulateAll(sample ?? Int32Array.from({ length: total }, (_, i) => i));
    intercept = calibrateTimelineIntercept(paths, o, nWeeks);
    if (!sample) cached = paths;
  }

  // Without cached latent paths, each customer's goes through one reused scratch store.
  let scratch: LatentStore | null = null;
  const latentOf = (i: number): CustomerLatent => {
    if (cached) return cached[i];
    scratch ??= allocLatentStore(nWeeks);
    return simulateLatent(plan.world, i, joinWeekOf(plan, o.customers, i), scratch, 0);
  };

  const eb = Math.exp(intercept);
  let latentWeeks = 0;
  for (let i = 0; i < total; i++) latentWeeks += pathLength(plan, o.customers, i);
  const hazard = new Float32Array(latentWeeks);
  let hazardUsed = 0;
  let rowsGuess = 0;
  if (cached) for (const c of cached) rowsGuess += (churnWeekOf(c, eb) ?? nWeeks) - c.firstWeek;
  const activity = new ActivityBuilder(cached ? rowsGuess : Math.round(latentWeeks * 0.6));
  const customers: TimelineCustomer[] = new Array(total);
  for (let i = 0; i < total; i++) {
    const c = latentOf(i);
    const churnWeek = churnWeekOf(c, eb);
    const rows = (churnWeek ?? nWeeks) - c.firstWeek;
    const rowOffset = activity.reserve(rows);
    simulateBehaviour(plan.world, c, rows, activity.cols, rowOffset);
    const hazardOffset = hazardUsed;
    const e = c.store.expScore;
    for (let r = c.offset; r < c.offset + c.length; r++) {
      const x = eb * e[r];
      hazard[hazardUsed++] = x === Number.POSITIVE_INFINITY ? 1 : x / (1 + x);
    }
    customers[i] = {
      profile: c.profile,
      openWeek: c.openWeek,
      churnWeek,
      churnType: churnWeek === null ? null : churnTypeOf(c, churnWeek, activity.cols.totalAssets, rowOffset),
      firstWeek: c.firstWeek,
      rowOffset,
      hazardOffset,
    };
    tick();
  }

  const asOfs = asOfDates({ nWeeks }, o).labelled;
  const churn = Float64Array.from(customers, (c) => c.churnWeek ?? Number.POSITIVE_INFINITY);
  const opens = Int32Array.from(customers, (c) => c.openWeek);
  return {
    options: { ...o, intercept },
    startDate: o.startDate,
    nWeeks,
    intercept,
    marketReturns: plan.world.marketReturns.slice(),
    customers,
    activity: activity.finish(),
    hazard,
    churnRate: realisedRate(opens, churn, asOfs, o.horizonWeeks),
  };
}

/** Options that extend `timeline` by `weeks` more weeks: same world, same intercept and dates. */
export function advanceOptions(timeline: Pick<Timeline, "options">, weeks: number): TimelineOptions {
  const o = timeline.options;
  return { ...o, historyWeeks: o.historyWeeks + weeks };
}
