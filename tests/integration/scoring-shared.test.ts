/**
 * Two server processes on one PostgreSQL share one scoring job (#17): the job is split into
 * chunks of customers that either process leases; each chunk's predictions are replaced in one
 * transaction fenced by its lease; whoever completes the last chunk finishes the job once. Then
 * one process is SIGKILLed mid-job and the other finishes it without duplicates.
 * PostgreSQL only: PGlite is one process (its directory cannot be opened by two), so there is
 * nothing to share there; the same chunk machinery runs on PGlite in scoring-jobs.test.ts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { featureVectors, predictions, scoringJobChunks, scoringJobs, scoringRuns, shapSummaries } from "../../db/schema";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { createEvents } from "../../lib/events";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { enqueueScoringJob } from "../../lib/monitor/scoring-jobs";
import { createTestDb, type TestDb } from "../support/db";
import { describeOnPostgres } from "../support/db-suites";

const CHILD = fileURLToPath(new URL("../support/scoring-runner-process.ts", import.meta.url));

interface ChildEvent {
  event: string;
  chunkId?: number;
  status?: string;
}
interface Child {
  proc: ChildProcess;
  events: ChildEvent[];
  exited: Promise<number | null>;
  stderr: string[];
}

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const child: Child = { proc, events: [], stderr: [], exited: new Promise((r) => proc.on("exit", (code) => r(code))) };
  let buf = "";
  proc.stdout?.on("data", (d: Buffer) => {
    buf += d.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        child.events.push(JSON.parse(line) as ChildEvent);
      } catch {
        // not ours (tsx or a library printing)
      }
    }
  });
  proc.stderr?.on("data", (d: Buffer) => child.stderr.push(d.toString("utf8")));
  return child;
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs: number, children: Child[]): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${children.map((c) => c.stderr.join("").slice(-1500)).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const chunksOf = (c: Child) => c.events.filter((e) => e.event === "chunk").length;

describeOnPostgres("one scoring job shared by two processes on one PostgreSQL", () => {
  let t: TestDb;
  let scope: { modelRunId: number; datasetId: number; asOfWeek: number };
  let active: number;

  beforeAll(async () => {
    t = await createTestDb("postgres");
    const ds = await generateAndStoreDataset(t.db, { customers: 3_000, historyWeeks: 52, lookbackWeeks: 12, seed: 17, churnRate: 0.3 });
    const deps = { db: t.db, events: createEvents(), ownerId: "scoring-shared-test", jobs: new Map() };
    const run = await startTraining(deps, { rounds: 40 });
    expect((await waitForRun(deps, run.id)).status).toBe("succeeded");
    scope = { modelRunId: run.id, datasetId: ds.id, asOfWeek: ds.asOfWeek };
    const [n] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(featureVectors)
      .where(and(eq(featureVectors.datasetId, ds.id), eq(featureVectors.asOfWeek, ds.asOfWeek)));
    active = Number(n!.n);
  }, 600_000);
  afterAll(async () => {
    await t?.destroy();
  });

  async function scored() {
    const inScope = and(eq(predictions.modelRunId, scope.modelRunId), eq(predictions.datasetId, scope.datasetId), eq(predictions.asOfWeek, scope.asOfWeek));
    const [p] = await t.db
      .select({ n: sql<number>`count(*)::int`, d: sql<number>`count(distinct ${predictions.customerId})::int`, ranks: sql<number>`count(distinct ${predictions.riskRank})::int`, maxRank: sql<number>`max(${predictions.riskRank})::int` })
      .from(predictions)
      .where(inScope);
    const runs = await t.db
      .select()
      .from(scoringRuns)
      .where(and(eq(scoringRuns.modelRunId, scope.modelRunId), eq(scoringRuns.datasetId, scope.datasetId), eq(scoringRuns.asOfWeek, scope.asOfWeek)));
    return { n: Number(p!.n), distinct: Number(p!.d), ranks: Number(p!.ranks), maxRank: Number(p!.maxRank), runs };
  }

  const common = () => ({ SCORING_DATABASE_URL: t.url ?? "", SCORING_CHUNK_CUSTOMERS: "200", SCORING_LEASE_MS: "2000" });

  it("both processes score chunks; one prediction per active customer, one scoring run, progress 100%", async () => {
    const { job } = await enqueueScoringJob(t.db, { datasetId: scope.datasetId, reason: "manual", dedupeKey: "shared:1" });
    const env = { ...common(), SCORING_JOB_ID: String(job.id), SCORING_PAUSE_MS: "150" };
    // Both are up before the job can be claimed (it is queued already; the first to poll claims it, the other helps).
    const a = startChild({ ...env, SCORING_OWNER: "proc-a" });
    const b = startChild({ ...env, SCORING_OWNER: "proc-b" });
    await waitUntil("both processes to finish the job", () => [a, b].every((c) => c.events.some((e) => e.event === "job-done")), 240_000, [a, b]);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);

    const [row] = await t.db.select().from(scoringJobs).where(eq(scoringJobs.id, job.id));
    expect(row!.status).toBe("done");
    expect(row!.total).toBe(active);
    expect(row!.progress).toBe(active);
    const chunks = await t.db.select().from(scoringJobChunks).where(eq(scoringJobChunks.jobId, job.id));
    expect(chunks.length).toBe(Math.ceil(active / 200));
    expect(chunks.every((c) => c.status === "done")).toBe(true);
    // Both processes stored chunks, and what each reported is what the table says it stored.
    const byA = chunks.filter((c) => c.scoredBy === "proc-a").length;
    const byB = chunks.filter((c) => c.scoredBy === "proc-b").length;
    expect(byA).toBeGreaterThanOrEqual(1);
    expect(byB).toBeGreaterThanOrEqual(1);
    expect(byA + byB).toBe(chunks.length);
    expect(chunksOf(a)).toBe(byA);
    expect(chunksOf(b)).toBe(byB);

    const s = await scored();
    expect(s.n).toBe(active);
    expect(s.distinct).toBe(active);
    // Ranks are over all rows, not per chunk: 1..n, each once.
    expect(s.ranks).toBe(active);
    expect(s.maxRank).toBe(active);
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0]!.scoredCount).toBe(active);
    expect(row!.scoringRunId).toBe(s.runs[0]!.id);
    const [summary] = await t.db.select().from(shapSummaries).where(eq(shapSummaries.modelRunId, scope.modelRunId));
    expect(summary!.nRows).toBe(active);
  }, 300_000);

  it("one process killed mid-job: the other finishes it, no customer scored twice", async () => {
    const { job } = await enqueueScoringJob(t.db, { datasetId: scope.datasetId, reason: "manual", dedupeKey: "shared:2" });
    const env = { ...common(), SCORING_JOB_ID: String(job.id), SCORING_PAUSE_MS: "300" };
    const a = startChild({ ...env, SCORING_OWNER: "kill-a" });
    const b = startChild({ ...env, SCORING_OWNER: "kill-b" });
    await waitUntil("the first process to store 2 chunks", () => chunksOf(a) >= 2, 240_000, [a, b]);
    a.proc.kill("SIGKILL");
    expect(await a.exited).toBeNull();
    await waitUntil("the surviving process to finish the job", () => b.events.some((e) => e.event === "job-done"), 240_000, [b]);
    expect(await b.exited).toBe(0);

    const [row] = await t.db.select().from(scoringJobs).where(eq(scoringJobs.id, job.id));
    expect(row!.status).toBe("done");
    expect(row!.progress).toBe(active);
    const chunks = await t.db.select().from(scoringJobChunks).where(eq(scoringJobChunks.jobId, job.id));
    expect(chunks.every((c) => c.status === "done")).toBe(true);
    expect(chunks.filter((c) => c.scoredBy === "kill-a").length).toBeGreaterThanOrEqual(2);
    expect(chunks.filter((c) => c.scoredBy === "kill-b").length).toBeGreaterThanOrEqual(1);
    const s = await scored();
    expect(s.n).toBe(active);
    expect(s.distinct).toBe(active);
    expect(s.maxRank).toBe(active);
    expect(s.runs).toHaveLength(1);
  }, 300_000);
});
