import { spawnTsWorker } from "../workers/spawn-ts-worker";
import type { GeneratedDataset, GenerateOptions } from "./generator";

export type GenerateWorkerMessage =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; dataset: GeneratedDataset }
  | { type: "error"; message: string };

/** Same result as `generateDataset` (same code, same seed ⇒ same bytes), computed in a worker thread. */
export function generateInWorker(options: GenerateOptions, onProgress?: (done: number, total: number) => void): Promise<GeneratedDataset> {
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(new URL("./generate-worker.ts", import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (m: GenerateWorkerMessage) => {
      if (m.type === "progress") onProgress?.(m.done, m.total);
      else if (m.type === "done") finish(() => resolve(m.dataset));
      else finish(() => reject(new Error(m.message)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`数据生成线程意外退出 (generator worker exited with code ${code})`))));
    worker.postMessage(options);
  });
}
