/** Worker thread: builds a model's drift reference off the server's event loop. */
import { parentPort } from "node:worker_threads";
import type { ReferenceJob, ReferenceWorkerMessage } from "./reference-in-worker";
import { referenceOf } from "./reference";

const port = parentPort;
if (!port) throw new Error("reference-worker must run in a worker thread");

port.once("message", (job: ReferenceJob) => {
  try {
    port.postMessage({ type: "done", reference: referenceOf(job.ensemble, job.rows) } satisfies ReferenceWorkerMessage);
  } catch (e) {
    port.postMessage({ type: "error", message: e instanceof Error ? e.message : String(e) } satisfies ReferenceWorkerMessage);
  }
  port.close();
});
