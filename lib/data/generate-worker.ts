/** Worker thread: generates a synthetic dataset off the server's event loop. */
import { parentPort } from "node:worker_threads";
import { generateDataset, type GenerateOptions } from "./generator";
import type { GenerateWorkerMessage } from "./generate-in-worker";

const port = parentPort;
if (!port) throw new Error("generate-worker must run in a worker thread");

port.once("message", (options: GenerateOptions) => {
  try {
    let last = 0;
    const ds = generateDataset(options, (done, total) => {
      // Throttled: progress messages cost a structured clone each.
      const now = Date.now();
      if (now - last >= 200 || done === total) {
        last = now;
        port.postMessage({ type: "progress", done, total } satisfies GenerateWorkerMessage);
      }
    });
    port.postMessage({ type: "done", dataset: ds } satisfies GenerateWorkerMessage, [ds.features.buffer as ArrayBuffer, ds.labels.buffer as ArrayBuffer, ds.trueProbability.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) } satisfies GenerateWorkerMessage);
  }
});
