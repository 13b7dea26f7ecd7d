import type { TreeEnsemble } from "../ml/ensemble";
import { runWorkerJob } from "../workers/run-worker-job";
import type { DriftReference } from "./drift";
import { referenceOf, type ReferenceRows } from "./reference";

export interface ReferenceJob {
  ensemble: TreeEnsemble;
  rows: ReferenceRows;
}

export type ReferenceWorkerMessage = { type: "done"; reference: DriftReference } | { type: "error"; message: string };

/** Reference rows below which building it here (a few ms) costs less than a worker start. */
const IN_PROCESS_ROWS = 2_000;

/** referenceOf in a worker thread (same code, same result) for anything but small references. */
export function referenceInWorker(ensemble: TreeEnsemble, rows: ReferenceRows): Promise<DriftReference> {
  if (rows.rows.length <= IN_PROCESS_ROWS) return Promise.resolve(referenceOf(ensemble, rows));
  // Only the reference rows travel, not the whole matrix.
  const n = rows.rows.length;
  const X = new Float64Array(n * rows.nCols);
  const asOfWeek = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows.rows[i]!;
    X.set(rows.X.subarray(r * rows.nCols, (r + 1) * rows.nCols), i * rows.nCols);
    asOfWeek[i] = rows.asOfWeek[r]!;
  }
  const job: ReferenceJob = { ensemble, rows: { X, nCols: rows.nCols, rows: Int32Array.from({ length: n }, (_, i) => i), asOfWeek } };
  return runWorkerJob<ReferenceWorkerMessage, DriftReference>({
    entry: new URL("./reference-worker.ts", import.meta.url),
    request: job,
    transfer: [X.buffer as ArrayBuffer, asOfWeek.buffer as ArrayBuffer],
    onMessage: (m, j) => (m.type === "done" ? j.resolve(m.reference) : j.reject(new Error(m.message))),
    exitError: (code) => new Error(`漂移参考线程意外退出 (drift reference worker exited with code ${code})`),
  });
}
