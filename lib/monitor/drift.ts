/**
 * Data drift between a model's training reference and a scoring run: PSI per feature and for the
 * score, the share of drifted features, and data quality (missing share, values outside the
 * reference range, new categories). Pure: no database, no clock.
 *
 * The reference is compact (bin edges + reference shares + range per feature) so it can be
 * stored with the model run and the training rows need not be kept.
 *
 * Binning (Evidently/NannyML style):
 * - numeric features: cut points at the reference quantiles 1/B … (B−1)/B; bin i is
 *   (cut[i−1], cut[i]], the first and last bins are open. Equal cut points are merged, so a value
 *   held by many rows (ties, e.g. 0 complaints) lies in exactly one bin and never splits;
 * - categorical features (catalog `categories`): one bin per catalog code, one bin for any other
 *   value (a category the catalog does not know);
 * - missing (NaN, or ml-xgboost's missing marker −1 when `minusOneIsMissing`) is its own bin;
 * - empty bins read as `epsilon` so PSI stays finite.
 * Every number in the results is finite, so they go into a jsonb column as they are.
 */
import { runToEnd, type Pausable } from "../runtime/time-slice";
import { z } from "zod";
import { FEATURES } from "../data/catalog";

export type DriftStatus = "ok" | "warning" | "drift";

export interface DriftThresholds {
  /** PSI at or above this: moderate change. */
  warning: number;
  /** PSI at or above this: drifted. */
  drift: number;
  /**
   * Raise a feature's limits to its natural swing between the reference's chunks (as-of dates):
   * drift at mean + k·sd of the chunks' leave-one-out PSI, warning at mean + (k − 1)·sd, when
   * that is above the fixed thresholds (as NannyML derives thresholds from reference chunks).
   * Market-wide features such as return_12w move by PSI 0.3–1.9 between training dates in an
   * undrifted world; without this they would alert on most scoring runs. 0 = fixed thresholds only.
   */
  baselineSigmas: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = { warning: 0.1, drift: 0.25, baselineSigmas: 3 };

/** A feature as drift sees it: categorical features have codes 0..categories−1. */
export interface DriftFeatureSpec {
  key: string;
  categories: number | null;
}

/** The 29 catalog features in model order. */
export const CATALOG_DRIFT_FEATURES: readonly DriftFeatureSpec[] = FEATURES.map((f) => ({ key: f.key, categories: f.categories ? f.categories.length : null }));

export interface ReferenceOptions {
  /** Quantile bins of numeric features (and the score); default 10. */
  bins: number;
  /** Share an empty bin counts as in PSI; default 1e-4. */
  epsilon: number;
  /** Treat values that equal −1 in float32 (ml-xgboost's missing marker) as missing; default true. */
  minusOneIsMissing: boolean;
}

export const DEFAULT_REFERENCE_OPTIONS: Readonly<ReferenceOptions> = { bins: 10, epsilon: 1e-4, minusOneIsMissing: true };

const LIMITS = { bins: { min: 2, max: 100 }, epsilon: { min: 1e-9, max: 0.01 }, threshold: { min: 0.001, max: 10 }, sigmas: { min: 0, max: 10 } } as const;

export class DriftInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "DriftInputError";
  }
}

const referenceOptionsSchema = z
  .object({
    bins: z
      .number()
      .int()
      .min(LIMITS.bins.min)
      .max(LIMITS.bins.max)
      .default(DEFAULT_REFERENCE_OPTIONS.bins),
    epsilon: z.number().min(LIMITS.epsilon.min).max(LIMITS.epsilon.max).default(DEFAULT_REFERENCE_OPTIONS.epsilon),
    minusOneIsMissing: z.boolean().default(DEFAULT_REFERENCE_OPTIONS.minusOneIsMissing),
  })
  .strict();

const thresholdsSchema = z
  .object({
    warning: z.number().min(LIMITS.threshold.min).max(LIMITS.threshold.max).default(DEFAULT_DRIFT_THRESHOLDS.warning),
    drift: z.number().min(LIMITS.threshold.min).max(LIMITS.threshold.max).default(DEFAULT_DRIFT_THRESHOLDS.drift),
    baselineSigmas: z.number().min(LIMITS.sigmas.min).max(LIMITS.sigmas.max).default(DEFAULT_DRIFT_THRESHOLDS.baselineSigmas),
  })
  .strict();

