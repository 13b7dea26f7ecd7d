/**
 * Scheduled scoring as durable jobs (the `scoring_jobs` table): a job asks "score the dataset's
 * active customers as of its latest date with the active model". Triggers deduplicate through
 * `dedupe_key` (one job per new as-of week of a dataset, one per schedule slot), so a trigger
 * that fires twice, or in two instances, queues one job. The runner (scoring-runner.ts) claims
 * jobs one at a time under a lease, as plan batches do.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { scoringJobs, type ScoringJobRow } from "../../db/schema";

export type ScoringJobReason = "advance" | "import" | "schedule" | "manual";
export type ScoringJobStatus = "queued" | "running" | "done" | "failed";

/** A job claimed this many times without finishing (its runners kept dying) is failed, not retried. */
export const MAX_JOB_ATTEMPTS = 3;

export interface EnqueueScoringJob {
  datasetId: number;
  reason: ScoringJobReason;
  dedupeKey: string;
}

/** Dedupe key of "new weeks arrived": one job per dataset and latest as-of week. */
export const dataArrivalKey = (datasetId: number, asOfWeek: number) => `data:${datasetId}:${asOfWeek}`;
/** Dedupe key of one schedule slot (shared by every instance that sees it). */
export const scheduleKey = (slot: Date) => `schedule:${slot.toISOString()}`;

/**
 * Queues a job unless one with the same key exists; returns the job (new or existing) and
 * whether it was created. `db` may be a transaction (the enqueue then commits with its caller).
 */
export async function enqueueScoringJob(db: Db, job: EnqueueScoringJob): Promise<{ job: ScoringJobRow; created: boolean }> {
  const [created] = await db
    .insert(scoringJobs)
    .values({ datasetId: job.datasetId, reason: job.reason, dedupeKey: job.dedupeKey })
    .onConflictDoNothing({ target: scoringJobs.dedupeKey })
    .returning();
  if (created) return { job: created, created: true };
  const [existing] = await db.select().from(scoringJobs).where(eq(scoringJobs.dedupeKey, job.dedupeKey)).limit(1);
  if (!existing) throw new Error(`scoring job ${job.dedupeKey} vanished between insert and read`);
  return { job: existing, created: false };
}

/** A queued or running job of the dataset, if any (a manual request joins it instead of queueing another). */
export async function openJobOf(db: Db, datasetId: number): Promise<ScoringJobRow | null> {
  const [row] = await db
    .select()
    .from(scoringJobs)
    .where(and(eq(scoringJobs.datasetId, datasetId), inArray(scoringJobs.status, ["queued", "running"])))
    .orderBy(scoringJobs.id)
    .limit(1);
  return row ?? null;
}

export async function getScoringJob(db: Db, id: number): Promise<ScoringJobRow | null> {
  const [row] = await db.select().from(scoringJobs).where(eq(scoringJobs.id, id)).limit(1);
  return row ?? null;
}

/** Newest first. */
export async function listScoringJobs(db: Db, opts: { limit: number; datasetId?: number }): Promise<ScoringJobRow[]> {
  const q = db.select().from(scoringJobs);
  const filtered = opts.datasetId !== undefined ? q.where(eq(scoringJobs.datasetId, opts.datasetId)) : q;
  return filtered.orderBy(desc(scoringJobs.id)).limit(opts.limit);
}

/** Arbitrary constant naming the "claim a scoring job" critical section (pg advisory lock). */
const CLAIM_LOCK = 1_400_014;

/**
 * Claims the oldest claimable job for `ownerId`: queued, or running under an expired lease (its
 * runner died). One job at a time across every runner and instance: nothing is claimed while
 * another job runs under a live lease. The advisory lock serialises claims, so two instances
 * cannot both see "nothing running" and start two jobs.
 */
export async function claimScoringJob(db: Db, ownerId: string, leaseMs: number): Promise<ScoringJobRow | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
    const [busy] = await tx
      .select({ id: scoringJobs.id })
      .from(scoringJobs)
      .where(and(eq(scoringJobs.status, "running"), sql`${scoringJobs.leaseUntil} >= now()`))
      .limit(1);
    if (busy) return null;
    const [next] = await tx
      .select({ id: scoringJobs.id })
      .from(scoringJobs)
      .where(sql`${scoringJobs.status} = 'queued' or (${scoringJobs.status} = 'running' and ${scoringJobs.leaseUntil} < now())`)
      .orderBy(scoringJobs.id)
      .limit(1);
    if (!next) return null;
    const [row] = await tx
      .update(scoringJobs)
      .set({
        status: "running",
        leaseOwner: ownerId,
        leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
        attempts: sql`${scoringJobs.attempts} + 1`,
        error: null,
      })
      .where(eq(scoringJobs.id, next.id))
      .returning();
    return row ?? null;
  });
}

/** Running jobs owned by someone other than `liveOwners`: on PGlite (one process) they are orphans, free at once. */
export async function expireOrphanLeases(db: Db, liveOwners: readonly string[]): Promise<number> {
  const rows = await db
    .update(scoringJobs)
    .set({ leaseUntil: sql`now() - interval '1 second'` })
    .where(and(eq(scoringJobs.status, "running"), liveOwners.length ? sql`${scoringJobs.leaseOwner} not in (${sql.join(liveOwners.map((o) => sql`${o}`), sql`, `)})` : sql`true`))
    .returning({ id: scoringJobs.id });
  return rows.length;
}

const mine = (id: number, ownerId: string) => and(eq(scoringJobs.id, id), eq(scoringJobs.leaseOwner, ownerId), eq(scoringJobs.status, "running"));

/** Extends the lease (and records progress) while the job is still ours; false = the lease was lost. */
export async function renewLease(db: Db, id: number, ownerId: string, leaseMs: number, progress?: { done: number; total: number }): Promise<boolean> {
  const rows = await db
    .update(scoringJobs)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`, ...(progress ? { progress: progress.done, total: progress.total } : {}) })
    .where(mine(id, ownerId))
    .returning({ id: scoringJobs.id });
  return rows.length > 0;
}

/** Finishes a job we still own; false = the lease was taken over and someone else finishes it. */
export async function finishScoringJob(
  db: Db,
  id: number,
  ownerId: string,
  outcome: { status: "done"; scoringRunId: number | null; total: number; note?: string } | { status: "failed"; error: string },
): Promise<ScoringJobRow | null> {
  const set =
    outcome.status === "done"
      ? { status: "done", scoringRunId: outcome.scoringRunId, progress: outcome.total, total: outcome.total, error: outcome.note ?? null }
      : { status: "failed", error: outcome.error.slice(0, 2000) };
  const [row] = await db
    .update(scoringJobs)
    .set({ ...set, leaseOwner: null, leaseUntil: null, finishedAt: new Date() })
    .where(mine(id, ownerId))
    .returning();
  return row ?? null;
}

/** Hands a job back (queued) when its runner stops cleanly, so the next runner starts it at once. */
export async function releaseScoringJob(db: Db, id: number, ownerId: string): Promise<void> {
  await db.update(scoringJobs).set({ status: "queued", leaseOwner: null, leaseUntil: null, attempts: sql`greatest(${scoringJobs.attempts} - 1, 0)` }).where(mine(id, ownerId));
}
