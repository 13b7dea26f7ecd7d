import { spawnTsWorker } from "../workers/spawn-ts-worker";
import { Worker } from "node:worker_threads";
import type { LearningPoint } from "../events/types";
import type { Tree } from "./ensemble";
import { checkShapCost } from "./params";
import type { TrainWorkerMessage, TrainWorkerRequest } from "./train-protocol";

/**
 * What the worker gets (X is copied to it; the caller keeps its array). chunkRounds defaults to
 * 10, or rounds / 50 on long runs, so a run reports about 50 times at most.
 */
export type TrainInput = Omit<TrainWorkerRequest, "chunkRounds"> & { chunkRounds?: number };

export interface TrainProgress {
  round: number;
  totalRounds: number;
  /** Learning-curve points added since the previous report. */
  points: LearningPoint[];
}

/** What the worker reports when it is done (see train-protocol.ts for each field). */
export type TrainResult = Omit<Extract<TrainWorkerMessage, { type: "done" }>, "type">;

export interface TrainOptions {
  onProgress?: (p: TrainProgress) => void;
  /** The trees of each evaluation point as they come (see running-margins.ts). */
  onTrees?: (trees: Tree[], from: number, settled: number) => void;
  signal?: AbortSignal;
}

export class TrainingAbortedError extends Error {
  constructor() {
    super("训练已取消 (training aborted)");
    this.name = "TrainingAbortedError";
  }
}

function spawnWorker(): Worker {
  return spawnTsWorker(new URL("./train-worker.ts", import.meta.url));
}

/** Trains an ml-xgboost model in a worker thread; rejects with the worker's error message. */
export function trainModel(input: TrainInput, options: TrainOptions = {}): Promise<TrainResult> {
  const { signal, onProgress, onTrees } = options;
  if (signal?.aborted) return Promise.reject(new TrainingAbortedError());
  try {
    // Whatever path the parameters took, the model must stay explainable (params.ts MAX_SHAP_COST).
    checkShapCost(input.params);
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise<TrainResult>((resolve, reject) => {
    const worker = spawnWorker();
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => finish(() => reject(new TrainingAbortedError()));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (m: TrainWorkerMessage) => {
      if (m.type === "progress") {
        try {
          onProgress?.({ round: m.round, totalRounds: m.totalRounds, points: m.points });
        } catch {
          // A failing progress listener must not kill the training.
        }
        try {
          if (m.trees && m.treesFrom !== undefined && m.settledTrees !== undefined) onTrees?.(m.trees, m.treesFrom, m.settledTrees);
        } catch {
          // Nor a failing tree listener: its work has a fallback (running-margins.ts).
        }
      } else if (m.type === "done") {
        const { type: _t, ...result } = m;
        finish(() => resolve(result));
      } else {
        finish(() => reject(new Error(`训练失败 (training failed): ${m.message}`)));
      }
    });
    worker.on("error", (e) => finish(() => reject(new Error(`训练进程出错 (training worker error): ${e.message}`))));
    worker.on("exit", (code) => finish(() => reject(new Error(`训练进程意外退出 (training worker exited with code ${code})`))));
    const req: TrainWorkerRequest = {
      X: input.X,
      y: input.y,
      nCols: input.nCols,
      trainIdx: input.trainIdx,
      validIdx: input.validIdx,
      params: input.params,
      chunkRounds: input.chunkRounds ?? Math.max(10, Math.ceil(input.params.rounds / 50)),
    };
    worker.postMessage(req);
  });
}
