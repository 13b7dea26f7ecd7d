/**
 * Scheduled scoring as durable jobs (both databases): dedupe of triggers, one job at a time, a
 * runner dropped mid-job (as a crash leaves it: lease kept, nothing more written) and a new
 * runner on the same database finishing the job exactly once, schedule slots, advance → a job,
 * and the "score now" action (role, audit).
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog, featureVectors, predictions, scoringJobChunks, scoringJobs, scoringRuns, type ScoringJobRow } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { parseEnv } from "../../lib/config/env";
import { parseCron } from "../../lib/config/cron";
import { getActiveDataset } from "../../lib/data/dataset-store";
import { getActiveRunSummary } from "../../lib/ml/model-registry";
import { waitForRun } from "../../lib/ml/training-service";
import { claimScoringJob, dataArrivalKey, enqueueScoringJob, finishScoringJob } from "../../lib/monitor/scoring-jobs";
import { SCORING_JOB_TOPIC, ScoringJobRunner, type ScoringJobEvent, type ScoringRunnerOptions } from "../../lib/monitor/scoring-runner";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { loadModel } from "../../lib/services/model-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

describeEachDb("scheduled scoring jobs on %s", (kind) => {
  let db: TestDb;
  let s: AppServices;
  const runners: ScoringJobRunner[] = [];

  beforeAll(async () => {
    db = await createTestDb(kind);
    const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn", SCORING_SCHEDULE: "" });
    // No background runners: each test starts the runners it observes.
    s = await createAppServices(env, { dbHandle: db, runPlans: false });
    await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 700, historyWeeks: 50, seed: 5 });
    const run = await perform(s, CLI_ACTOR, actions.trainModel, { rounds: 60 });
    expect((await waitForRun(s.training, run.id)).status).toBe("succeeded");
  }, 300_000);

  afterAll(async () => {
    for (const r of runners) await r.stop();
    await s?.close();
    await db?.destroy();
  });

  function runner(ownerId: string, opts: ScoringRunnerOptions = {}): ScoringJobRunner {
    const r = new ScoringJobRunner(
      {
        db: db.db,
        ownerId,
        activeModel: async () => {
          const run = await getActiveRunSummary(db.db);
          const m = run && (await loadModel(db.db, s.models, run.id));
          return run && m ? { runId: run.id, ensemble: m.ensemble } : null;
        },
      },
      { leaseMs: 1_000, pollMs: 50, chunkRows: 100, ...opts },
    );
    runners.push(r);
    return r;
  }

  const scope = async () => {
    const d = (await getActiveDataset(db.db))!;
    const m = (await getActiveRunSummary(db.db))!;
    return { datasetId: d.id, asOfWeek: d.asOfWeek, modelRunId: m.id };
  };
  const runsOfScope = async () => {
    const sc = await scope();
    return db.db
      .select()
      .from(scoringRuns)
      .where(and(eq(scoringRuns.modelRunId, sc.modelRunId), eq(scoringRuns.datasetId, sc.datasetId), eq(scoringRuns.asOfWeek, sc.asOfWeek)));
  };
  const activeCount = async () => {
    const sc = await scope();
    const [r] = await db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(featureVectors)
      .where(and(eq(featureVectors.datasetId, sc.datasetId), eq(featureVectors.asOfWeek, sc.asOfWeek)));
    return Number(r!.n);
  };

  it("a trigger that fires twice queues one job; only one job is claimed at a time", async () => {
    const { datasetId, asOfWeek } = await scope();
    const a = await enqueueScoringJob(db.db, { datasetId, reason: "import", dedupeKey: dataArrivalKey(datasetId, asOfWeek) });
    const b = await enqueueScoringJob(db.db, { datasetId, reason: "import", dedupeKey: dataArrivalKey(datasetId, asOfWeek) });
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.job.id).toBe(a.job.id);
    const second = await enqueueScoringJob(db.db, { datasetId, reason: "manual", dedupeKey: "manual:test:1" });
    const x = await claimScoringJob(db.db, "owner-x", 60_000);
    expect(x?.id).toBe(a.job.id);
    // While x runs under a live lease, nobody else (another runner, another instance) starts a job.
    expect(await claimScoringJob(db.db, "owner-y", 60_000)).toBeNull();
    expect(await finishScoringJob(db.db, x!.id, "owner-y", { status: "failed", error: "not mine" })).toBeNull();
    await finishScoringJob(db.db, x!.id, "owner-x", { status: "failed", error: "test: released" });
    const y = await claimScoringJob(db.db, "owner-y", 60_000);
    expect(y?.id).toBe(second.job.id);
    await finishScoringJob(db.db, y!.id, "owner-y", { status: "failed", error: "test: released" });
  });

  it("a runner scores a queued job: predictions of the active customers, a scoring run, progress to the total", async () => {
    const { datasetId } = await scope();
    const { job } = await enqueueScoringJob(db.db, { datasetId, reason: "manual", dedupeKey: "manual:test:2" });
    const r = runner("runner-plain");
    const seen: ScoringJobEvent[] = [];
    r.events.subscribe(SCORING_JOB_TOPIC, (e) => seen.push(e));
    r.start();
    const done = await r.waitFor(job.id, { pollMs: 50 });
    await r.stop();
    const n = await activeCount();
    expect(done.status).toBe("done");
    expect(done.total).toBe(n);
    expect(done.progress).toBe(n);
    const runs = await runsOfScope();
    expect(runs).toHaveLength(1);
    expect(done.scoringRunId).toBe(runs[0]!.id);
    expect(runs[0]!.scoredCount).toBe(n);
    expect(seen.filter((e) => e.jobId === job.id && e.status === "running" && e.progress > 0).length).toBeGreaterThan(0);
    expect(seen.filter((e) => e.jobId === job.id && e.status === "done")).toHaveLength(1);
  }, 120_000);

  it("a runner dropped mid-job: a new runner on the same database takes the job over and finishes it exactly once", async () => {
    const sc = await scope();
    const runBefore = (await runsOfScope())[0]!;
    const { job } = await enqueueScoringJob(db.db, { datasetId: sc.datasetId, reason: "schedule", dedupeKey: "schedule:test:restart" });
    let dropped: Promise<void> | null = null;
    const midJob = new Promise<number>((resolve) => {
      const a = runner("runner-a", {
        onProgress: (j, done) => {
          if (j.id !== job.id || dropped) return;
          dropped = a.drop();
          resolve(done);
        },
      });
      a.start();
    });
    const doneAtDrop = await midJob;
    await dropped!;
    const total = await activeCount();
    expect(doneAtDrop).toBeLessThan(total);
    const orphan = (await db.db.select().from(scoringJobs).where(eq(scoringJobs.id, job.id)))[0]!;
    // What a crash leaves: the job still running under the dead runner's lease, nothing finished.
    expect(orphan.status).toBe("running");
    expect(orphan.leaseOwner).toBe("runner-a");
    expect(orphan.finishedAt).toBeNull();

    const b = runner("runner-b");
    const doneEvents: ScoringJobEvent[] = [];
    b.events.subscribe(SCORING_JOB_TOPIC, (e) => e.jobId === job.id && e.status === "done" && doneEvents.push(e));
    b.start();
    const finished = await b.waitFor(job.id, { pollMs: 50 });
    await b.stop();
    expect(finished.status).toBe("done");
    // The job is finished by runner-b: either it claimed the job again (attempts 2) or it took the
    // dropped runner's chunk over and, completing the last chunk, finished the job under its own lease.
    expect(finished.attempts).toBeLessThanOrEqual(2);
    const chunks = await db.db.select().from(scoringJobChunks).where(eq(scoringJobChunks.jobId, job.id));
    expect(chunks.every((c) => c.status === "done")).toBe(true);
    expect(chunks.some((c) => c.scoredBy === "runner-b" && c.attempts === 2)).toBe(true);
    expect(finished.progress).toBe(total);
    expect(doneEvents).toHaveLength(1);
    // Exactly one scoring run for (model, dataset, as-of), the same row re-scored, and one prediction per customer.
    const runs = await runsOfScope();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.id).toBe(runBefore.id);
    expect(finished.scoringRunId).toBe(runBefore.id);
    const [p] = await db.db
      .select({ n: sql<number>`count(*)::int`, d: sql<number>`count(distinct ${predictions.customerId})::int` })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, sc.modelRunId), eq(predictions.datasetId, sc.datasetId), eq(predictions.asOfWeek, sc.asOfWeek)));
    expect(Number(p!.n)).toBe(total);
    expect(Number(p!.d)).toBe(total);
  }, 120_000);

  it("a schedule slot queues one job however many runners see it", async () => {
    let clock = new Date("2026-03-02T01:00:30Z");
    const schedule = parseCron("* * * * *");
    const r1 = new ScoringJobRunner({ db: db.db, ownerId: "sched-1", activeModel: async () => null, schedule }, { pollMs: 30, leaseMs: 1_000, now: () => clock });
    const r2 = new ScoringJobRunner({ db: db.db, ownerId: "sched-2", activeModel: async () => null, schedule }, { pollMs: 30, leaseMs: 1_000, now: () => clock });
    runners.push(r1, r2);
    r1.start();
    r2.start();
    clock = new Date("2026-03-02T01:01:10Z");
    r1.kick();
    r2.kick();
    const key = "schedule:2026-03-02T01:01:00.000Z";
    let rows: ScoringJobRow[] = [];
    for (let i = 0; i < 200 && !(rows[0]?.status === "failed"); i++) {
      rows = await db.db.select().from(scoringJobs).where(eq(scoringJobs.dedupeKey, key));
      await new Promise((r) => setTimeout(r, 50));
    }
    await r1.stop();
    await r2.stop();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.reason).toBe("schedule");
    // These runners have no model: the job fails and says why.
    expect(rows[0]!.status).toBe("failed");
    expect(rows[0]!.error).toMatch(/no active model/);
  }, 60_000);

  it("score now: admins only, one audit row, joins an open job; advance queues and awaits a job for the new week", async () => {
    const viewer = { ...CLI_ACTOR, id: "viewer-1", via: "session" as const, role: "viewer" as const };
    await expect(perform(s, viewer, actions.enqueueScoring, {})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(perform(s, CLI_ACTOR, actions.enqueueScoring, { wait: "yes" })).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "wait" });
    const auditsBefore = (await db.db.select().from(auditLog).where(eq(auditLog.action, "enqueue_scoring"))).length;
    const first = await perform(s, CLI_ACTOR, actions.enqueueScoring, {});
    const again = await perform(s, CLI_ACTOR, actions.enqueueScoring, {});
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.job.id).toBe(first.job.id);
    expect((await db.db.select().from(auditLog).where(eq(auditLog.action, "enqueue_scoring"))).length).toBe(auditsBefore + 2);
    const waited = await perform(s, CLI_ACTOR, actions.enqueueScoring, { wait: true });
    expect(waited.job.id).toBe(first.job.id);
    expect(waited.job.status).toBe("done");

    const { dataset } = await perform(s, CLI_ACTOR, actions.advanceDataset, { weeks: 4 });
    const [job] = await db.db.select().from(scoringJobs).where(eq(scoringJobs.dedupeKey, dataArrivalKey(dataset.id, dataset.asOfWeek)));
    expect(job?.reason).toBe("advance");
    expect(job?.status).toBe("done");
    const runs = await runsOfScope();
    expect(runs).toHaveLength(1);
    expect(runs[0]!.asOfWeek).toBe(dataset.asOfWeek);
    expect(job!.scoringRunId).toBe(runs[0]!.id);
  }, 180_000);
});
