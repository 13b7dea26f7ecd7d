import type { ShapSummaryData } from "./shap-summary-build";
import type { EnsembleLimits, EnsembleProblem, TreeEnsemble } from "./ensemble";

/** Messages between score-in-worker.ts (main thread) and score-worker.ts. */

/** The model as stored (legacy binary bytes) or already parsed; either is cheap to send. */
export type ScoreModel = { modelBytes: Uint8Array } | { ensemble: TreeEnsemble };

export type ScoreWorkerRequest =
  | {
      type: "init";
      model: ScoreModel;
      limits?: Partial<EnsembleLimits>;
      nRows: number;
      nCols: number;
      withShap: boolean;
      /** Shared outputs the worker writes in place: nRows margins, nRows × nCols SHAP values. */
      margin: Float64Array;
      shap: Float64Array | null;
      /** Rows between progress reports. */
      progressRows: number;
      /** Build the SHAP summary from the rows as they are scored (chunks then carry their ids). */
      summary?: boolean;
    }
  /** Rows [row0, row0 + nRows) of the input; X is transferred (or a view of shared memory). */
  | { type: "chunk"; row0: number; nRows: number; X: Float64Array; ids?: string[] };

export type ScoreWorkerMessage =
  | { type: "ready"; baseValue: number | null; prepareMs: number }
  | { type: "progress"; done: number }
  /** Sent once, before the last chunk-done, when the init asked for it. */
  | { type: "summary"; summary: ShapSummaryData | null }
  | { type: "chunk-done"; row0: number; nRows: number; computeMs: number }
  /** `problem` is set when the model failed validateEnsemble (InvalidEnsembleError). */
  | { type: "error"; message: string; name: string; problem?: EnsembleProblem };
