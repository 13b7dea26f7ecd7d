/**
 * A starting instance fails only the training runs whose owner is gone: on PostgreSQL a run
 * owned by a live instance (visible by its application_name) is left alone.
 */
import postgres from "postgres";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { modelRuns } from "../../db/schema";
import { createEvents } from "../../lib/events";
import { INTERRUPTED_MESSAGE, recoverInterruptedRuns } from "../../lib/ml/training-service";
import { pgOwnerLiveness } from "../../lib/services/owner-liveness";
import { createTestDb, type TestDb } from "../support/db";
import { describeOnPostgres } from "../support/db-suites";

describeOnPostgres("run recovery across instances on PostgreSQL (needs TEST_DATABASE_URL)", () => {
  let db: TestDb;
  let other: postgres.Sql;

  beforeAll(async () => {
    db = await createTestDb("postgres");
    // Another live instance: its connection carries its owner id.
    other = postgres(db.url!, { max: 1, connection: { application_name: "host-b:4242:abcd" } });
    await other`select 1`;
  });
  afterAll(async () => {
    await other?.end();
    await db?.destroy();
  });

  it("fails a dead owner's run and keeps a live owner's", async () => {
    const base = { status: "running" as const, params: {}, featureNames: [] };
    const [live] = await db.db.insert(modelRuns).values({ ...base, ownerId: "host-b:4242:abcd" }).returning();
    await db.db.update(modelRuns).set({ status: "failed" }).where(eq(modelRuns.id, live!.id)); // one running at a time (unique index)
    const [dead] = await db.db.insert(modelRuns).values({ ...base, ownerId: "host-c:999:dead" }).returning();
    const deps = { db: db.db, events: createEvents(), ownerId: "host-a:1:aaaa", isOwnerAlive: pgOwnerLiveness(other), jobs: new Map() };

    expect(await recoverInterruptedRuns(deps)).toBe(1);
    const [d] = await db.db.select().from(modelRuns).where(eq(modelRuns.id, dead!.id));
    expect(d!.status).toBe("failed");
    expect(d!.error).toBe(INTERRUPTED_MESSAGE);

    await db.db.update(modelRuns).set({ status: "running" }).where(eq(modelRuns.id, live!.id));
    expect(await recoverInterruptedRuns(deps)).toBe(0);
    const [l] = await db.db.select().from(modelRuns).where(eq(modelRuns.id, live!.id));
    expect(l!.status).toBe("running");

    await other.end();
    other = postgres(db.url!, { max: 1 });
    expect(await recoverInterruptedRuns({ ...deps, isOwnerAlive: pgOwnerLiveness(other) })).toBe(1);
  });
});
