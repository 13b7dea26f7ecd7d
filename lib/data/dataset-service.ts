/**
 * Generate a synthetic timeline and store it as the active dataset. Input is validated before
 * anything is generated, so bad input never writes a row.
 */
import type { Db } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import { writeDatasetRecords, type InTransaction } from "./dataset-store";
import { timelineInWorker } from "./timeline-in-worker";
import { timelineRecords } from "./timeline-store";
import { timelineDataset, type TimelineDataset } from "./timeline/dataset";
import { generateTimeline } from "./timeline/generate";
import { parseTimelineOptions, type TimelineOptionsInput } from "./timeline/options";

/**
 * From this many customer-weeks on, generation runs in a worker thread so a server keeps
 * answering (the default 3,000 × 104-week timeline takes ~1 s of CPU: on the main thread that
 * was a 1 s stall of every request); below it, starting a worker costs more than it saves.
 */
export const WORKER_THRESHOLD = 50_000;

export type DatasetPhase = "generate" | "store" | "score";
export type DatasetProgress = (phase: DatasetPhase, done: number, total: number) => void;

export interface GenerateAndStoreOptions {
  name?: string;
  onProgress?: DatasetProgress;
  inTransaction?: InTransaction<DatasetRow>;
}

/** Simulates (in a worker for large populations) and builds the as-of snapshots. */
export async function buildTimelineDataset(input: TimelineOptionsInput, onProgress?: (done: number, total: number) => void): Promise<TimelineDataset> {
  const options = parseTimelineOptions(input);
  return options.customers * options.historyWeeks >= WORKER_THRESHOLD ? timelineInWorker(options, onProgress) : timelineDataset(generateTimeline(options, onProgress));
}

export async function generateAndStoreDataset(db: Db, input: TimelineOptionsInput, options: GenerateAndStoreOptions = {}): Promise<DatasetRow> {
  const { onProgress } = options;
  const td = await buildTimelineDataset(input, onProgress && ((done, total) => onProgress("generate", done, total)));
  return writeDatasetRecords(db, timelineRecords(td, options.name), onProgress && ((done, total) => onProgress("store", done, total)), options.inTransaction);
}
