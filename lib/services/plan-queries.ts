import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { planBatches, retentionPlans, type PlanBatchRow, type RetentionPlanRow } from "../../db/schema";
import { countPlansByBatch, type BatchCounts } from "../plans/plan-service";
import type { PlanPriority } from "../plans/plan-schema";
import { decodeCursor, encodeCursor, type Page } from "./customer-queries";

/** A batch row with its plan counts by status; `total` stays the batch's own column. */
export type BatchWithCounts = PlanBatchRow & Omit<BatchCounts, "total">;

export async function withCounts(db: Db, batches: PlanBatchRow[]): Promise<BatchWithCounts[]> {
  const counts = await countPlansByBatch(
    db,
    batches.map((b) => b.id),
  );
  return batches.map((b) => {
    const { total: _rows, ...byStatus } = counts.get(b.id)!;
    return { ...b, ...byStatus };
  });
}

export async function listPlanBatches(db: Db, limit: number): Promise<BatchWithCounts[]> {
  return withCounts(db, await db.select().from(planBatches).orderBy(desc(planBatches.id)).limit(limit));
}

export async function getPlanBatch(db: Db, id: number): Promise<BatchWithCounts | null> {
  const rows = await db.select().from(planBatches).where(eq(planBatches.id, id)).limit(1);
  return (await withCounts(db, rows))[0] ?? null;
}

export async function getBatchPlan(db: Db, batchId: number, customerId: string): Promise<RetentionPlanRow | null> {
  const [row] = await db
    .select()
    .from(retentionPlans)
    .where(and(eq(retentionPlans.batchId, batchId), eq(retentionPlans.customerId, customerId)))
    .limit(1);
  return row ?? null;
}

/** Finished plans (done or failed) of a batch. */
export async function finishedPlans(db: Db, batchId: number): Promise<RetentionPlanRow[]> {
  return db
    .select()
    .from(retentionPlans)
    .where(and(eq(retentionPlans.batchId, batchId), inArray(retentionPlans.status, ["done", "failed"])))
    .orderBy(asc(retentionPlans.position));
}

/** Plans already started (running, done or failed) — what a late subscriber must be shown. */
export async function startedPlans(db: Db, batchId: number): Promise<RetentionPlanRow[]> {
  return db
    .select()
    .from(retentionPlans)
    .where(and(eq(retentionPlans.batchId, batchId), inArray(retentionPlans.status, ["running", "done", "failed"])))
    .orderBy(asc(retentionPlans.position));
}

export async function listRetentionPlans(
  db: Db,
  args: { batchId?: number; priority?: PlanPriority; status?: RetentionPlanRow["status"]; first: number; after?: string | null },
): Promise<Page<RetentionPlanRow>> {
  const offset = decodeCursor(args.after);
  const conds: SQL[] = [];
  if (args.batchId !== undefined) conds.push(eq(retentionPlans.batchId, args.batchId));
  if (args.priority) conds.push(eq(retentionPlans.priority, args.priority));
  if (args.status) conds.push(eq(retentionPlans.status, args.status));
  const where = conds.length ? and(...conds) : undefined;
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(retentionPlans)
      .where(where)
      .orderBy(desc(retentionPlans.batchId), asc(retentionPlans.position))
      .limit(args.first + 1)
      .offset(offset),
    db.select({ n: count() }).from(retentionPlans).where(where),
  ]);
  const items = rows.slice(0, args.first).map((node, i) => ({ cursor: encodeCursor(offset + i), node }));
  return {
    totalCount: Number(total[0]?.n ?? 0),
    items,
    hasNextPage: rows.length > args.first,
    endCursor: items.length ? items[items.length - 1]!.cursor : null,
  };
}