const LIMIT_TEXT: Record<string, string> = {
  bins: `bins 必须是 ${LIMITS.bins.min} 到 ${LIMITS.bins.max} 之间的整数 (bins must be an integer in ${LIMITS.bins.min}..${LIMITS.bins.max})`,
  epsilon: `epsilon 必须在 ${LIMITS.epsilon.min} 到 ${LIMITS.epsilon.max} 之间 (epsilon must be in ${LIMITS.epsilon.min}..${LIMITS.epsilon.max})`,
  minusOneIsMissing: "minusOneIsMissing 必须是布尔值 (minusOneIsMissing must be a boolean)",
  warning: `warning 必须在 ${LIMITS.threshold.min} 到 ${LIMITS.threshold.max} 之间 (warning must be in ${LIMITS.threshold.min}..${LIMITS.threshold.max})`,
  drift: `drift 必须在 ${LIMITS.threshold.min} 到 ${LIMITS.threshold.max} 之间 (drift must be in ${LIMITS.threshold.min}..${LIMITS.threshold.max})`,
  baselineSigmas: `baselineSigmas 必须在 ${LIMITS.sigmas.min} 到 ${LIMITS.sigmas.max} 之间 (baselineSigmas must be in ${LIMITS.sigmas.min}..${LIMITS.sigmas.max})`,
};

function parseWith<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  if (first.code === "unrecognized_keys") throw new DriftInputError(first.keys[0] ?? what, `未知的${what}选项 (unknown ${what} option): ${first.keys.join(", ")}`);
  const field = String(first.path[0] ?? what);
  throw new DriftInputError(field, LIMIT_TEXT[field] ?? first.message);
}

export function parseReferenceOptions(input: unknown): ReferenceOptions {
  return parseWith(referenceOptionsSchema, input, "reference");
}

/** Thresholds with defaults; warning must not exceed drift. */
export function parseDriftThresholds(input: unknown): DriftThresholds {
  const t = parseWith(thresholdsSchema, input, "thresholds");
  if (t.warning > t.drift) throw new DriftInputError("warning", `warning (${t.warning}) 不能大于 drift (${t.drift}) (warning must not exceed drift)`);
  return t;
}

/** Leave-one-out PSI of each reference chunk (e.g. as-of date) against the other chunks. */
export interface ChunkBaseline {
  chunks: number;
  mean: number;
  sd: number;
  max: number;
}

export interface NumericReference {
  key: string;
  kind: "numeric";
  /** Interior cut points, ascending and distinct; edges.length + 1 value bins. */
  edges: number[];
  /** Reference share of each value bin, then of the missing bin (edges.length + 2 entries, sum 1). */
  shares: number[];
  /** Range of the reference's non-missing values; null when every value was missing. */
  min: number | null;
  max: number | null;
  /** Mean of the non-missing reference values; null when every value was missing. */
  mean: number | null;
  /** Null without chunks (or with fewer than MIN_BASELINE_CHUNKS). */
  baseline: ChunkBaseline | null;
}

export interface CategoricalReference {
  key: string;
  kind: "categorical";
  /** Catalog codes 0..categories−1. */
  categories: number;
  /** Reference share of each code, then of "other code", then of missing (categories + 2 entries). */
  shares: number[];
  baseline: ChunkBaseline | null;
}

export type FeatureReference = NumericReference | CategoricalReference;

/** What drift needs of the training rows; JSON-serialisable (store it with the model run). */
export interface DriftReference {
  version: 1;
  rows: number;
  options: ReferenceOptions;
  features: FeatureReference[];
  /** The model's probabilities on the reference rows; null when not given. */
  score: NumericReference | null;
}

/** A row-major matrix: rows × nCols values. */
export interface DriftMatrix {
  X: ArrayLike<number>;
  nCols: number;
}

const MINUS_ONE_F32 = Math.fround(-1);

function isMissingWith(minusOneIsMissing: boolean): (v: number) => boolean {
  return minusOneIsMissing ? (v) => Number.isNaN(v) || Math.fround(v) === MINUS_ONE_F32 : Number.isNaN;
}

