/**
 * Performance before the labels arrive: confidence-based performance estimation (NannyML's CBPE).
 *
 * Assumption — calibration: each scored customer churns with exactly its predicted probability
 * p_i, independently of the others given the features. Then every metric has an expected value
 * computable from the probabilities alone:
 * - expected AUC = E[#(churner ranked above non-churner)] / E[#churners × #non-churners] over
 *   pairs i ≠ j, i.e. Σ p_i (1 − p_j) [p_i > p_j] (+½ for ties) / (Σp Σ(1−p) − Σ p(1−p)):
 *   the area under the expected ROC curve;
 * - expected precision at a cut (threshold or top K) = mean p of the selected rows;
 *   expected recall = Σ p over the selected rows / Σ p over all rows.
 * The sampling-error band comes from the same assumption: outcomes are drawn R times as
 * Bernoulli(p_i) (seeded), each metric is computed on every draw, and the band is
 * estimate ± z·sd (z = 3 as NannyML; the 2.5/97.5% quantiles are reported too).
 * What breaks it: miscalibration (over-confident probabilities overstate AUC) and concept drift
 * (the mapping features → churn changed, so p_i no longer is the churn probability). Covariate
 * shift alone does not, as long as the model stays calibrated on the new region — which is why
 * realised quality (outcomes.ts) must replace the estimate once t + H has passed.
 */
import { runToEnd, type Pausable } from "../runtime/time-slice";
import { Random } from "../data/random";
import { argsortSteps } from "../stats/argsort";

export interface EstimatedMetric {
  estimate: number;
  /** Standard deviation of the metric over simulated outcomes. */
  standardError: number;
  lower: number;
  upper: number;
  /** 2.5% and 97.5% quantiles of the simulated metric. */
  q025: number;
  q975: number;
}

export interface CbpeOptions {
  /** Precision/recall cut by probability (default 0.5, RISK_THRESHOLDS.high in scoring). */
  threshold: number;
  /** Precision/recall among the K highest probabilities (default: 10% of rows, at least 1). */
  k?: number;
  /** Simulated outcome draws (default 200). */
  replicates: number;
  /** Band half-width in standard errors (default 3). */
  z: number;
  seed: number;
}

export const DEFAULT_CBPE_OPTIONS: Readonly<CbpeOptions> = { threshold: 0.5, replicates: 200, z: 3, seed: 1 };

/** JSON-serialisable: every number finite or null (a metric undefined for these rows). */
export interface EstimatedQuality {
  method: "cbpe";
  customers: number;
  expectedChurners: number;
  auc: EstimatedMetric | null;
  threshold: number;
  /** Rows with p ≥ threshold. */
  predictedPositive: number;
  precisionAtThreshold: EstimatedMetric | null;
  recallAtThreshold: EstimatedMetric | null;
  k: number;
  precisionAtK: EstimatedMetric | null;
  recallAtK: EstimatedMetric | null;
  replicates: number;
  z: number;
}

export class CbpeInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CbpeInputError";
  }
}

function checkOptions(o: CbpeOptions, n: number): void {
  if (!(o.threshold > 0 && o.threshold <= 1)) throw new CbpeInputError("threshold", `threshold 必须在 (0, 1] 之间 (threshold must be in (0, 1]), got ${o.threshold}`);
  if (o.k !== undefined && !(Number.isInteger(o.k) && o.k >= 1)) throw new CbpeInputError("k", `k 必须是正整数 (k must be a positive integer), got ${o.k}`);
  if (!(Number.isInteger(o.replicates) && o.replicates >= 20 && o.replicates <= 10_000)) throw new CbpeInputError("replicates", `replicates 必须是 20 到 10000 之间的整数 (replicates must be an integer in 20..10000), got ${o.replicates}`);
  if (!(o.z > 0 && o.z <= 10)) throw new CbpeInputError("z", `z 必须在 (0, 10] 之间 (z must be in (0, 10]), got ${o.z}`);
  if (!Number.isInteger(o.seed)) throw new CbpeInputError("seed", `seed 必须是整数 (seed must be an integer), got ${o.seed}`);
  if (n === 0) throw new CbpeInputError("probabilities", "probabilities 为空 (no probabilities)");
}

interface SortedRuns {
  order: Int32Array;
  runStart: Int32Array;
  runEnd: Int32Array;
}

/** Rows sorted by probability ascending, with the start of each run of equal probabilities (pausable: a million rows). */
function* sortedRunsSteps(p: Float64Array): Pausable<SortedRuns> {
  const order = yield* argsortSteps(p);
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j < order.length && p[order[j]!] === p[order[i]!]) j++;
    starts.push(i);
    ends.push(j);
    i = j;
  }
  return { order, runStart: Int32Array.from(starts), runEnd: Int32Array.from(ends) };
}

/** Expected AUC of calibrated probabilities (pairs i ≠ j); null when every p is 0 or every p is 1. */
export function expectedAuc(probabilities: ArrayLike<number>): number | null {
  const p = toProbabilities(probabilities);
  return expectedAucSorted(p, runToEnd(sortedRunsSteps(p)));
}

