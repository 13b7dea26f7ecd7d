import { runToEnd, type Pausable } from "../runtime/time-slice";
import { auc } from "../stats/auc";

/**
 * Held-out metrics of a binary classifier, in the shape of the GraphQL `Metrics` type
 * (stored as JSON in model_runs.metrics).
 *
 * Honesty rules: every number is computed on the TEST split, which neither training nor
 * early stopping nor the threshold choice has seen. The decision threshold is chosen on the
 * VALIDATION split: the cut that maximises F1 over all distinct validation scores (exact sweep),
 * placed midway between the two neighbouring scores so it does not sit on a sample.
 * A row is flagged (predicted churn) when probability ≥ threshold.
 */
export { auc };

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface CurvePoint {
  x: number;
  y: number;
  threshold: number | null;
}

export interface CalibrationBin {
  predicted: number;
  observed: number;
  count: number;
}

export interface ThresholdPoint {
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  flagged: number;
}

export interface Metrics {
  auc: number;
  prAuc: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  logLoss: number;
  brier: number;
  threshold: number;
  confusion: ConfusionMatrix;
  roc: CurvePoint[];
  pr: CurvePoint[];
  calibration: CalibrationBin[];
  thresholdSweep: ThresholdPoint[];
  oracleAuc: number | null;
  oracleRatio: number | null;
  testSize: number;
  trainSize: number;
  validationSize: number;
}

export const MAX_CURVE_POINTS = 200;
export const CALIBRATION_BINS = 10;
/** 0.05, 0.10 … 0.95 */
export const SWEEP_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, i) => Math.round((i + 1) * 5) / 100);

const LOGLOSS_EPS = 1e-15;

function checkLengths(labels: ArrayLike<number>, scores: ArrayLike<number>, what: string): void {
  if (labels.length !== scores.length) {
    throw new Error(`${what}: 标签与分数长度不一致 (labels ${labels.length} ≠ scores ${scores.length})`);
  }
}

/** Exact ROC AUC (ties count ½); throws when only one class is present, where AUC is undefined. */
export function aucStrict(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLengths(labels, scores, "AUC");
  const a = auc(labels, scores);
  if (Number.isNaN(a)) {
    throw new Error("AUC 无法计算：样本只有一个类别 (AUC is undefined when labels contain a single class)");
  }
  return a;
}

export function confusionAt(labels: ArrayLike<number>, probs: ArrayLike<number>, threshold: number): ConfusionMatrix {
  checkLengths(labels, probs, "confusion");
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flagged = probs[i]! >= threshold;
    if (labels[i]! > 0) flagged ? c.tp++ : c.fn++;
    else flagged ? c.fp++ : c.tn++;
  }
  return c;
}

/** Precision, recall and F1 with 0 (never NaN) where a denominator is empty. */
export function prf(c: ConfusionMatrix): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

export function logLoss(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  checkLengths(labels, probs, "logLoss");
  if (labels.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - LOGLOSS_EPS, Math.max(LOGLOSS_EPS, probs[i]!));
    s -= labels[i]! > 0 ? Math.log(p) : Math.log(1 - p);
  }
  return s / labels.length;
}

export function brier(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  checkLengths(labels, probs, "brier");
  if (labels.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < labels.length; i++) {
    const d = probs[i]! - (labels[i]! > 0 ? 1 : 0);
    s += d * d;
  }
  return s / labels.length;
}

interface RankedGroups {
  /** Distinct scores, descending. */
  scores: number[];
  /** Cumulative true / false positives when flagging every score ≥ scores[k]. */
  tp: number[];
  fp: number[];
  nPos: number;
  nNeg: number;
}

/** Sorts once and groups ties: all rows with an equal score are flagged together. */
function rankGroups(labels: ArrayLike<number>, scores: ArrayLike<number>): RankedGroups {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const out: RankedGroups = { scores: [], tp: [], fp: [], nPos: 0, nNeg: 0 };
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (labels[i]! > 0) tp++;
    else fp++;
    const next = k + 1 < n ? scores[order[k + 1]!]! : Number.NaN;
    if (next !== scores[i]) {
      out.scores.push(scores[i]!);
      out.tp.push(tp);
      out.fp.push(fp);
    }
  }
  out.nPos = tp;
  out.nNeg = fp;
  return out;
}

/** Average precision (sklearn's definition): Σ (Rₖ − Rₖ₋₁) · Pₖ over distinct thresholds; 0 without positives. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkLengths(labels, scores, "PR-AUC");
  const g = rankGroups(labels, scores);
  if (g.nPos === 0) return 0;
  let ap = 0;
  let prevRecall = 0;
  for (let k = 0; k < g.scores.length; k++) {
    const recall = g.tp[k]! / g.nPos;
    const precision = g.tp[k]! / (g.tp[k]! + g.fp[k]!);
    ap += (recall - prevRecall) * precision;
    prevRecall = recall;
  }
  return ap;
}

/** Keeps the first and last point and evenly spaced ones between, at most `max` in all. */
export function downsample<T>(points: T[], max = MAX_CURVE_POINTS): T[] {
  if (points.length <= max) return points;
  const out: T[] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}

