import { Random } from "../data/random";

/**
 * Summaries of a SHAP matrix for the dashboard: global importance, beeswarm and dependence
 * samples, and a customer's top drivers. All inputs are row-major nRows × nCols arrays.
 */

function checkMatrix(values: Float64Array, nRows: number, nCols: number, name = "values"): void {
  if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < 1) throw new RangeError(`nCols must be a positive integer, got ${nCols}`);
  if (values.length < nRows * nCols) throw new RangeError(`${name} must hold nRows × nCols = ${nRows * nCols} values, has ${values.length}`);
}

export function meanAbsShap(values: Float64Array, nRows: number, nCols: number): Float64Array {
  checkMatrix(values, nRows, nCols);
  const out = new Float64Array(nCols);
  for (let r = 0; r < nRows; r++) {
    const o = r * nCols;
    for (let c = 0; c < nCols; c++) out[c] += Math.abs(values[o + c]);
  }
  if (nRows > 0) for (let c = 0; c < nCols; c++) out[c] /= nRows;
  return out;
}

/** Up to sampleSize distinct row indices, ascending; same seed → same rows. */
function sampleRows(nRows: number, sampleSize: number, seed: number): Int32Array {
  if (!Number.isInteger(sampleSize) || sampleSize < 1) throw new RangeError(`sampleSize must be a positive integer, got ${sampleSize}`);
  if (sampleSize >= nRows) return Int32Array.from({ length: nRows }, (_, i) => i);
  const idx = Int32Array.from({ length: nRows }, (_, i) => i);
  const rng = new Random(seed);
  for (let i = 0; i < sampleSize; i++) {
    const j = i + Math.floor(rng.next() * (nRows - i));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.slice(0, sampleSize).sort();
}

function quantileSorted(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Beeswarm data. normalizedValue maps each feature value to [0, 1] for colour, clipped to the
 * feature's 5th–95th percentile over all rows (as shap's beeswarm does); NaN stays NaN (grey).
 */
export function beeswarmSample(
  values: Float64Array,
  X: Float64Array,
  nRows: number,
  nCols: number,
  sampleSize: number,
  seed = 1,
): { rows: Int32Array; shap: Float64Array[]; normalizedValue: Float64Array[] } {
  checkMatrix(values, nRows, nCols);
  checkMatrix(X, nRows, nCols, "X");
  const rows = sampleRows(nRows, sampleSize, seed);
  const shap: Float64Array[] = [];
  const normalizedValue: Float64Array[] = [];
  for (let c = 0; c < nCols; c++) {
    const finite: number[] = [];
    for (let r = 0; r < nRows; r++) {
      const v = X[r * nCols + c];
      if (v === v) finite.push(v);
    }
    finite.sort((a, b) => a - b);
    let lo = finite.length ? quantileSorted(finite, 0.05) : 0;
    let hi = finite.length ? quantileSorted(finite, 0.95) : 0;
    if (hi <= lo && finite.length) {
      lo = finite[0];
      hi = finite[finite.length - 1];
    }
    const s = new Float64Array(rows.length);
    const nv = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) {
      const o = rows[k] * nCols + c;
      s[k] = values[o];
      const v = X[o];
      if (v !== v) nv[k] = NaN;
      else if (hi <= lo) nv[k] = 0.5;
      else nv[k] = Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
    }
    shap.push(s);
    normalizedValue.push(nv);
  }
  return { rows, shap, normalizedValue };
}

/**
 * Feature values mapped to [0, 1] for a beeswarm's colour: clipped to [lo[c], hi[c]] per feature
 * (its 5th–95th percentile, or min–max when those coincide); NaN stays NaN (grey), and a feature
 * without spread (or without finite values) is 0.5.
 */
export function normalizeForColour(X: Float64Array, nRows: number, nCols: number, lo: Float64Array, hi: Float64Array): Float64Array {
  checkMatrix(X, nRows, nCols, "X");
  const out = new Float64Array(nRows * nCols);
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < nCols; c++) {
      const o = r * nCols + c;
      const v = X[o]!;
      const l = lo[c]!;
      const h = hi[c]!;
      if (v !== v) out[o] = NaN;
      else if (!(h > l)) out[o] = 0.5;
      else out[o] = Math.min(1, Math.max(0, (v - l) / (h - l)));
    }
  }
  return out;
}

