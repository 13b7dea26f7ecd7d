/** Worker thread: simulates a timeline and builds its as-of snapshots off the server's event loop. */
import { parentPort } from "node:worker_threads";
import { timelineDataset } from "./timeline/dataset";
import { generateTimeline } from "./timeline/generate";
import type { TimelineWorkerMessage } from "./timeline-in-worker";

const port = parentPort;
if (!port) throw new Error("timeline-worker must run in a worker thread");

port.once("message", (input: unknown) => {
  try {
    let last = 0;
    const tl = generateTimeline(input, (done, total) => {
      // Throttled: progress messages cost a structured clone each.
      const now = Date.now();
      if (now - last >= 200 || done === total) {
        last = now;
        port.postMessage({ type: "progress", done, total } satisfies TimelineWorkerMessage);
      }
    });
    const td = timelineDataset(tl);
    const buffers = new Set<ArrayBuffer>();
    for (const a of Object.values(tl.activity)) buffers.add((a as Int32Array | Float64Array).buffer as ArrayBuffer);
    buffers.add(tl.hazard.buffer as ArrayBuffer);
    for (const s of td.snapshots) for (const a of [s.customers, s.X, s.labels, s.labelled, s.trueProbability]) buffers.add(a.buffer as ArrayBuffer);
    port.postMessage({ type: "done", dataset: td } satisfies TimelineWorkerMessage, [...buffers]);
  } catch (e) {
    const field = (e as { field?: unknown }).field;
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e), field: typeof field === "string" ? field : undefined } satisfies TimelineWorkerMessage);
  }
});
