/**
 * Scheduled scoring as durable jobs (the `scoring_jobs` table): a job asks "score the dataset's
 * active customers as of its latest date with the active model". Triggers deduplicate through
 * `dedupe_key` (one job per new as-of week of a dataset, one per schedule slot), so a trigger
 * that fires twice, or in two instances, queues one job. The runner (scoring-runner.ts) claims
 * jobs one at a time under a lease, as plan batches do; the claimer splits the job into chunks
 * of customers (`scoring_job_chunks`) that every runner of every instance leases and scores.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { featureVectors, scoringJobChunks, scoringJobs, type ScoringJobChunkRow, type ScoringJobRow } from "../../db/schema";

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

/** Running jobs (and chunks) owned by someone other than `liveOwners`: on PGlite (one process) they are orphans, free at once. */
export async function expireOrphanLeases(db: Db, liveOwners: readonly string[]): Promise<number> {
  const notLive = (col: typeof scoringJobs.leaseOwner | typeof scoringJobChunks.leaseOwner) =>
    liveOwners.length ? sql`${col} not in (${sql.join(liveOwners.map((o) => sql`${o}`), sql`, `)})` : sql`true`;
  const rows = await db
    .update(scoringJobs)
    .set({ leaseUntil: sql`now() - interval '1 second'` })
    .where(and(eq(scoringJobs.status, "running"), notLive(scoringJobs.leaseOwner)))
    .returning({ id: scoringJobs.id });
  await db
    .update(scoringJobChunks)
    .set({ leaseUntil: sql`now() - interval '1 second'` })
    .where(and(eq(scoringJobChunks.status, "running"), notLive(scoringJobChunks.leaseOwner)));
  return rows.length;
}

const mine = (id: number, ownerId: string) => and(eq(scoringJobs.id, id), eq(scoringJobs.leaseOwner, ownerId), eq(scoringJobs.status, "running"));

