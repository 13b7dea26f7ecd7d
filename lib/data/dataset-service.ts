/**
 * Generate a synthetic dataset and store it as the active one. Input is validated before
 * anything is generated, so bad input never writes a row.
 */
import type { Db } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import { writeDataset } from "./dataset-store";
import { generateDataset, parseGenerateOptions } from "./generator";

export type DatasetPhase = "generate" | "store";
export type DatasetProgress = (phase: DatasetPhase, done: number, total: number) => void;

export async function generateAndStoreDataset(db: Db, input: unknown, onProgress?: DatasetProgress): Promise<DatasetRow> {
  const options = parseGenerateOptions(input);
  const ds = generateDataset(options, onProgress && ((done, total) => onProgress("generate", done, total)));
  return writeDataset(db, ds, { onProgress: onProgress && ((done, total) => onProgress("store", done, total)) });
}
