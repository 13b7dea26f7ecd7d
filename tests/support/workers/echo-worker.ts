/** Test worker: answers its one job with the job, its thread id and one environment variable. */
import { parentPort, threadId } from "node:worker_threads";

parentPort?.once("message", (job: unknown) => {
  parentPort!.postMessage({ job, threadId, env: process.env.ECHO_WORKER_PROBE ?? null });
  parentPort!.close();
});