function stdPositive(a: Float64Array, from: number, to: number): boolean {
  const first = a[from];
  if (first !== first) return false;
  let varies = false;
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    if (v !== v) return false; // numpy's std is NaN with any NaN, and NaN > 0 is false
    if (v !== first) varies = true;
  }
  return varies;
}

function absCorr(a: Float64Array, b: Float64Array, from: number, to: number): number {
  const n = to - from;
  let ma = 0;
  let mb = 0;
  for (let i = from; i < to; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = from; i < to; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? Math.abs(sab / Math.sqrt(saa * sbb)) : 0;
}

/**
 * The feature that interacts most with `feature`, following shap.utils.approximate_interactions:
 * sort rows by the feature's value, cut them into bins of max(1, min(50, n/10)) rows, and sum
 * |corr(shap of feature, other feature's value)| over bins where both vary; the same with the
 * other feature's missingness indicator; score = the larger. Ties go to the lower index.
 * (shap uses an unstable sort, so exact ties in the feature's values may order differently.)
 */
function approximateInteraction(values: Float64Array, X: Float64Array, nRows: number, nCols: number, feature: number, rows: Int32Array): number {
  const n = rows.length;
  const order = Array.from(rows);
  const xv = (r: number) => X[r * nCols + feature];
  order.sort((a, b) => {
    const va = xv(a);
    const vb = xv(b);
    if (va !== va) return vb !== vb ? 0 : 1; // NaN last, like numpy
    if (vb !== vb) return -1;
    return va - vb;
  });
  const shapRef = Float64Array.from(order, (r) => values[r * nCols + feature]);
  const inc = Math.max(Math.min(Math.floor(n / 10), 50), 1);
  const other = new Float64Array(n);
  const isNan = new Float64Array(n);
  let best = -1;
  let bestScore = -1;
  for (let c = 0; c < nCols; c++) {
    if (c === feature) continue;
    let sumAbs = 0;
    let nanCount = 0;
    for (let k = 0; k < n; k++) {
      const v = X[order[k] * nCols + c];
      other[k] = v;
      isNan[k] = v !== v ? 1 : 0;
      if (v === v) sumAbs += Math.abs(v);
      else nanCount++;
    }
    const score = (series: Float64Array, skip: boolean) => {
      if (skip) return 0;
      let s = 0;
      for (let j = 0; j < n; j += inc) {
        const end = Math.min(n, j + inc);
        if (stdPositive(series, j, end) && stdPositive(shapRef, j, end)) s += absCorr(shapRef, series, j, end);
      }
      return s;
    };
    // numpy's sum(|x|) is NaN when any value is NaN, so such columns are never skipped.
    const valScore = score(other, nanCount === 0 && sumAbs < 1e-8);
    const nanScore = score(isNan, nanCount === 0);
    const s = Math.max(valScore, nanScore);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

export function dependence(
  values: Float64Array,
  X: Float64Array,
  nRows: number,
  nCols: number,
  feature: number,
  sampleSize?: number,
): { rows: Int32Array; x: Float64Array; shap: Float64Array; interaction: number; interactionX: Float64Array } {
  checkMatrix(values, nRows, nCols);
  checkMatrix(X, nRows, nCols, "X");
  if (!Number.isInteger(feature) || feature < 0 || feature >= nCols) {
    throw new RangeError(`feature must be an integer in 0..${nCols - 1}, got ${feature}`);
  }
  const rows = sampleRows(nRows, sampleSize ?? nRows, 1);
  // shap caps the interaction search at 10,000 rows; so do we.
  const searchRows = rows.length > 10_000 ? sampleRows(nRows, 10_000, 2) : rows;
  const interaction = nCols > 1 ? approximateInteraction(values, X, nRows, nCols, feature, searchRows) : -1;
  const pick = (col: number) => Float64Array.from(rows, (r) => (col < 0 ? NaN : X[r * nCols + col]));
  return {
    rows,
    x: pick(feature),
    shap: Float64Array.from(rows, (r) => values[r * nCols + feature]),
    interaction,
    interactionX: pick(interaction),
  };
}

/** The k features with the largest |shap| for one row, largest first; ties by lower index. */
export function topDrivers(row: Float64Array | number[], k: number): { index: number; shap: number }[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);
  const idx = Array.from({ length: row.length }, (_, i) => i);
  idx.sort((a, b) => Math.abs(row[b]) - Math.abs(row[a]) || a - b);
  return idx.slice(0, k).map((index) => ({ index, shap: row[index] }));
}