/** Extends the lease while the job is still ours; false = the lease was lost. */
export async function renewLease(db: Db, id: number, ownerId: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(scoringJobs)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
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

// ── chunks: a job's customers split so that every runner of every instance can score a part ──

/** Customers per chunk unless the runner says otherwise. */
export const DEFAULT_CHUNK_CUSTOMERS = 20_000;
/** Chunk rows per INSERT while splitting (each carries its customer ids). */
const CHUNKS_PER_INSERT = 20;

export interface JobPlan {
  modelRunId: number;
  asOfWeek: number;
  total: number;
  chunks: number;
}

/**
 * Splits a job we own into chunks of `chunkCustomers` customers (byte order of the id) of the
 * dataset's current as-of week, scored with `modelRunId`, unless it was split before (a taken-over job keeps its plan, its model and
 * its finished chunks). Null: the job is no longer ours.
 */
export async function planScoringJob(
  db: Db,
  job: { id: number; datasetId: number; asOfWeek: number },
  ownerId: string,
  /** The active model's run (resolved before: on PGlite another query inside this transaction would wait for it forever). */
  modelRunId: number | null,
  chunkCustomers: number,
): Promise<JobPlan | "no-model" | null> {
  if (!Number.isInteger(chunkCustomers) || chunkCustomers < 1) throw new RangeError(`chunkCustomers must be a positive integer, got ${chunkCustomers}`);
  return db.transaction(async (tx) => {
    const [own] = await tx.select({ id: scoringJobs.id }).from(scoringJobs).where(mine(job.id, ownerId)).for("update");
    if (!own) return null;
    const [existing] = await tx
      .select({ modelRunId: sql<number>`min(${scoringJobChunks.modelRunId})::int`, asOfWeek: sql<number>`min(${scoringJobChunks.asOfWeek})::int`, chunks: sql<number>`count(*)::int`, total: sql<number>`coalesce(sum(cardinality(${scoringJobChunks.customerIds})), 0)::int` })
      .from(scoringJobChunks)
      .where(eq(scoringJobChunks.jobId, job.id));
    if (existing && Number(existing.chunks) > 0) return { modelRunId: Number(existing.modelRunId), asOfWeek: Number(existing.asOfWeek), total: Number(existing.total), chunks: Number(existing.chunks) };
    const runId = modelRunId;
    if (runId === null) return "no-model";
    const ids = (
      await tx
        .select({ id: featureVectors.customerId })
        .from(featureVectors)
        .where(and(eq(featureVectors.datasetId, job.datasetId), eq(featureVectors.asOfWeek, job.asOfWeek)))
        .orderBy(sql`${featureVectors.customerId} collate "C"`)
    ).map((r) => r.id);
    const rows: (typeof scoringJobChunks.$inferInsert)[] = [];
    for (let k = 0; k * chunkCustomers < ids.length; k++) {
      rows.push({ jobId: job.id, chunkNo: k, asOfWeek: job.asOfWeek, modelRunId: runId, customerIds: ids.slice(k * chunkCustomers, (k + 1) * chunkCustomers) });
    }
    for (let i = 0; i < rows.length; i += CHUNKS_PER_INSERT) await tx.insert(scoringJobChunks).values(rows.slice(i, i + CHUNKS_PER_INSERT));
    await tx.update(scoringJobs).set({ total: ids.length, progress: 0 }).where(eq(scoringJobs.id, job.id));
    return { modelRunId: runId, asOfWeek: job.asOfWeek, total: ids.length, chunks: rows.length };
  });
}

/**
 * Leases the next chunk of a running job (of `jobId`, or of any running job): queued, or running
 * under an expired lease (its runner died). `skip locked`: concurrent runners never wait for each
 * other and never get the same chunk.
 */
export async function leaseChunk(db: Db, ownerId: string, leaseMs: number, jobId?: number): Promise<ScoringJobChunkRow | null> {
  const [row] = await db
    .update(scoringJobChunks)
    .set({ status: "running", leaseOwner: ownerId, leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`, attempts: sql`${scoringJobChunks.attempts} + 1` })
    .where(
      sql`${scoringJobChunks.id} = (
        select c.id from scoring_job_chunks c join scoring_jobs j on j.id = c.job_id
        where j.status = 'running' ${jobId !== undefined ? sql`and c.job_id = ${jobId}` : sql``}
          and (c.status = 'queued' or (c.status = 'running' and c.lease_until < now()))
        order by c.job_id, c.chunk_no limit 1 for update of c skip locked)`,
    )
    .returning();
  return row ?? null;
}

const myChunk = (id: number, ownerId: string) => and(eq(scoringJobChunks.id, id), eq(scoringJobChunks.leaseOwner, ownerId), eq(scoringJobChunks.status, "running"));

export async function renewChunkLease(db: Db, chunkId: number, ownerId: string, leaseMs: number): Promise<boolean> {
  const rows = await db
    .update(scoringJobChunks)
    .set({ leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(myChunk(chunkId, ownerId))
    .returning({ id: scoringJobChunks.id });
  return rows.length > 0;
}

/** Inside the transaction that stores a chunk: locks the chunk row if it is still ours (a taker-over waits for our commit). */
export async function lockOwnChunk(tx: Db, chunkId: number, ownerId: string): Promise<boolean> {
  const rows = await tx.select({ id: scoringJobChunks.id }).from(scoringJobChunks).where(myChunk(chunkId, ownerId)).for("update");
  return rows.length > 0;
}

/**
 * Inside the same transaction: the chunk is done, the job's progress is the customers of its done
 * chunks; returns how many chunks are left. The runner that sees 0 finishes the job: it takes the
 * job's lease in this transaction (`takeJobLease`), so exactly one runner finishes it.
 */
export async function markChunkDone(tx: Db, chunk: Pick<ScoringJobChunkRow, "id" | "jobId">, ownerId: string): Promise<{ left: number; progress: number }> {
  // The job row first: two runners finishing the last two chunks at once count one after the other
  // (each would otherwise miss the other's uncommitted chunk, and nobody would finish the job).
  await tx.select({ id: scoringJobs.id }).from(scoringJobs).where(eq(scoringJobs.id, chunk.jobId)).for("update");
  await tx.update(scoringJobChunks).set({ status: "done", leaseOwner: null, leaseUntil: null, scoredBy: ownerId, finishedAt: new Date() }).where(eq(scoringJobChunks.id, chunk.id));
  const [p] = await tx
    .select({
      left: sql<number>`count(*) filter (where ${scoringJobChunks.status} <> 'done')::int`,
      done: sql<number>`coalesce(sum(cardinality(${scoringJobChunks.customerIds})) filter (where ${scoringJobChunks.status} = 'done'), 0)::int`,
    })
    .from(scoringJobChunks)
    .where(eq(scoringJobChunks.jobId, chunk.jobId));
  const progress = Number(p?.done ?? 0);
  await tx.update(scoringJobs).set({ progress }).where(eq(scoringJobs.id, chunk.jobId));
  return { left: Number(p?.left ?? 0), progress };
}

/** The finisher takes the job's lease (from the runner that split it, alive or not). */
export async function takeJobLease(tx: Db, jobId: number, ownerId: string, leaseMs: number): Promise<boolean> {
  const rows = await tx
    .update(scoringJobs)
    .set({ leaseOwner: ownerId, leaseUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(scoringJobs.id, jobId), eq(scoringJobs.status, "running")))
    .returning({ id: scoringJobs.id });
  return rows.length > 0;
}

/** Chunks not done yet. */
export async function chunksLeft(db: Db, jobId: number): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(scoringJobChunks)
    .where(and(eq(scoringJobChunks.jobId, jobId), sql`${scoringJobChunks.status} <> 'done'`));
  return Number(r?.n ?? 0);
}

/** Hands this owner's chunks back (queued) when its runner stops cleanly. */
export async function releaseChunks(db: Db, ownerId: string): Promise<void> {
  await db
    .update(scoringJobChunks)
    .set({ status: "queued", leaseOwner: null, leaseUntil: null })
    .where(and(eq(scoringJobChunks.leaseOwner, ownerId), eq(scoringJobChunks.status, "running")));
}
