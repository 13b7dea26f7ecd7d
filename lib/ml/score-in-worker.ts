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
import type { ShapSummaryData } from "./shap-summary-build";
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
  /**
   * The rows' customer ids: with SHAP, the worker then also builds the SHAP summary as it scores
   * (shap-summary-build.ts), so the summary is ready with the scoring and the SHAP matrix is not
   * walked again on this thread.
   */
  ids?: readonly string[];
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
  /** The SHAP summary when `ids` were given with SHAP (null for no rows); undefined otherwise. */
  shapSummary?: ShapSummaryData | null;
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
  if (input.ids && input.ids.length !== nRows) throw new RangeError(`ids must hold nRows = ${nRows} customer ids, has ${input.ids.length}`);
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
  const summarize = withShap && input.ids !== undefined;
  if (nRows === 0) {
    onProgress?.(0, 0);
    return Promise.resolve({ margin, shap, baseValue: null, prepareMs: 0, computeMs: 0, ...(summarize ? { shapSummary: null } : {}) });
  }
  const shared = input.X.buffer instanceof SharedArrayBuffer;

  let baseValue: number | null = null;
  let prepareMs = 0;
  let computeMs = 0;
  let shapSummary: ShapSummaryData | null | undefined;
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
    const req: ScoreWorkerRequest = { type: "chunk", row0, nRows: n, X, ...(summarize ? { ids: input.ids!.slice(row0, row0 + n) } : {}) };
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
    summary: summarize,
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
      } else if (m.type === "summary") {
        shapSummary = m.summary;
      } else if (m.type === "chunk-done") {
        computeMs += m.computeMs;
        rowsDone += m.nRows;
        if (rowsDone >= nRows) job.resolve({ margin, shap, baseValue, prepareMs, computeMs, ...(summarize ? { shapSummary: shapSummary ?? null } : {}) });
        else sendChunk(job);
      } else {
        job.reject(m.problem ? new InvalidEnsembleError(m.problem, m.message) : Object.assign(new Error(m.message), { name: m.name }));
      }
    },
    errorOf: (e) => new Error(`评分线程出错 (scoring worker error): ${e.message}`),
    exitError: (code) => new Error(`评分线程意外退出 (scoring worker exited with code ${code})`),
  });
}
