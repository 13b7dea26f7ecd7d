import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { datasets, scoringRuns, type DatasetRow, type ScoringRunRow } from "../../db/schema";

/** Scorings of a dataset, newest as-of first. */
export async function listScoringRuns(db: Db, datasetId: number, limit: number): Promise<ScoringRunRow[]> {
  return db.select().from(scoringRuns).where(eq(scoringRuns.datasetId, datasetId)).orderBy(desc(scoringRuns.asOfWeek), desc(scoringRuns.id)).limit(limit);
}

export async function getScoringRun(db: Db, id: number): Promise<ScoringRunRow | null> {
  const [r] = await db.select().from(scoringRuns).where(eq(scoringRuns.id, id)).limit(1);
  return r ?? null;
}

export async function getDatasetRow(db: Db, id: number): Promise<DatasetRow | null> {
  const [d] = await db.select().from(datasets).where(eq(datasets.id, id)).limit(1);
  return d ?? null;
}
