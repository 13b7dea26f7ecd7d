import type { LearningPoint } from "../events/types";
import type { Tree } from "./ensemble";
import type { ResolvedTrainParams } from "./params";

/** Messages between trainer.ts (main thread) and train-worker.ts. */
export interface TrainWorkerRequest {
  /** Row-major rows × nCols; NaN = missing. Only the rows listed in trainIdx / validIdx are used. */
  X: Float64Array;
  y: Uint8Array;
  nCols: number;
  trainIdx: Int32Array;
  validIdx: Int32Array;
  params: ResolvedTrainParams;
  /**
   * Rounds per chunk: progress, evaluation and early-stopping checks happen between chunks.
   * Each chunk saves the whole model once (ml-xgboost's only way out), so fewer, larger chunks
   * cost less on long runs.
   */
  chunkRounds: number;
}

export type TrainWorkerMessage =
  | {
      type: "progress";
      round: number;
      totalRounds: number;
      points: LearningPoint[];
      /** At an evaluation point: the trees appended since the last one, as trees `treesFrom…` of the model. */
      trees?: Tree[];
      treesFrom?: number;
      /** Trees the final model keeps whatever happens next (early stopping never drops them). */
      settledTrees?: number;
    }
  | {
      type: "done";
      modelBytes: Uint8Array;
      /** Trees kept = best iteration (1-based round count). */
      bestIteration: number;
      roundsTrained: number;
      stoppedEarly: boolean;
      learningCurve: LearningPoint[];
      /** Added to base_score after training (prior correction for scale_pos_weight = −ln w). */
      baseScoreShift: number;
      /** Whole worker job: data copy, boosting, per-chunk evaluation, truncation. */
      trainMs: number;
      /** Time inside ml-xgboost's boosting calls only. */
      boostMs: number;
      /**
       * Where the rest of trainMs went: gathering rows + loading wasm + building the DMatrix,
       * saving the model and parsing the appended trees per chunk, evaluating the new trees.
       */
      overheadMs: { prepare: number; save: number; evaluate: number };
      /**
       * Process CPU time over the whole job and over the boosting calls. Process-wide (Node 20
       * has no per-thread figure), so it equals this thread's time only while the rest of the
       * process idles, as in the bench; unlike the wall times it does not grow when other
       * processes compete for the cores.
       */
      cpuMs: { job: number; boost: number };
    }
  | { type: "error"; message: string };
