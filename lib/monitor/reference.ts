/**
 * A model's drift reference, pure (it also runs in a worker thread, see reference-in-worker.ts).
 */
import type { TreeEnsemble } from "../ml/ensemble";
import { predictMargin, sigmoid } from "../ml/predict";
import { buildDriftReference, type DriftReference } from "./drift";

/** Rows of a row-major matrix with their as-of weeks (the training rows of a model). */
export interface ReferenceRows {
  X: Float64Array;
  nCols: number;
  rows: ArrayLike<number>;
  asOfWeek: ArrayLike<number>;
}

/**
 * The rows a drift reference is built from: every labelled as-of date the model was built and
 * evaluated on (train, validation and test dates, as NannyML takes its reference period). More
 * dates give each feature a steadier baseline of its swing between dates, and the latest ones
 * are the closest to what the model scores next.
 */
export function referenceRows(m: { labelled: Uint8Array }): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < m.labelled.length; i++) if (m.labelled[i]) rows.push(i);
  return Int32Array.from(rows);
}

/**
 * The drift reference of a model: its training rows (every training as-of date, chunked by date
 * so each feature gets its natural swing between dates) and its probabilities on them.
 */
export function referenceOf(ensemble: TreeEnsemble, r: ReferenceRows): DriftReference {
  const n = r.rows.length;
  const X = new Float64Array(n * r.nCols);
  const chunks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const row = r.rows[i]!;
    X.set(r.X.subarray(row * r.nCols, (row + 1) * r.nCols), i * r.nCols);
    chunks[i] = r.asOfWeek[row]!;
  }
  const score = predictMargin(ensemble, X, n, r.nCols).map(sigmoid);
  return buildDriftReference({ X, nCols: r.nCols }, { score, chunks });
}

