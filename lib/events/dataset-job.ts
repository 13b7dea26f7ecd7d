import type { EventBus } from "./bus";
import { DATASETS_TOPIC, type DatasetJob, type DatasetJobEvent } from "./types";

type Phase = DatasetJobEvent["phase"];
export type PhaseProgress = (phase: Phase, done: number, total: number) => void;

/** At most this often per phase, so a million-row write does not flood the sockets. */
const MIN_INTERVAL_MS = 200;

/**
 * Runs a dataset job and publishes its progress on the datasets topic: running events (each
 * phase's first and last, and at most every 200 ms between), then done with the dataset id or
 * failed with the error's message. The job's own result or error is passed through unchanged.
 */
export async function trackDatasetJob<T extends { id: number } | { dataset: { id: number } }>(
  bus: EventBus<DatasetJobEvent>,
  job: DatasetJob,
  run: (progress: PhaseProgress) => Promise<T>,
): Promise<T> {
  let phase: Phase = job === "import" ? "store" : "generate";
  let last = 0;
  let lastDone = 0;
  let lastTotal = 0;
  const progress: PhaseProgress = (p, done, total) => {
    const now = Date.now();
    const changed = p !== phase;
    phase = p;
    lastDone = done;
    lastTotal = total;
    if (!changed && done !== total && done !== 0 && now - last < MIN_INTERVAL_MS) return;
    last = now;
    bus.publish(DATASETS_TOPIC, { job, phase: p, status: "running", done, total });
  };
  try {
    const r = await run(progress);
    const datasetId = "id" in r ? r.id : r.dataset.id;
    bus.publish(DATASETS_TOPIC, { job, phase, status: "done", done: lastTotal, total: lastTotal, datasetId });
    return r;
  } catch (e) {
    bus.publish(DATASETS_TOPIC, { job, phase, status: "failed", done: lastDone, total: lastTotal, error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