function rowsOf(m: DriftMatrix, specs: readonly DriftFeatureSpec[], field: string): number {
  if (!Number.isInteger(m.nCols) || m.nCols !== specs.length) {
    throw new DriftInputError(`${field}.nCols`, `${field}.nCols 必须等于特征数 ${specs.length} (${field}.nCols must equal the ${specs.length} features), got ${m.nCols}`);
  }
  if (m.X.length % m.nCols !== 0) {
    throw new DriftInputError(`${field}.X`, `${field}.X 的长度 ${m.X.length} 不是 nCols = ${m.nCols} 的整数倍 (${field}.X length must be a multiple of nCols)`);
  }
  const rows = m.X.length / m.nCols;
  if (rows === 0) throw new DriftInputError(`${field}.X`, `${field} 没有数据行 (${field} has no rows)`);
  return rows;
}

function column(m: DriftMatrix, rows: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = m.X[r * m.nCols + j]!;
  return out;
}

/** Index of the first edge ≥ v, i.e. the bin of v under (cut[i−1], cut[i]]. */
function binOf(edges: readonly number[], v: number): number {
  let a = 0;
  let b = edges.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (edges[mid]! < v) a = mid + 1;
    else b = mid;
  }
  return a;
}

function numericReference(key: string, values: ArrayLike<number>, o: ReferenceOptions): NumericReference {
  const missing = isMissingWith(o.minusOneIsMissing);
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (missing(v)) continue;
    if (!Number.isFinite(v)) throw new DriftInputError(key, `特征 ${key} 含有无穷值 (feature ${key} holds an infinite value)`);
    present.push(v);
  }
  const sorted = Float64Array.from(present).sort();
  const n = sorted.length;
  const edges: number[] = [];
  if (n > 0) {
    const max = sorted[n - 1]!;
    for (let k = 1; k < o.bins; k++) {
      // Lower k/B quantile; a cut equal to the maximum would leave the last bin empty.
      const q = sorted[Math.max(0, Math.ceil((k * n) / o.bins) - 1)]!;
      if (q < max && (edges.length === 0 || q > edges[edges.length - 1]!)) edges.push(q);
    }
  }
  const counts = new Array<number>(edges.length + 2).fill(0);
  for (const v of present) counts[binOf(edges, v)]!++;
  counts[edges.length + 1] = values.length - n;
  return {
    key,
    kind: "numeric",
    edges,
    shares: counts.map((c) => c / values.length),
    min: n ? sorted[0]! : null,
    max: n ? sorted[n - 1]! : null,
    mean: n ? sorted.reduce((a, b) => a + b, 0) / n : null,
    baseline: null,
  };
}

function categoricalCounts(values: ArrayLike<number>, categories: number, missing: (v: number) => boolean): { counts: number[]; other: Map<number, number> } {
  const counts = new Array<number>(categories + 2).fill(0);
  const other = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (missing(v)) counts[categories + 1]!++;
    else if (Number.isInteger(v) && v >= 0 && v < categories) counts[v]!++;
    else {
      counts[categories]!++;
      other.set(v, (other.get(v) ?? 0) + 1);
    }
  }
  return { counts, other };
}

/** Fewer chunks than this give no baseline: a spread of two values says little. */
export const MIN_BASELINE_CHUNKS = 3;

/** Bin of a value under a reference: value bins, then (categorical) "other", then missing. */
function binIndexer(ref: FeatureReference, missing: (v: number) => boolean): (v: number) => number {
  const missingBin = ref.shares.length - 1;
  if (ref.kind === "numeric") return (v) => (missing(v) ? missingBin : binOf(ref.edges, v));
  return (v) => (missing(v) ? missingBin : Number.isInteger(v) && v >= 0 && v < ref.categories ? v : ref.categories);
}

/** Chunk ids → dense 0..k−1 (in first-seen order), or null when there are too few chunks. */
function chunkIndex(chunks: ArrayLike<number> | undefined, rows: number): { of: Int32Array; count: number } | null {
  if (!chunks) return null;
  if (chunks.length !== rows) throw new DriftInputError("chunks", `chunks 的长度 ${chunks.length} 必须等于参考行数 ${rows} (chunks length must equal the reference rows)`);
  const ids = new Map<number, number>();
  const of = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let k = ids.get(chunks[r]!);
    if (k === undefined) ids.set(chunks[r]!, (k = ids.size));
    of[r] = k;
  }
  return ids.size >= MIN_BASELINE_CHUNKS ? { of, count: ids.size } : null;
}