function expectedAucSorted(p: Float64Array, { order, runStart, runEnd }: SortedRuns): number | null {
  let negBelow = 0;
  let num = 0;
  let sumP = 0;
  let sumQ = 0;
  let self = 0;
  for (let g = 0; g < runStart.length; g++) {
    let groupNeg = 0;
    for (let r = runStart[g]!; r < runEnd[g]!; r++) groupNeg += 1 - p[order[r]!]!;
    for (let r = runStart[g]!; r < runEnd[g]!; r++) {
      const pi = p[order[r]!]!;
      // Ties with the other rows of the group count ½; a row is never paired with itself.
      num += pi * (negBelow + (groupNeg - (1 - pi)) / 2);
      sumP += pi;
      sumQ += 1 - pi;
      self += pi * (1 - pi);
    }
    negBelow += groupNeg;
  }
  const den = sumP * sumQ - self;
  return den > 0 ? num / den : null;
}

function toProbabilities(probabilities: ArrayLike<number>): Float64Array {
  const p = Float64Array.from(probabilities as ArrayLike<number>);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i]! >= 0 && p[i]! <= 1)) throw new CbpeInputError(`probabilities[${i}]`, `probabilities[${i}] 必须在 [0, 1] 之间 (must be in [0, 1]), got ${p[i]}`);
  }
  return p;
}

function metricOf(estimate: number | null, draws: number[], z: number): EstimatedMetric | null {
  if (estimate === null || !Number.isFinite(estimate)) return null;
  const d = draws.filter(Number.isFinite).sort((a, b) => a - b);
  if (d.length < 2) return { estimate, standardError: 0, lower: estimate, upper: estimate, q025: estimate, q975: estimate };
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  const q = (f: number) => d[Math.min(d.length - 1, Math.max(0, Math.round(f * (d.length - 1))))]!;
  return { estimate, standardError: sd, lower: Math.max(0, estimate - z * sd), upper: Math.min(1, estimate + z * sd), q025: q(0.025), q975: q(0.975) };
}

/**
 * CBPE for one scoring run: expected AUC, precision and recall at the threshold and at top K,
 * each with its sampling-error band. O(R·n) after one sort (200 draws of 1M rows ≈ a second).
 */
export function estimatePerformance(probabilities: ArrayLike<number>, options: Partial<CbpeOptions> = {}): EstimatedQuality {
  return runToEnd(estimatePerformanceSteps(probabilities, options));
}

/** estimatePerformance as a pausable computation: it pauses after each bootstrap replicate (one pass over the rows). */
export function* estimatePerformanceSteps(probabilities: ArrayLike<number>, options: Partial<CbpeOptions> = {}): Pausable<EstimatedQuality> {
  const o: CbpeOptions = { ...DEFAULT_CBPE_OPTIONS, ...options };
  const n = probabilities.length;
  checkOptions(o, n);
  const p = toProbabilities(probabilities);
  const k = Math.min(n, o.k ?? Math.max(1, Math.round(n / 10)));
  const runs = yield* sortedRunsSteps(p);
  const { order, runStart, runEnd } = runs;
  // Top K = the K last rows of the ascending order; at threshold = every row with p ≥ threshold.
  const inTopK = new Uint8Array(n);
  for (let r = n - k; r < n; r++) inTopK[order[r]!] = 1;
  let sumP = 0;
  let pThr = 0;
  let nThr = 0;
  let pTop = 0;
  for (let i = 0; i < n; i++) {
    sumP += p[i]!;
    if (p[i]! >= o.threshold) {
      pThr += p[i]!;
      nThr++;
    }
    if (inTopK[i]) pTop += p[i]!;
  }

  const rng = new Random(o.seed);
  const y = new Uint8Array(n);
  const draws = { auc: [] as number[], precThr: [] as number[], recThr: [] as number[], precTop: [] as number[], recTop: [] as number[] };
  for (let rep = 0; rep < o.replicates; rep++) {
    let pos = 0;
    let tpThr = 0;
    let tpTop = 0;
    for (let i = 0; i < n; i++) {
      const v = rng.next() < p[i]! ? 1 : 0;
      y[i] = v;
      pos += v;
      if (v && p[i]! >= o.threshold) tpThr++;
      if (v && inTopK[i]) tpTop++;
    }
    draws.auc.push(aucSorted(y, order, runStart, runEnd, pos));
    if (nThr > 0) draws.precThr.push(tpThr / nThr);
    if (pos > 0) draws.recThr.push(tpThr / pos);
    draws.precTop.push(tpTop / k);
    if (pos > 0) draws.recTop.push(tpTop / pos);
    yield;
  }
  return {
    method: "cbpe",
    customers: n,
    expectedChurners: sumP,
    auc: metricOf(expectedAucSorted(p, runs), draws.auc, o.z),
    threshold: o.threshold,
    predictedPositive: nThr,
    precisionAtThreshold: metricOf(nThr > 0 ? pThr / nThr : null, draws.precThr, o.z),
    recallAtThreshold: metricOf(sumP > 0 ? pThr / sumP : null, draws.recThr, o.z),
    k,
    precisionAtK: metricOf(pTop / k, draws.precTop, o.z),
    recallAtK: metricOf(sumP > 0 ? pTop / sumP : null, draws.recTop, o.z),
    replicates: o.replicates,
    z: o.z,
  };
}

/** AUC of labels y over scores already sorted ascending (runs of ties), in one pass. */
function aucSorted(y: Uint8Array, order: Int32Array, runStart: Int32Array, runEnd: Int32Array, pos: number): number {
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  let negBelow = 0;
  let u = 0;
  for (let g = 0; g < runStart.length; g++) {
    let gp = 0;
    let gn = 0;
    for (let r = runStart[g]!; r < runEnd[g]!; r++) {
      if (y[order[r]!]) gp++;
      else gn++;
    }
    u += gp * (negBelow + gn / 2);
    negBelow += gn;
  }
  return u / (pos * neg);
}
