/** Two instances on one PostgreSQL see each other's progress events (LISTEN/NOTIFY). */
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { batchTopic, createEvents, type AppEvents, type PlanEvent } from "../../lib/events";
import { bridgeEventsOverPostgres } from "../../lib/events/pg-bridge";
import { createTestDb, type TestDb } from "../support/db";
import { describeOnPostgres } from "../support/db-suites";

// LISTEN/NOTIFY exists only on a PostgreSQL server (CI sets TEST_DATABASE_URL); PGlite runs one instance.
describeOnPostgres("event bridge on PostgreSQL (needs TEST_DATABASE_URL)", () => {
  let db: TestDb;
  let a: postgres.Sql;
  let b: postgres.Sql;
  let ea: AppEvents;
  let eb: AppEvents;
  let offA: () => Promise<void>;
  let offB: () => Promise<void>;
  const errors: unknown[] = [];

  beforeAll(async () => {
    db = await createTestDb("postgres");
    // Several pooled connections on the sending side: two NOTIFYs may run on different ones.
    a = postgres(db.url!, { max: 4 });
    b = postgres(db.url!, { max: 4 });
    ea = createEvents();
    eb = createEvents();
    offA = await bridgeEventsOverPostgres(a, ea, "instance-a", (e) => errors.push(e));
    offB = await bridgeEventsOverPostgres(b, eb, "instance-b", (e) => errors.push(e));
  });
  afterAll(async () => {
    await offA?.();
    await offB?.();
    await a?.end();
    await b?.end();
    await db?.destroy();
  });

  /** Subscribes on `bus` and resolves with everything received up to and including `done`. */
  function collectUntilDone(bus: AppEvents, batchId: number): Promise<PlanEvent[]> {
    const got: PlanEvent[] = [];
    return new Promise((resolve) => {
      const off = bus.plans.subscribe(batchTopic(batchId), (e) => {
        got.push(e);
        if (e.kind === "done") {
          off();
          resolve(got);
        }
      });
    });
  }

  /**
   * Resolves when a marker sent from `from` has reached `to`. One instance sends one NOTIFY at a
   * time and a listener gets notifications in commit order, so whatever `from` sent earlier, and
   * whatever `to` sent before `from` saw it, has been delivered by then.
   */
  async function flushed(from: AppEvents, to: AppEvents, batchId: number): Promise<void> {
    const arrived = collectUntilDone(to, batchId);
    from.plans.publish(batchTopic(batchId), { batchId, kind: "done", customerId: "marker" });
    await arrived;
  }

  it("delivers an event published on one instance to the other, once, and not back to itself", async () => {
    const atA: PlanEvent[] = [];
    const offLocal = ea.plans.subscribe(batchTopic(7), (e) => atA.push(e));
    const atB = collectUntilDone(eb, 7);
    ea.plans.publish(batchTopic(7), { batchId: 7, kind: "delta", customerId: "C1", delta: "你好" });
    ea.plans.publish(batchTopic(7), { batchId: 7, kind: "done", customerId: "C1" });
    const received = await atB;
    // A duplicate at B would arrive before A's next marker; an echo at A before B's reply to it.
    await flushed(ea, eb, 70);
    await flushed(eb, ea, 71);
    offLocal();
    expect(received.map((e) => e.kind)).toEqual(["delta", "done"]);
    expect(received[0]!.delta).toBe("你好");
    expect(atA.map((e) => e.kind)).toEqual(["delta", "done"]); // local delivery only, no echo
    expect(errors).toEqual([]);
  });

  it("keeps the publish order of a burst of events", async () => {
    const atB = collectUntilDone(eb, 8);
    const sent: string[] = [];
    for (let i = 0; i < 500; i++) {
      const delta = `第${i}段;`;
      sent.push(delta);
      ea.plans.publish(batchTopic(8), { batchId: 8, kind: "delta", customerId: "C2", delta });
    }
    ea.plans.publish(batchTopic(8), { batchId: 8, kind: "done", customerId: "C2" });
    const received = await atB;
    expect(received).toHaveLength(501);
    expect(received.slice(0, 500).map((e) => e.delta)).toEqual(sent);
    expect(received[500]!.kind).toBe("done");
    expect(errors).toEqual([]);
  });

  it("splits a text delta too large for one NOTIFY and the other side gets all of it", async () => {
    const atB = collectUntilDone(eb, 9);
    const long = "客户资产回流方案🙂".repeat(2000); // ~50 KB of UTF-8, far over the 8000-byte limit
    ea.plans.publish(batchTopic(9), { batchId: 9, kind: "delta", customerId: "C3", delta: long });
    ea.plans.publish(batchTopic(9), { batchId: 9, kind: "done", customerId: "C3" });
    const received = await atB;
    const deltas = received.filter((e) => e.kind === "delta");
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((e) => e.delta).join("")).toBe(long);
    expect(received.at(-1)!.kind).toBe("done");
    expect(errors).toEqual([]);
  });
});
