/**
 * Generate a synthetic dataset and store it as the active one. Input is validated before
 * anything is generated, so bad input never writes a row.
 */
import type { Db } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import { writeDataset, type InTransaction } from "./dataset-store";
import { generateInWorker } from "./generate-in-worker";
import { generateDataset, parseGenerateOptions } from "./generator";

/**
 * From this many customers on, generation runs in a worker thread so a server keeps answering
 * (100,000 customers take about a second of CPU, 1,000,000 about twenty); below it, starting a
 * worker would cost more than it saves.
 */
export const WORKER_THRESHOLD = 20_000;

export type DatasetPhase = "generate" | "store";
export type DatasetProgress = (phase: DatasetPhase, done: number, total: number) => void;

export interface GenerateAndStoreOptions {
  name?: string;
  onProgress?: DatasetProgress;
  inTransaction?: InTransaction<DatasetRow>;
}

export async function generateAndStoreDataset(db: Db, input: unknown, options: GenerateAndStoreOptions = {}): Promise<DatasetRow> {
  const parsed = parseGenerateOptions(input);
  const { onProgress } = options;
  const progress = onProgress && ((done: number, total: number) => onProgress("generate", done, total));
  const ds = parsed.customers >= WORKER_THRESHOLD ? await generateInWorker(parsed, progress) : generateDataset(parsed, progress);
  return writeDataset(db, ds, { name: options.name, onProgress: onProgress && ((done, total) => onProgress("store", done, total)), inTransaction: options.inTransaction });
}
