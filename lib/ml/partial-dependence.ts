/**
 * Partial dependence and ICE (individual conditional expectation) curves of one feature: every
 * sampled row is predicted again with the feature set to each value of a grid, all else as it
 * is. A row's ICE line is its churn probability along the grid; the PD curve is their mean.
 * Predictions use the TypeScript predictor (lib/ml/predict.ts). 200 rows × 20 grid points are
 * 4,000 predictions: a few milliseconds, so the work runs on the calling thread, one grid point
 * at a time, yielding between them when asked (`yieldEvery`).
 */
import type { TreeEnsemble } from "./ensemble";
import { predictMargin, sigmoid } from "./predict";

export interface PartialDependenceResult {
  /** Feature values swept, ascending and distinct. */
  grid: number[];
  /** Mean churn probability over all rows at each grid value. */
  pd: number[];
  /** Churn probability of each ICE row at each grid value (ice[k][g]). */
  ice: number[][];
  /** Which rows (indices into the input matrix) the ICE lines belong to. */
  iceRows: number[];
}

export interface PartialDependenceOptions {
  /** ICE lines to return (the first rows of the matrix); the PD curve always uses every row. */
  iceLines?: number;
  /** Called between grid points so a caller can yield the event loop. */
  between?: () => Promise<void>;
}

export const MAX_GRID_POINTS = 50;

/**
 * The values to sweep: quantiles of the feature's finite values at `points` evenly spaced levels
 * (0..1), duplicates removed — so a categorical or small-integer feature gets its distinct values.
 */
export function quantileGrid(values: ArrayLike<number>, points: number): number[] {
  if (!Number.isInteger(points) || points < 2 || points > MAX_GRID_POINTS) {
    throw new RangeError(`points must be an integer in 2..${MAX_GRID_POINTS}, got ${points}`);
  }
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite.push(v);
  }
  if (finite.length === 0) return [];
  finite.sort((a, b) => a - b);
  const out: number[] = [];
  for (let k = 0; k < points; k++) {
    // Nearest-rank quantile: the grid holds values the feature really takes.
    const v = finite[Math.round((k / (points - 1)) * (finite.length - 1))]!;
    if (out.length === 0 || v !== out[out.length - 1]) out.push(v);
  }
  return out;
}

/** One column of a row-major matrix. */
export function column(X: ArrayLike<number>, nRows: number, nCols: number, feature: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) out[r] = X[r * nCols + feature]!;
  return out;
}

/** PD curve and ICE lines of `feature` over `grid` for the rows of X (row-major nRows × nCols). */
export async function partialDependence(
  e: TreeEnsemble,
  X: Float64Array,
  nRows: number,
  nCols: number,
  feature: number,
  grid: readonly number[],
  opts: PartialDependenceOptions = {},
): Promise<PartialDependenceResult> {
  if (!Number.isInteger(nRows) || nRows < 1) throw new RangeError(`nRows must be a positive integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < e.numFeature) throw new RangeError(`nCols must be an integer ≥ the model's ${e.numFeature} features, got ${nCols}`);
  if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
  if (!Number.isInteger(feature) || feature < 0 || feature >= nCols) throw new RangeError(`feature must be a column index in 0..${nCols - 1}, got ${feature}`);
  const nIce = Math.min(nRows, Math.max(0, opts.iceLines ?? 50));
  const work = X.slice(0, nRows * nCols);
  const margins = new Float64Array(nRows);
  const pd: number[] = [];
  const ice: number[][] = Array.from({ length: nIce }, () => []);
  for (let g = 0; g < grid.length; g++) {
    if (g > 0 && opts.between) await opts.between();
    const v = grid[g]!;
    for (let r = 0; r < nRows; r++) work[r * nCols + feature] = v;
    predictMargin(e, work, nRows, nCols, margins);
    let sum = 0;
    for (let r = 0; r < nRows; r++) {
      const p = sigmoid(margins[r]!);
      sum += p;
      if (r < nIce) ice[r]!.push(p);
    }
    pd.push(sum / nRows);
  }
  return { grid: [...grid], pd, ice, iceRows: Array.from({ length: nIce }, (_, i) => i) };
}
