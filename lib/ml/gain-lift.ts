/**
 * Cumulative gain and lift of a ranking, from a binned "gain table": the rows sorted by score
 * (highest first) and cut at up to `maxBins` places, each cut recording how many rows are flagged
 * (score ≥ threshold) and how many of them are positives. A cut never splits a group of equal
 * scores (they are flagged together, as a threshold would), so every number is exact at the cuts.
 * The table is what the model page receives instead of the test rows (100k rows → ≤ maxBins cuts),
 * and what the expected-value choice (cost-threshold.ts) is computed from.
 */

export interface GainCut {
  /** Lowest flagged score: flag every row with score ≥ threshold. */
  threshold: number;
  /** Rows flagged at this cut (cumulative, ascending along the table). */
  flagged: number;
  /** Positives among them. */
  truePositives: number;
}

export interface GainTable {
  total: number;
  positives: number;
  /** Ascending in `flagged`; the last cut flags every row. Empty when there are no rows. */
  cuts: GainCut[];
}

export interface GainPoint {
  /** Share of rows flagged (x of the gain and lift charts). */
  share: number;
  flagged: number;
  truePositives: number;
  threshold: number | null;
  /** Share of all positives found (cumulative gain, = recall). */
  gain: number;
  /** Precision of the flagged rows over the base rate; null with nothing flagged or no positives. */
  lift: number | null;
  precision: number | null;
}

export const DEFAULT_GAIN_BINS = 100;
export const MAX_GAIN_BINS = 1000;

function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length) throw new Error(`gain table: 标签与分数长度不一致 (labels ${labels.length} ≠ scores ${scores.length})`);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i]!)) throw new Error(`gain table: 第 ${i} 个分数不是有限数 (score ${i} is not finite: ${scores[i]})`);
  }
}

/**
 * Row indices by score, highest first, ties by row order: the one sort every ranked figure of a
 * test set shares (lib/ml/ranked-metrics.ts), ~100 ms for 100k rows.
 */
export function rankOrder(scores: ArrayLike<number>): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => scores[b]! - scores[a]! || a - b);
}

/**
 * The gain table of `scores` against 0/1 `labels`. Cuts are placed where the flagged count first
 * reaches each of maxBins equal shares of the rows; with maxBins ≥ the number of distinct scores
 * every distinct score is a cut. `order` (from rankOrder) may be passed when already computed.
 */
export function gainTable(labels: ArrayLike<number>, scores: ArrayLike<number>, maxBins = DEFAULT_GAIN_BINS, order?: Int32Array): GainTable {
  checkInputs(labels, scores);
  if (!Number.isInteger(maxBins) || maxBins < 1 || maxBins > MAX_GAIN_BINS) {
    throw new Error(`gain table: bins 必须是 1 到 ${MAX_GAIN_BINS} 之间的整数 (bins must be an integer in 1..${MAX_GAIN_BINS}), 收到 ${maxBins}`);
  }
  const n = labels.length;
  const o = order ?? rankOrder(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]! > 0 ? 1 : 0;
  const cuts: GainCut[] = [];
  let tp = 0;
  let nextTarget = 1;
  for (let r = 0; r < n; r++) {
    const i = o[r]!;
    if (labels[i]! > 0) tp++;
    const endOfTies = r + 1 === n || scores[o[r + 1]!] !== scores[i];
    if (!endOfTies) continue;
    const flagged = r + 1;
    // The first cut at or beyond the next share target, so at most maxBins cuts.
    if (flagged * maxBins >= nextTarget * n || flagged === n) {
      cuts.push({ threshold: scores[i]!, flagged, truePositives: tp });
      while (nextTarget * n <= flagged * maxBins) nextTarget++;
    }
  }
  return { total: n, positives, cuts };
}

/** The gain/lift points of a table, starting at "nobody flagged" (0, 0). */
export function gainCurve(t: GainTable): GainPoint[] {
  const base = t.total > 0 ? t.positives / t.total : 0;
  const out: GainPoint[] = [{ share: 0, flagged: 0, truePositives: 0, threshold: null, gain: 0, lift: null, precision: null }];
  for (const c of t.cuts) {
    const precision = c.flagged > 0 ? c.truePositives / c.flagged : null;
    out.push({
      share: t.total > 0 ? c.flagged / t.total : 0,
      flagged: c.flagged,
      truePositives: c.truePositives,
      threshold: c.threshold,
      gain: t.positives > 0 ? c.truePositives / t.positives : 0,
      lift: precision !== null && base > 0 ? precision / base : null,
      precision,
    });
  }
  return out;
}

export interface AtK {
  k: number;
  precision: number;
  /** null without positives. */
  recall: number | null;
}

/**
 * Precision and recall among the k highest scores (ties broken by row order, as a ranked list
 * handed to advisors would be).
 */
export function precisionRecallAtK(labels: ArrayLike<number>, scores: ArrayLike<number>, k: number, order?: Int32Array): AtK {
  checkInputs(labels, scores);
  const n = labels.length;
  const take = Math.max(0, Math.min(n, Math.floor(k)));
  const o = order ?? rankOrder(scores);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += labels[i]! > 0 ? 1 : 0;
  let hit = 0;
  for (let r = 0; r < take; r++) hit += labels[o[r]!]! > 0 ? 1 : 0;
  return { k: take, precision: take > 0 ? hit / take : 0, recall: positives > 0 ? hit / positives : null };
}
