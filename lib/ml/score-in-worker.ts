/**
 * Scoring (margins) and exact TreeSHAP in a worker thread, so the event loop never runs a
 * predict or SHAP loop over a dataset. Memory and copies:
 *  - outputs live in SharedArrayBuffers that the worker fills in place (nothing copied back);
 *  - X goes over in chunks of `chunkRows` rows, each copied once into a transferred buffer
 *    (or passed as a view when X already lives in shared memory), at most two in flight, so
 *    extra memory stays at two chunks however many rows there are;
 *  - progress arrives every ~1% of the rows; aborting terminates the worker at once.
 * With SHAP the margins come from TreeSHAP's own pass (bit-identical to predictMargin).
 */
import { liveWorkerJobs, runWorkerJob, type WorkerJobControl } from "../workers/run-worker-job";
import { InvalidEnsembleError, type EnsembleLimits } from "./ensemble";
import type { ScoreModel, ScoreWorkerMessage, ScoreWorkerRequest } from "./score-protocol";

export type { ScoreModel } from "./score-protocol";

/** Rows per chunk sent to the worker: 50,000 × 29 float64 ≈ 11.6 MB in flight per chunk. */
const DEFAULT_CHUNK_ROWS = 50_000;

export interface ScoreInWorkerInput {
  model: ScoreModel;
  /** Row-major nRows × nCols, NaN = missing; columns ≥ the model's numFeature are ignored. */
  X: Float64Array;
  nRows: number;
  nCols: number;
  withShap: boolean;
  /** Model limits checked in the worker before anything is built; defaults to DEFAULT_ENSEMBLE_LIMITS. */
  limits?: Partial<EnsembleLimits>;
  /** Called with rows done so far, monotone, last call (total, total). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  chunkRows?: number;
}

export interface ScoreInWorkerResult {
  /** nRows margins (log-odds), on a SharedArrayBuffer. */
  margin: Float64Array;
  /** nRows × nCols SHAP values (columns ≥ numFeature are 0), on a SharedArrayBuffer; null without SHAP. */
  shap: Float64Array | null;
  /** SHAP base value (base value + Σ row SHAP = margin); null without SHAP. */
  baseValue: number | null;
  /** Worker time: parsing + checking the model and building the explainer, then computing. */
  prepareMs: number;
  computeMs: number;
}

/** Rejection of an aborted job; `name` is "AbortError" like fetch's. */
export class ScoringAbortedError extends Error {
  constructor() {
    super("评分已取消 (scoring aborted)");
    this.name = "AbortError";
  }
}

const SCORE_WORKER = new URL("./score-worker.ts", import.meta.url);

/** Score workers currently running (they end on success, failure and abort alike). */
export function liveScoreWorkers(): number {
  return liveWorkerJobs(SCORE_WORKER);
}

function validate(input: ScoreInWorkerInput): void {
  const { nRows, nCols, X } = input;
  if (!Number.isInteger(nRows) || nRows < 0) throw new RangeError(`nRows must be a non-negative integer, got ${nRows}`);
  if (!Number.isInteger(nCols) || nCols < 1) throw new RangeError(`nCols must be a positive integer, got ${nCols}`);
  if (X.length < nRows * nCols) throw new RangeError(`X must hold nRows × nCols = ${nRows * nCols} values, has ${X.length}`);
  const chunk = input.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunk}`);
}

export function scoreInWorker(input: ScoreInWorkerInput): Promise<ScoreInWorkerResult> {
  const { signal, onProgress, nRows, nCols, withShap } = input;
  try {
    validate(input);
  } catch (e) {
    return Promise.reject(e);
  }
  if (signal?.aborted) return Promise.reject(new ScoringAbortedError());
  const chunkRows = input.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const margin = new Float64Array(new SharedArrayBuffer(nRows * 8));
  const shap = withShap ? new Float64Array(new SharedArrayBuffer(nRows * nCols * 8)) : null;
  if (nRows === 0) {
    onProgress?.(0, 0);
    return Promise.resolve({ margin, shap, baseValue: null, prepareMs: 0, computeMs: 0 });
  }
  const shared = input.X.buffer instanceof SharedArrayBuffer;

  let baseValue: number | null = null;
  let prepareMs = 0;
  let computeMs = 0;
  let nextRow = 0;
  let rowsDone = 0;
  let reported = 0;
  const sendChunk = (job: WorkerJobControl<ScoreInWorkerResult>) => {
    if (nextRow >= nRows) return;
    const row0 = nextRow;
    const n = Math.min(chunkRows, nRows - row0);
    nextRow += n;
    const view = input.X.subarray(row0 * nCols, (row0 + n) * nCols);
    const X = shared ? view : view.slice();
    const req: ScoreWorkerRequest = { type: "chunk", row0, nRows: n, X };
    job.post(req, shared ? [] : [X.buffer as ArrayBuffer]);
  };
  const init: ScoreWorkerRequest = {
    type: "init",
    model: input.model,
    limits: input.limits,
    nRows,
    nCols,
    withShap,
    margin,
    shap,
    // About 1% of the rows per report, but not so few that reporting costs more than it shows.
    progressRows: Math.max(256, Math.ceil(nRows / 100)),
  };

  return runWorkerJob<ScoreWorkerMessage, ScoreInWorkerResult>({
    entry: SCORE_WORKER,
    request: init,
    signal,
    abortError: () => new ScoringAbortedError(),
    // Two chunks in flight: the worker starts the next one while this thread copies another.
    started: (job) => {
      sendChunk(job);
      sendChunk(job);
    },
    onMessage: (m, job) => {
      if (m.type === "ready") {
        baseValue = m.baseValue;
        prepareMs = m.prepareMs;
      } else if (m.type === "progress") {
        if (m.done > reported) {
          reported = m.done;
          try {
            onProgress?.(m.done, nRows);
          } catch {
            // A failing progress listener must not fail the scoring.
          }
        }
      } else if (m.type === "chunk-done") {
        computeMs += m.computeMs;
        rowsDone += m.nRows;
        if (rowsDone >= nRows) job.resolve({ margin, shap, baseValue, prepareMs, computeMs });
        else sendChunk(job);
      } else {
        job.reject(m.problem ? new InvalidEnsembleError(m.problem, m.message) : Object.assign(new Error(m.message), { name: m.name }));
      }
    },
    errorOf: (e) => new Error(`评分线程出错 (scoring worker error): ${e.message}`),
    exitError: (code) => new Error(`评分线程意外退出 (scoring worker exited with code ${code})`),
  });
}
