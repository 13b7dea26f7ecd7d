/**
 * SCORING_CHUNK_CUSTOMERS (#17) reaches the place jobs are split (both databases): services built
 * from an environment with 1,000 customers per chunk split a job over a few thousand active
 * customers into ceil(active / 1,000) chunks, and every active customer is scored exactly once.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { featureVectors, predictions, scoringJobChunks } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { parseEnv } from "../../lib/config/env";
import { getActiveDataset } from "../../lib/data/dataset-store";
import { getActiveRunSummary } from "../../lib/ml/model-registry";
import { waitForRun } from "../../lib/ml/training-service";
import { enqueueScoringJob } from "../../lib/monitor/scoring-jobs";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

describeEachDb("scoring job chunk size from the environment on %s", (kind) => {
  let db: TestDb;
  let s: AppServices;

  beforeAll(async () => {
    db = await createTestDb(kind);
    const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn", SCORING_SCHEDULE: "", SCORING_CHUNK_CUSTOMERS: "1000" });
    expect(env.SCORING_CHUNK_CUSTOMERS).toBe(1_000);
    s = await createAppServices(env, { dbHandle: db, runPlans: false });
    await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 3_200, historyWeeks: 50, seed: 17 });
    const run = await perform(s, CLI_ACTOR, actions.trainModel, { rounds: 20 });
    expect((await waitForRun(s.training, run.id)).status).toBe("succeeded");
  }, 300_000);

  afterAll(async () => {
    await s?.scoringJobs.stop();
    await s?.close();
    await db?.destroy();
  });

  it("a job is split into ceil(active / 1,000) chunks and scores every active customer exactly once", async () => {
    const d = (await getActiveDataset(db.db))!;
    const m = (await getActiveRunSummary(db.db))!;
    const [fv] = await db.db
      .select({ n: sql<number>`count(*)::int` })
      .from(featureVectors)
      .where(and(eq(featureVectors.datasetId, d.id), eq(featureVectors.asOfWeek, d.asOfWeek)));
    const active = Number(fv!.n);
    // A few thousand: more than two chunks, not a multiple of the chunk size by construction.
    expect(active).toBeGreaterThan(2_000);

    const { job } = await enqueueScoringJob(db.db, { datasetId: d.id, reason: "manual", dedupeKey: "manual:chunk-size" });
    s.scoringJobs.start();
    const done = await s.scoringJobs.waitFor(job.id, { pollMs: 50 });
    expect(done.status).toBe("done");
    expect(done.total).toBe(active);
    expect(done.progress).toBe(active);

    const chunks = await db.db.select().from(scoringJobChunks).where(eq(scoringJobChunks.jobId, job.id));
    expect(chunks).toHaveLength(Math.ceil(active / 1_000));
    expect(chunks.every((c) => c.status === "done")).toBe(true);
    expect(chunks.every((c) => c.customerIds.length <= 1_000)).toBe(true);
    const ids = chunks.flatMap((c) => c.customerIds);
    expect(ids).toHaveLength(active);
    expect(new Set(ids).size).toBe(active);

    const [p] = await db.db
      .select({ n: sql<number>`count(*)::int`, d: sql<number>`count(distinct ${predictions.customerId})::int` })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, m.id), eq(predictions.datasetId, d.id), eq(predictions.asOfWeek, d.asOfWeek)));
    expect(Number(p!.n)).toBe(active);
    expect(Number(p!.d)).toBe(active);
  }, 180_000);
});
