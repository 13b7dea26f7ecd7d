import { runWorkerJob } from "../workers/run-worker-job";
import { DatasetInputError } from "./generator";
import type { TimelineDataset } from "./timeline/dataset";

export type TimelineWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; dataset: TimelineDataset }
  | { type: "error"; message: string; field?: string };

/** Same result as generateTimeline + timelineDataset (same code, same seed ⇒ same bytes), in a worker thread. */
export function timelineInWorker(input: unknown, onProgress?: (done: number, total: number) => void): Promise<TimelineDataset> {
  return runWorkerJob<TimelineWorkerMessage, TimelineDataset>({
    entry: new URL("./timeline-worker.ts", import.meta.url),
    request: input,
    onMessage: (m, job) => {
      if (m.type === "progress") onProgress?.(m.done, m.total);
      else if (m.type === "done") job.resolve(m.dataset);
      else job.reject(m.field ? new DatasetInputError(m.field, m.message) : new Error(m.message));
    },
    exitError: (code) => new Error(`数据生成线程意外退出 (generator worker exited with code ${code})`),
  });
}
