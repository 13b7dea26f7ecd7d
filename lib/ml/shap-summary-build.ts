import { createHash } from "node:crypto";
import { normalizeForColour } from "./shap-summary";
import { runToEnd, type Pausable } from "../runtime/time-slice";

/**
 * The SHAP summary of a scoring built from the rows in memory at scoring time (in the scoring
 * worker, chunk by chunk, so neither the SHAP matrix nor a database pass is needed afterwards).
 * It reproduces computeShapSummary (shap-summary-store.ts), the database version, value for value:
 * mean |SHAP| over all rows; the sample = the SHAP_SAMPLE_MAX rows with the smallest
 * md5(salt || customer id), in that order; colours clipped to each feature's 5th–95th percentile
 * (percentile_cont, i.e. linear interpolation) over the PERCENTILE_ROWS_MAX rows with the smallest
 * hash, min–max when those coincide. No database imports: this runs in the worker thread.
 */

/** Rows kept in the stored sample: the largest sampleSize the API accepts (graphql/limits.ts). */
export const SHAP_SAMPLE_MAX = 5_000;
/** Rows the colour scale's 5th/95th percentiles are taken over: all rows up to this, a hashed sample above. */
export const PERCENTILE_ROWS_MAX = 50_000;
/** The sample is the rows with the smallest hash of this salt and the customer id: reproducible, spread over ids. */
export const SAMPLE_SALT = "shap-sample-7:";

/** What shap_summaries stores: row-major sampleSize × nCols arrays. */
export interface ShapSummaryData {
  nRows: number;
  meanAbsShap: number[];
  sampleSize: number;
  sampleShap: Float64Array;
  sampleNormalized: Float64Array;
}

/** The same hash the database version orders by: md5 of salt || id, lowercase hex. */
export const sampleHash = (customerId: string) => createHash("md5").update(SAMPLE_SALT + customerId, "utf8").digest("hex");

interface Candidate {
  hash: string;
  x: Float64Array;
  shap: Float64Array;
}

const byHash = (a: Candidate, b: Candidate) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0);

function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Accumulates rows in any number of pieces; memory stays at ≤ 2 × PERCENTILE_ROWS_MAX rows. */
export class ShapSummaryBuilder {
  private readonly absSum: Float64Array;
  private nRows = 0;
  private pool: Candidate[] = [];

  constructor(private readonly nCols: number) {
    if (!Number.isInteger(nCols) || nCols < 1) throw new RangeError(`nCols must be a positive integer, got ${nCols}`);
    this.absSum = new Float64Array(nCols);
  }

  /** `n` rows: their ids, features X and SHAP values (row-major, nCols per row). */
  add(ids: ArrayLike<string>, X: Float64Array, shap: Float64Array, n: number): void {
    const c = this.nCols;
    if (ids.length < n || X.length < n * c || shap.length < n * c) throw new RangeError(`add: ${n} rows need ${n} ids and ${n * c} values`);
    for (let r = 0; r < n; r++) {
      const o = r * c;
      for (let k = 0; k < c; k++) this.absSum[k] += Math.abs(shap[o + k]!);
      this.pool.push({ hash: sampleHash(ids[r]!), x: X.slice(o, o + c), shap: shap.slice(o, o + c) });
    }
    this.nRows += n;
    if (this.pool.length > 2 * PERCENTILE_ROWS_MAX) this.trim();
  }

  private trim(): void {
    this.pool.sort(byHash);
    this.pool.length = Math.min(this.pool.length, PERCENTILE_ROWS_MAX);
  }

  /** Null when no row was added (the database version stores nothing then either). */
  finish(): ShapSummaryData | null {
    return runToEnd(this.finishSteps());
  }

  /** finish() as a pausable computation (it sorts every feature's column), for the server's thread. */
  *finishSteps(): Pausable<ShapSummaryData | null> {
    if (this.nRows === 0) return null;
    const c = this.nCols;
    this.trim();
    yield;
    const pool = this.pool;
    const lo = new Float64Array(c).fill(NaN);
    const hi = new Float64Array(c).fill(NaN);
    const col = new Float64Array(pool.length);
    for (let k = 0; k < c; k++) {
      let m = 0;
      for (const p of pool) {
        const v = p.x[k]!;
        if (v === v) col[m++] = v;
      }
      if (m === 0) continue;
      const sorted = col.subarray(0, m).sort();
      let l = quantileSorted(sorted, 0.05);
      let h = quantileSorted(sorted, 0.95);
      if (h <= l) {
        l = sorted[0]!;
        h = sorted[m - 1]!;
      }
      lo[k] = l;
      hi[k] = h;
      yield;
    }
    const n = Math.min(SHAP_SAMPLE_MAX, pool.length);
    const sampleShap = new Float64Array(n * c);
    const xSample = new Float64Array(n * c);
    for (let r = 0; r < n; r++) {
      sampleShap.set(pool[r]!.shap, r * c);
      xSample.set(pool[r]!.x, r * c);
    }
    return {
      nRows: this.nRows,
      meanAbsShap: Array.from(this.absSum, (s) => s / this.nRows),
      sampleSize: n,
      sampleShap,
      sampleNormalized: normalizeForColour(xSample, n, c, lo, hi),
    };
  }
}