/** Each chunk against the rest of the reference, in the reference's own bins. */
function baselineOf(ref: FeatureReference, values: ArrayLike<number>, chunks: { of: Int32Array; count: number }, missing: (v: number) => boolean, epsilon: number): ChunkBaseline {
  const bins = ref.shares.length;
  const bin = binIndexer(ref, missing);
  const counts = Array.from({ length: chunks.count }, () => new Array<number>(bins).fill(0));
  const total = new Array<number>(bins).fill(0);
  for (let r = 0; r < values.length; r++) {
    const b = bin(values[r]!);
    counts[chunks.of[r]!]![b]!++;
    total[b]!++;
  }
  const psis = counts.map((c) => {
    const n = c.reduce((a, b) => a + b, 0);
    const rest = values.length - n;
    return psi(
      total.map((t, i) => (t - c[i]!) / rest),
      c.map((k) => k / n),
      epsilon,
    );
  });
  const mean = psis.reduce((a, b) => a + b, 0) / psis.length;
  const sd = Math.sqrt(psis.reduce((a, b) => a + (b - mean) ** 2, 0) / (psis.length - 1));
  return { chunks: psis.length, mean, sd, max: Math.max(...psis) };
}

/**
 * The compact reference of a model's training rows (and, optionally, of its probabilities on
 * them, for score drift). `chunks` (e.g. each row's as-of week) gives every feature a baseline:
 * how much it moves between chunks when nothing is wrong. `features` defaults to the catalog's 29.
 */
export function buildDriftReference(
  reference: DriftMatrix,
  options: { score?: ArrayLike<number>; chunks?: ArrayLike<number>; features?: readonly DriftFeatureSpec[]; options?: Partial<ReferenceOptions> } = {},
): DriftReference {
  const specs = options.features ?? CATALOG_DRIFT_FEATURES;
  const o = parseReferenceOptions(options.options ?? {});
  const rows = rowsOf(reference, specs, "reference");
  const chunks = chunkIndex(options.chunks, rows);
  const missing = isMissingWith(o.minusOneIsMissing);
  const features = specs.map((spec, j): FeatureReference => {
    const values = column(reference, rows, j);
    let ref: FeatureReference;
    if (spec.categories === null) ref = numericReference(spec.key, values, o);
    else {
      if (!Number.isInteger(spec.categories) || spec.categories < 1) throw new DriftInputError(`features[${j}].categories`, `features[${j}].categories 必须是正整数 (must be a positive integer), got ${spec.categories}`);
      const { counts } = categoricalCounts(values, spec.categories, missing);
      ref = { key: spec.key, kind: "categorical", categories: spec.categories, shares: counts.map((c) => c / rows), baseline: null };
    }
    if (chunks) ref.baseline = baselineOf(ref, values, chunks, missing, o.epsilon);
    return ref;
  });
  let score: NumericReference | null = null;
  if (options.score) {
    if (options.score.length !== rows) throw new DriftInputError("score", `score 的长度 ${options.score.length} 必须等于参考行数 ${rows} (score length must equal the reference rows)`);
    score = numericReference("score", options.score, { ...o, minusOneIsMissing: false });
    if (chunks) score.baseline = baselineOf(score, options.score, chunks, Number.isNaN, o.epsilon);
  }
  return { version: 1, rows, options: o, features, score };
}

/** Warning and drift limits of one feature: the fixed thresholds, raised to its chunk baseline. */
export function featureLimits(baseline: ChunkBaseline | null, t: DriftThresholds): { warning: number; drift: number } {
  if (!baseline || t.baselineSigmas === 0) return { warning: t.warning, drift: t.drift };
  // The largest swing seen between reference dates counts too: a market-wide feature (returns,
  // drawdown) that moved that much while the model was built is no news when it moves again.
  const drift = Math.max(t.drift, baseline.mean + t.baselineSigmas * baseline.sd, baseline.max * 1.1);
  const warning = Math.min(drift, Math.max(t.warning, baseline.mean + Math.max(0, t.baselineSigmas - 1) * baseline.sd));
  return { warning, drift };
}

