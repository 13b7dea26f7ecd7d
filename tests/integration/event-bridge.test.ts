/** Two instances on one PostgreSQL see each other's progress events (LISTEN/NOTIFY). */
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchTopic, createEvents, type PlanEvent } from "../../lib/events";
import { bridgeEventsOverPostgres } from "../../lib/events/pg-bridge";
import { createTestDb, dbKinds, type TestDb } from "../support/db";

// LISTEN/NOTIFY exists only on a PostgreSQL server (CI sets TEST_DATABASE_URL); PGlite runs one instance.
describe.skipIf(!dbKinds().includes("postgres"))("event bridge on PostgreSQL (needs TEST_DATABASE_URL)", () => {
  let db: TestDb;
  let a: postgres.Sql;
  let b: postgres.Sql;

  beforeAll(async () => {
    db = await createTestDb("postgres");
    a = postgres(db.url!, { max: 2 });
    b = postgres(db.url!, { max: 2 });
  });
  afterAll(async () => {
    await a?.end();
    await b?.end();
    await db?.destroy();
  });

  it("delivers an event published on one instance to the other, once, and not back to itself", async () => {
    const ea = createEvents();
    const eb = createEvents();
    const offA = await bridgeEventsOverPostgres(a, ea, "instance-a", (e) => {
      throw e;
    });
    const offB = await bridgeEventsOverPostgres(b, eb, "instance-b", (e) => {
      throw e;
    });
    const atA: PlanEvent[] = [];
    const atB: PlanEvent[] = [];
    ea.plans.subscribe(batchTopic(7), (e) => atA.push(e));
    const got = new Promise<void>((resolve) =>
      eb.plans.subscribe(batchTopic(7), (e) => {
        atB.push(e);
        if (e.kind === "done") resolve();
      }),
    );
    ea.plans.publish(batchTopic(7), { batchId: 7, kind: "delta", customerId: "C1", delta: "你好" });
    ea.plans.publish(batchTopic(7), { batchId: 7, kind: "done", customerId: "C1" });
    await got;
    await new Promise((r) => setTimeout(r, 200)); // any echo would have arrived by now
    expect(atB.map((e) => e.kind)).toEqual(["delta", "done"]);
    expect(atB[0]!.delta).toBe("你好");
    expect(atA.map((e) => e.kind)).toEqual(["delta", "done"]); // local delivery only, no echo
    await offA();
    await offB();
  });
});
