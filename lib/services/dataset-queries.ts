import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { customers } from "../../db/schema";
import { churnedExpr } from "./customer-queries";

/** Customers active at the dataset's as-of date and those churned by it. */
export async function datasetCounts(db: Db, datasetId: number): Promise<{ active: number; churned: number }> {
  const [r] = await db
    .select({ churned: sql<number>`count(*) filter (where ${churnedExpr})::int`, all: count() })
    .from(customers)
    .where(and(eq(customers.datasetId, datasetId)));
  const churned = Number(r?.churned ?? 0);
  return { active: Number(r?.all ?? 0) - churned, churned };
}