/** Population stability index of two share vectors; empty bins count as epsilon. */
export function psi(expected: readonly number[], actual: readonly number[], epsilon: number = DEFAULT_REFERENCE_OPTIONS.epsilon): number {
  if (expected.length !== actual.length) throw new DriftInputError("actual", `psi: 分箱数不同 (bin counts differ): ${expected.length} vs ${actual.length}`);
  let s = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i]!, epsilon);
    const a = Math.max(actual[i]!, epsilon);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

export function driftStatus(value: number, limits: { warning: number; drift: number }): DriftStatus {
  return value >= limits.drift ? "drift" : value >= limits.warning ? "warning" : "ok";
}

export interface NewCategory {
  code: number;
  rows: number;
  share: number;
  /** false: the catalog has no such code; true: a catalog code the reference never held. */
  inCatalog: boolean;
}

export interface FeatureQuality {
  /** Share of missing values now, and in the reference. */
  missingShare: number;
  referenceMissingShare: number;
  /** Share of rows whose non-missing value lies outside [reference min, reference max] (numeric). */
  outOfRangeShare: number;
  belowMin: number;
  aboveMax: number;
  /** Categorical: codes present now that the reference never held (catalog codes or not). */
  newCategories: NewCategory[];
}

export interface FeatureDrift {
  key: string;
  kind: "numeric" | "categorical";
  psi: number;
  status: DriftStatus;
  /** The PSI limits this feature was judged by (fixed thresholds raised to its baseline). */
  limits: { warning: number; drift: number };
  /** Shares per bin now, aligned with the reference's shares (last bin = missing). */
  shares: number[];
  quality: FeatureQuality;
}

export interface ScoreDrift {
  psi: number;
  status: DriftStatus;
  limits: { warning: number; drift: number };
  shares: number[];
  referenceMean: number;
  mean: number;
}

/** One scoring run's drift; JSON-serialisable (a jsonb column). */
export interface DriftReport {
  version: 1;
  rows: number;
  referenceRows: number;
  thresholds: DriftThresholds;
  features: FeatureDrift[];
  score: ScoreDrift | null;
  /** Keys with PSI ≥ their drift limit, by PSI descending. */
  driftedFeatures: string[];
  /** Keys with warning limit ≤ PSI < drift limit, by PSI descending. */
  warningFeatures: string[];
  driftedShare: number;
  maxPsi: number;
  /** Worst of the features' and the score's statuses. */
  status: DriftStatus;
}

function numericCurrent(ref: NumericReference, values: ArrayLike<number>, missing: (v: number) => boolean) {
  const counts = new Array<number>(ref.edges.length + 2).fill(0);
  let belowMin = 0;
  let aboveMax = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (missing(v)) {
      counts[ref.edges.length + 1]!++;
      continue;
    }
    if (!Number.isFinite(v)) throw new DriftInputError(ref.key, `特征 ${ref.key} 含有无穷值 (feature ${ref.key} holds an infinite value)`);
    counts[binOf(ref.edges, v)]!++;
    sum += v;
    if (ref.min !== null && v < ref.min) belowMin++;
    else if (ref.max !== null && v > ref.max) aboveMax++;
  }
  return { counts, belowMin, aboveMax, sum };
}

function checkReference(ref: DriftReference): void {
  if (ref?.version !== 1 || !Array.isArray(ref.features)) throw new DriftInputError("reference", "reference 不是第 1 版的漂移参考 (reference is not a version-1 drift reference)");
}

/**
 * Drift of a scoring run's rows (and probabilities, when the reference has a score) against a
 * stored reference. The feature order is the reference's.
 */
export function computeDrift(reference: DriftReference, current: DriftMatrix, options: DriftOptions = {}): DriftReport {
  return runToEnd(driftSteps(reference, current, options));
}

export interface DriftOptions {
  score?: ArrayLike<number>;
  thresholds?: Partial<DriftThresholds>;
}

