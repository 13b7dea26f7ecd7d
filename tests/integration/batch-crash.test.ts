import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";
import { planBatches, retentionPlans } from "../../db/schema";
import { createEvents } from "../../lib/events";
import { createPlanBatch, PlanRunnerState } from "../../lib/plans/plan-service";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { seedPlanFixture } from "../support/plan-fixture";

const CHILD = fileURLToPath(new URL("../support/plan-runner-process.ts", import.meta.url));
const N = 20;

interface Child {
  proc: ChildProcess;
  events: { event: string; customerId?: string }[];
  exited: Promise<number | null>;
  stderr: string[];
}

function startChild(env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child: Child = { proc, events: [], stderr: [], exited: new Promise((r) => proc.on("exit", (code) => r(code))) };
  let buf = "";
  proc.stdout?.on("data", (d: Buffer) => {
    buf += d.toString("utf8");
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      try {
        child.events.push(JSON.parse(line) as Child["events"][number]);
      } catch {
        // not ours (tsx or a library printing)
      }
    }
  });
  proc.stderr?.on("data", (d: Buffer) => child.stderr.push(d.toString("utf8")));
  return child;
}

async function waitFor(what: string, ok: () => boolean, timeoutMs: number, child?: Child): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${child?.stderr.join("").slice(-2000) ?? ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const doneIds = (c: Child) => c.events.filter((e) => e.event === "done").map((e) => e.customerId ?? "");
/** Plans the child has claimed and not yet reported finished. */
const inFlight = (c: Child) => {
  const finished = new Set(c.events.filter((e) => e.event === "done" || e.event === "failed").map((e) => e.customerId));
  // "started" repeats when a retry starts the text over: count customers, not events.
  return new Set(c.events.filter((e) => e.event === "started" && !finished.has(e.customerId)).map((e) => e.customerId)).size;
};

describeEachDb("plan batch survives SIGKILL on %s", (kind) => {
  let fake: FakeLlm;
  let dir: string | undefined;
  let testDb: TestDb | undefined;

  beforeAll(async () => {
    // Slow enough that the kill lands mid-batch with plans in flight.
    fake = await startFakeLlm({ latencyMs: 250, chunkDelayMs: 5, chunkSize: 24 });
  });
  afterAll(async () => {
    await fake?.close();
    await testDb?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("a second process completes the batch: zero lost, zero written twice", async () => {
    let handle: DbHandle;
    let dbEnv: Record<string, string>;
    if (kind === "pglite") {
      dir = mkdtempSync(path.join(tmpdir(), "plan-crash-"));
      handle = await openDatabase({ pgliteDir: dir });
      dbEnv = { PLAN_PGLITE_DIR: dir };
    } else {
      testDb = await createTestDb("postgres");
      handle = testDb;
      dbEnv = { PLAN_DATABASE_URL: testDb.url ?? "" };
    }
    const fx = await seedPlanFixture(handle.db, { customers: 120, seed: 7 });
    const ids = fx.rankedIds.slice(0, N);
    const llm = { baseURL: fake.url, apiKey: "sk-parent", model: "fake-model", provider: "openai-compatible" as const, concurrency: 3, timeoutMs: 10_000, maxRetries: 2 };
    const batch = await createPlanBatch(
      { db: handle.db, events: createEvents(), llm, ownerId: "parent", state: new PlanRunnerState() },
      { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: {} },
    );
    // PGlite is single-process: the children need the directory to themselves.
    if (kind === "pglite") await handle.close();

    const common = { ...dbEnv, PLAN_LLM_URL: fake.url, PLAN_BATCH_ID: String(batch.id), PLAN_LEASE_MS: "2000", PLAN_CONCURRENCY: "3" };
    const first = startChild({ ...common, PLAN_OWNER: "first" });
    // Kill with plans in flight, not between two claims: a kill in that gap would leave nothing
    // for the second process to take over, and the takeover is what this test is about.
    await waitFor("first child to finish 5 plans with 2 in flight", () => doneIds(first).length >= 5 && inFlight(first) >= 2, 90_000, first);
    first.proc.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    const beforeKill = doneIds(first);
    expect(beforeKill.length).toBeLessThan(N);

    const second = startChild({ ...common, PLAN_OWNER: "second" });
    await waitFor("second child to finish the batch", () => second.events.some((e) => e.event === "batch-done"), 90_000, second);
    expect(await second.exited).toBe(0);
    const afterRestart = doneIds(second);

    const check = kind === "pglite" ? await openDatabase({ pgliteDir: dir }) : handle;
    try {
      const rows = await check.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batch.id));
      expect(rows).toHaveLength(N);
      expect(new Set(rows.map((r) => r.customerId)).size).toBe(N);
      expect(rows.every((r) => r.status === "done" && r.plan !== null && r.source === "llm")).toBe(true);
      const byFirst = rows.filter((r) => r.claimedBy === "first").map((r) => r.customerId).sort();
      const bySecond = rows.filter((r) => r.claimedBy === "second").map((r) => r.customerId).sort();
      // Every customer's plan was written exactly once, by one of the two processes.
      expect([...byFirst, ...bySecond].sort()).toEqual([...ids].sort());
      // The killed process may die between writing a plan and reporting it, so what it reported
      // is a subset of what it wrote; the second process ran to the end and reported all of its own.
      expect(beforeKill.every((c) => byFirst.includes(c))).toBe(true);
      expect([...afterRestart].sort()).toEqual(bySecond);
      expect(afterRestart.some((c) => byFirst.includes(c))).toBe(false);
      // Rows the killed process had in flight were taken over by the second one.
      const takenOver = rows.filter((r) => r.attempts >= 2);
      expect(takenOver.length).toBeGreaterThanOrEqual(1);
      expect(takenOver.every((r) => r.claimedBy === "second")).toBe(true);
      const [b] = await check.db.select().from(planBatches).where(eq(planBatches.id, batch.id));
      expect(b?.status).toBe("done");
    } finally {
      await check.close();
    }
  });
});
