/**
 * As-of snapshots: the population, features, labels and true probabilities at an as-of week t.
 *
 * - Population: customers opened before t (openWeek < t) and not churned by t
 *   (churnWeek === null or churnWeek ≥ t).
 * - Features: the 29 of engineerFeatures over the customer's rows of weeks
 *   [max(openWeek, 0, t − lookback), t) — shorter for young accounts — with tenure_months
 *   recomputed at t from openWeek. Nothing dated t or later is read (point in time).
 * - Label: 1 when churnWeek ∈ [t, t + H); 0 when t + H ≤ nWeeks and no event; unknown
 *   (labelled = 0) when the window runs past the data and no event is seen yet.
 * - True probability: 1 − Π_{w=t}^{t+H−1} (1 − hazard_w) from the simulated hazards; NaN when
 *   the source has none or the window runs past the data.
 */
import { FEATURE_COUNT } from "../catalog";
import { engineerFeatures, F, notMissing } from "../features";
import { tenureMonthsAt } from "./as-of";
import type { TimelineSource } from "./source";

export interface SnapshotOptions {
  lookbackWeeks: number;
  horizonWeeks: number;
}

export interface Snapshot {
  asOfWeek: number;
  lookbackWeeks: number;
  horizonWeeks: number;
  /** Index in source.customers of each row, ascending. */
  customers: Int32Array;
  /** rows × 29, row-major, catalog order. */
  X: Float64Array;
  nCols: number;
  /** 1 = churn event in [t, t + H); 0 for unknown labels too (see `labelled`). */
  labels: Uint8Array;
  /** 1 where the label is known. */
  labelled: Uint8Array;
  /** NaN where unknown. */
  trueProbability: Float64Array;
}

function checkOptions(source: TimelineSource, t: number, o: SnapshotOptions): void {
  if (!Number.isInteger(t) || t < 1 || t > source.nWeeks) throw new RangeError(`asOfWeek must be an integer in 1..${source.nWeeks}, got ${t}`);
  if (!Number.isInteger(o.lookbackWeeks) || o.lookbackWeeks < 1) throw new RangeError(`lookbackWeeks must be a positive integer, got ${o.lookbackWeeks}`);
  if (!Number.isInteger(o.horizonWeeks) || o.horizonWeeks < 1) throw new RangeError(`horizonWeeks must be a positive integer, got ${o.horizonWeeks}`);
}

/** Customers active at as-of week t, ascending. */
export function populationAt(source: TimelineSource, t: number): Int32Array {
  const out: number[] = [];
  const cs = source.customers;
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.openWeek < t && (c.churnWeek === null || c.churnWeek >= t)) out.push(i);
  }
  return Int32Array.from(out);
}

/** Everything one as-of week needs, computed once for all its customers. */
class AsOfContext {
  readonly windowStart: number;
  private readonly market: number[];
  private readonly source: TimelineSource;
  private readonly horizon: number;
  private readonly truthKnown: boolean;

  constructor(
    source: TimelineSource,
    readonly t: number,
    o: SnapshotOptions,
  ) {
    this.source = source;
    this.horizon = o.horizonWeeks;
    this.windowStart = Math.max(0, t - o.lookbackWeeks);
    this.market = source.marketReturns.slice(this.windowStart, t);
    this.truthKnown = source.hazards !== undefined && t + o.horizonWeeks <= source.nWeeks;
  }

  /** Writes customer i's features at row r of X and its label, known flag and true probability at r. */
  fill(i: number, r: number, out: { X: Float64Array; labels: Uint8Array; labelled?: Uint8Array; trueProbability: Float64Array }): void {
    const { source, t } = this;
    const c = source.customers[i];
    const from = Math.max(this.windowStart, c.openWeek);
    const rows = source.weeks(i, from, t);
    const market = from === this.windowStart ? this.market : this.market.slice(from - this.windowStart);
    const offset = r * FEATURE_COUNT;
    engineerFeatures(c.profile, rows, market, out.X, offset);
    out.X[offset + F.tenure_months] = notMissing(tenureMonthsAt(c.openWeek, t));

    const end = t + this.horizon;
    const event = c.churnWeek !== null && c.churnWeek < end;
    out.labels[r] = event ? 1 : 0;
    if (out.labelled) out.labelled[r] = event || end <= source.nWeeks ? 1 : 0;
    let prob = Number.NaN;
    if (this.truthKnown) {
      const h = source.hazards!(i, t, end);
      let survive = 1;
      for (let k = 0; k < h.length; k++) survive *= 1 - h[k];
      prob = 1 - survive;
    }
    out.trueProbability[r] = prob;
  }
}

export function buildSnapshot(source: TimelineSource, asOfWeek: number, options: SnapshotOptions): Snapshot {
  checkOptions(source, asOfWeek, options);
  const customers = populationAt(source, asOfWeek);
  const n = customers.length;
  const X = new Float64Array(n * FEATURE_COUNT);
  const labels = new Uint8Array(n);
  const labelled = new Uint8Array(n);
  const trueProbability = new Float64Array(n);
  const ctx = new AsOfContext(source, asOfWeek, options);
  const out = { X, labels, labelled, trueProbability };
  for (let r = 0; r < n; r++) ctx.fill(customers[r], r, out);
  return { asOfWeek, ...options, customers, X, nCols: FEATURE_COUNT, labels, labelled, trueProbability };
}

export interface TrainingSet {
  /** rows × 29, row-major; rows grouped by as-of week in ascending order. */
  X: Float64Array;
  nCols: number;
  labels: Uint8Array;
  /** NaN when the source has no hazards. */
  trueProbability: Float64Array;
  asOfWeek: Int32Array;
  customer: Int32Array;
  /** Row range [start, end) of each as-of week. */
  ranges: { asOfWeek: number; start: number; end: number }[];
}

/**
 * One row per active customer per labelled as-of week. Every as-of must be fully labelled
 * (t + H ≤ nWeeks), so every label is known.
 */
export function buildTrainingSet(source: TimelineSource, asOfs: readonly number[], options: SnapshotOptions): TrainingSet {
  const weeks = [...new Set(asOfs)].sort((a, b) => a - b);
  for (const t of weeks) {
    checkOptions(source, t, options);
    if (t + options.horizonWeeks > source.nWeeks) {
      throw new RangeError(`as-of week ${t} is not fully labelled: ${t} + ${options.horizonWeeks} > ${source.nWeeks} weeks of data`);
    }
  }
  const populations = weeks.map((t) => populationAt(source, t));
  const total = populations.reduce((s, p) => s + p.length, 0);
  const X = new Float64Array(total * FEATURE_COUNT);
  const labels = new Uint8Array(total);
  const trueProbability = new Float64Array(total);
  const asOfWeek = new Int32Array(total);
  const customer = new Int32Array(total);
  const ranges: TrainingSet["ranges"] = [];
  const out = { X, labels, trueProbability };
  let r = 0;
  weeks.forEach((t, k) => {
    const ctx = new AsOfContext(source, t, options);
    const start = r;
    for (const i of populations[k]) {
      ctx.fill(i, r, out);
      asOfWeek[r] = t;
      customer[r] = i;
      r++;
    }
    ranges.push({ asOfWeek: t, start, end: r });
  });
  return { X, nCols: FEATURE_COUNT, labels, trueProbability, asOfWeek, customer, ranges };
}
