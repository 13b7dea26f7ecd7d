/**
 * Uplift targeting: predicted churn reduction per customer, learned from campaigns with outcomes.
 * Not built yet: `expected_saved` selection reports that no uplift model exists.
 */
import type { Db } from "../../db/client";

export async function latestUpliftScores(_db: Db, _scoringRunId?: number): Promise<Map<string, number> | null> {
  return null;
}