/** ROC points (x = FPR, y = TPR) from (0,0) to (1,1); threshold = lowest flagged score. */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): CurvePoint[] {
  checkLengths(labels, scores, "ROC");
  const g = rankGroups(labels, scores);
  const pts: CurvePoint[] = [{ x: 0, y: 0, threshold: null }];
  for (let k = 0; k < g.scores.length; k++) {
    pts.push({ x: g.nNeg ? g.fp[k]! / g.nNeg : 0, y: g.nPos ? g.tp[k]! / g.nPos : 0, threshold: g.scores[k]! });
  }
  return downsample(pts);
}

/** Precision–recall points (x = recall, y = precision), one per distinct threshold. */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): CurvePoint[] {
  checkLengths(labels, scores, "PR");
  const g = rankGroups(labels, scores);
  const pts: CurvePoint[] = [];
  for (let k = 0; k < g.scores.length; k++) {
    pts.push({ x: g.nPos ? g.tp[k]! / g.nPos : 0, y: g.tp[k]! / (g.tp[k]! + g.fp[k]!), threshold: g.scores[k]! });
  }
  return downsample(pts);
}

/** 10 equal-width probability bins; empty bins are left out. */
export function calibrationTable(labels: ArrayLike<number>, probs: ArrayLike<number>, bins = CALIBRATION_BINS): CalibrationBin[] {
  checkLengths(labels, probs, "calibration");
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Int32Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(probs[i]! * bins)));
    sumP[b] += probs[i]!;
    sumY[b] += labels[i]! > 0 ? 1 : 0;
    count[b]++;
  }
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b]) out.push({ predicted: sumP[b]! / count[b]!, observed: sumY[b]! / count[b]!, count: count[b]! });
  }
  return out;
}

/** Thresholds 0.01 … 0.99 and `chosen`, ascending. */
export function fineSweep(chosen: number): number[] {
  const grid = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  if (Number.isFinite(chosen) && chosen > 0 && chosen < 1 && !grid.some((t) => Math.abs(t - chosen) < 1e-9)) grid.push(chosen);
  return grid.sort((a, b) => a - b);
}

export function thresholdSweep(labels: ArrayLike<number>, probs: ArrayLike<number>, thresholds = SWEEP_THRESHOLDS): ThresholdPoint[] {
  return thresholds.map((t) => {
    const c = confusionAt(labels, probs, t);
    return { threshold: t, ...prf(c), flagged: c.tp + c.fp };
  });
}

/**
 * The threshold that maximises F1 on the given (validation) rows: every distinct score is a
 * candidate cut; the result lies midway between the chosen score and the next lower one.
 * Falls back to 0.5 when there are no positives (F1 is 0 everywhere).
 */
export function chooseThreshold(labels: ArrayLike<number>, probs: ArrayLike<number>): number {
  checkLengths(labels, probs, "threshold");
  const g = rankGroups(labels, probs);
  if (g.nPos === 0) return 0.5;
  let best = -1;
  let bestK = 0;
  for (let k = 0; k < g.scores.length; k++) {
    const { f1 } = prf({ tp: g.tp[k]!, fp: g.fp[k]!, fn: g.nPos - g.tp[k]!, tn: g.nNeg - g.fp[k]! });
    if (f1 > best) {
      best = f1;
      bestK = k;
    }
  }
  const s = g.scores[bestK]!;
  const lower = bestK + 1 < g.scores.length ? g.scores[bestK + 1]! : 0;
  return (s + lower) / 2;
}

export interface MetricsInput {
  test: { labels: ArrayLike<number>; probs: ArrayLike<number> };
  validation: { labels: ArrayLike<number>; probs: ArrayLike<number> };
  trainSize: number;
  oracleAuc?: number | null;
}

export function computeMetrics(input: MetricsInput): Metrics {
  return runToEnd(metricsSteps(input));
}

/** computeMetrics as a pausable computation: each curve sorts the test rows, so the server's thread pauses between them. */
export function* metricsSteps(input: MetricsInput): Pausable<Metrics> {
  const { labels, probs } = input.test;
  const threshold = chooseThreshold(input.validation.labels, input.validation.probs);
  yield;
  const a = aucStrict(labels, probs);
  const confusion = confusionAt(labels, probs, threshold);
  const n = labels.length;
  const oracleAuc = input.oracleAuc ?? null;
  yield;
  const prAuc = averagePrecision(labels, probs);
  yield;
  const roc = rocCurve(labels, probs);
  yield;
  const pr = prCurve(labels, probs);
  yield;
  // 0.01 steps plus the chosen threshold itself, so the model page's slider can stand exactly where the cards are.
  const sweep: ThresholdPoint[] = [];
  for (const t of fineSweep(threshold)) {
    const c = confusionAt(labels, probs, t);
    sweep.push({ threshold: t, ...prf(c), flagged: c.tp + c.fp });
    yield;
  }
  return {
    auc: a,
    prAuc,
    accuracy: n ? (confusion.tp + confusion.tn) / n : 0,
    ...prf(confusion),
    logLoss: logLoss(labels, probs),
    brier: brier(labels, probs),
    threshold,
    confusion,
    roc,
    pr,
    calibration: calibrationTable(labels, probs),
    thresholdSweep: sweep,
    oracleAuc,
    oracleRatio: oracleAuc ? a / oracleAuc : null,
    testSize: n,
    trainSize: input.trainSize,
    validationSize: input.validation.labels.length,
  };
}
