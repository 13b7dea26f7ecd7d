import { spawnTsWorker } from "../workers/spawn-ts-worker";
import { DatasetInputError } from "./generator";
import type { TimelineDataset } from "./timeline/dataset";

export type TimelineWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; dataset: TimelineDataset }
  | { type: "error"; message: string; field?: string };

/** Same result as generateTimeline + timelineDataset (same code, same seed ⇒ same bytes), in a worker thread. */
export function timelineInWorker(input: unknown, onProgress?: (done: number, total: number) => void): Promise<TimelineDataset> {
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(new URL("./timeline-worker.ts", import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (m: TimelineWorkerMessage) => {
      if (m.type === "progress") onProgress?.(m.done, m.total);
      else if (m.type === "done") finish(() => resolve(m.dataset));
      else finish(() => reject(m.field ? new DatasetInputError(m.field, m.message) : new Error(m.message)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`数据生成线程意外退出 (generator worker exited with code ${code})`))));
    worker.postMessage(input);
  });
}