/** computeDrift as a pausable computation: it pauses after each feature's column (one pass over the rows each). */
export function* driftSteps(reference: DriftReference, current: DriftMatrix, options: DriftOptions = {}): Pausable<DriftReport> {
  checkReference(reference);
  const thresholds = parseDriftThresholds(options.thresholds ?? {});
  const specs = reference.features.map((f) => ({ key: f.key, categories: f.kind === "categorical" ? f.categories : null }));
  const rows = rowsOf(current, specs, "current");
  const o = reference.options;
  const missing = isMissingWith(o.minusOneIsMissing);
  const featureDrift = (ref: DriftReference["features"][number], j: number): FeatureDrift => {
    const values = column(current, rows, j);
    const referenceMissingShare = ref.shares[ref.shares.length - 1]!;
    const limits = featureLimits(ref.baseline, thresholds);
    if (ref.kind === "numeric") {
      const c = numericCurrent(ref, values, missing);
      const shares = c.counts.map((k) => k / rows);
      const value = psi(ref.shares, shares, o.epsilon);
      return {
        key: ref.key,
        kind: "numeric",
        psi: value,
        status: driftStatus(value, limits),
        limits,
        shares,
        quality: {
          missingShare: shares[shares.length - 1]!,
          referenceMissingShare,
          outOfRangeShare: (c.belowMin + c.aboveMax) / rows,
          belowMin: c.belowMin,
          aboveMax: c.aboveMax,
          newCategories: [],
        },
      };
    }
    const { counts, other } = categoricalCounts(values, ref.categories, missing);
    const shares = counts.map((k) => k / rows);
    const value = psi(ref.shares, shares, o.epsilon);
    const newCategories: NewCategory[] = [];
    for (let code = 0; code < ref.categories; code++) {
      if (counts[code]! > 0 && ref.shares[code] === 0) newCategories.push({ code, rows: counts[code]!, share: shares[code]!, inCatalog: true });
    }
    for (const [code, k] of [...other].sort((a, b) => a[0] - b[0])) newCategories.push({ code, rows: k, share: k / rows, inCatalog: false });
    return {
      key: ref.key,
      kind: "categorical",
      psi: value,
      status: driftStatus(value, limits),
      limits,
      shares,
      quality: { missingShare: shares[shares.length - 1]!, referenceMissingShare, outOfRangeShare: 0, belowMin: 0, aboveMax: 0, newCategories },
    };
  };
  const features: FeatureDrift[] = [];
  for (let j = 0; j < reference.features.length; j++) {
    features.push(featureDrift(reference.features[j]!, j));
    yield;
  }

  let score: ScoreDrift | null = null;
  if (reference.score && options.score) {
    if (options.score.length !== rows) throw new DriftInputError("score", `score 的长度 ${options.score.length} 必须等于行数 ${rows} (score length must equal the rows)`);
    const ref = reference.score;
    const c = numericCurrent(ref, options.score, Number.isNaN);
    const shares = c.counts.map((k) => k / rows);
    const value = psi(ref.shares, shares, o.epsilon);
    const limits = featureLimits(ref.baseline, thresholds);
    score = { psi: value, status: driftStatus(value, limits), limits, shares, referenceMean: ref.mean ?? 0, mean: c.sum / Math.max(1, rows - c.counts[c.counts.length - 1]!) };
  }

  const byPsi = [...features].sort((a, b) => b.psi - a.psi);
  const driftedFeatures = byPsi.filter((f) => f.status === "drift").map((f) => f.key);
  const warningFeatures = byPsi.filter((f) => f.status === "warning").map((f) => f.key);
  const maxPsi = byPsi[0]?.psi ?? 0;
  const statuses = [...features.map((f) => f.status), ...(score ? [score.status] : [])];
  const status: DriftStatus = statuses.includes("drift") ? "drift" : statuses.includes("warning") ? "warning" : "ok";
  return {
    version: 1,
    rows,
    referenceRows: reference.rows,
    thresholds,
    features,
    score,
    driftedFeatures,
    warningFeatures,
    driftedShare: features.length ? driftedFeatures.length / features.length : 0,
    maxPsi,
    status,
  };
}

/** Drift straight from two matrices (tests, one-off checks): builds the reference first. */
export function driftBetween(
  reference: DriftMatrix,
  current: DriftMatrix,
  options: { chunks?: ArrayLike<number>; features?: readonly DriftFeatureSpec[]; reference?: Partial<ReferenceOptions>; thresholds?: Partial<DriftThresholds> } = {},
): DriftReport {
  const ref = buildDriftReference(reference, { chunks: options.chunks, features: options.features, options: options.reference });
  return computeDrift(ref, current, { thresholds: options.thresholds });
}
