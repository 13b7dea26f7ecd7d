import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers, modelRuns, planBatches, retentionPlans, type RetentionPlanRow } from "../../db/schema";
import type { LlmConfig } from "../../lib/config/env";
import { batchTopic, createEvents, type AppEvents, type PlanEvent } from "../../lib/events";
import type { PlanContent } from "../../lib/plans/plan-schema";
import { priorityForRisk } from "../../lib/plans/plan-schema";
import {
  cancelPlanBatch,
  createPlanBatch,
  getBatchCounts,
  PlanRunnerState,
  PlanBatchRunner,
  regeneratePlan,
  type PlanDeps,
} from "../../lib/plans/plan-service";
import { PROMPT_VERSION } from "../../lib/plans/prompt";
import { TEMPLATE_VERSION } from "../../lib/plans/template-planner";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { startFakeLlm, type FakeLlm, type Scenario } from "../support/fake-llm-server";
import { seedPlanFixture, type PlanFixture } from "../support/plan-fixture";

const API_KEY = "sk-batch-test-KEY-987654321";

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function batchStatus(t: TestDb, id: number): Promise<string | undefined> {
  const [b] = await t.db.select({ status: planBatches.status }).from(planBatches).where(eq(planBatches.id, id));
  return b?.status;
}

async function rowsOf(t: TestDb, batchId: number): Promise<RetentionPlanRow[]> {
  return t.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batchId)).orderBy(retentionPlans.position);
}

describeEachDb("plan batches on %s", (kind) => {
  let t: TestDb;
  let fx: PlanFixture;
  let fake: FakeLlm;

  beforeAll(async () => {
    t = await createTestDb(kind);
    fx = await seedPlanFixture(t.db, { customers: 200, seed: 1 });
    fake = await startFakeLlm({ chunkSize: 12, chunkDelayMs: 2 });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.destroy();
  });

  // Every runner here runs in this one test process, so they share one process state (as the
  // runners of one AppServices do).
  const processState = new PlanRunnerState();

  function deps(llm: Partial<LlmConfig> | null, events: AppEvents = createEvents(), ownerId = `test-${kind}-${Math.random()}`): PlanDeps {
    const config: LlmConfig | null = llm
      ? { baseURL: fake.url, apiKey: API_KEY, model: "fake-model", provider: "openai-compatible", concurrency: 4, timeoutMs: 1_500, maxRetries: 1, ...llm }
      : null;
    return { db: t.db, events, llm: config, ownerId, state: processState };
  }

  it("generates 20 LLM plans: repairs, failures, compliance, events, counts, no personal data in prompts", async () => {
    const ids = fx.rankedIds.slice(0, 20);
    const script: Record<string, Scenario> = {
      [ids[0]!]: "malformed-then-repair",
      [ids[1]!]: "malformed-always",
      [ids[2]!]: "promise-returns",
      [ids[3]!]: "rate-limit-once",
      [ids[4]!]: "error-once",
      [ids[5]!]: "hang",
    };
    fake.setScenario(({ customerId }) => (customerId && script[customerId]) || "normal");
    const requestsBefore = fake.requests.length;
    const d = deps({});
    const events: PlanEvent[] = [];
    const runner = new PlanBatchRunner(d, { pollMs: 200 });
    const batch = await createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: { topK: 20 }, actor: "tester" });
    d.events.plans.subscribe(batchTopic(batch.id), (e) => events.push(e));
    expect(batch.status).toBe("pending");
    expect(batch.planner).toBe("llm");
    expect(batch.promptVersion).toBe(PROMPT_VERSION);
    runner.start();
    try {
      await waitFor("batch done", async () => (await batchStatus(t, batch.id)) === "done");
    } finally {
      await runner.stop();
    }

    const counts = await getBatchCounts(t.db, batch.id);
    expect(counts).toEqual({ total: 20, pending: 0, running: 0, done: 19, failed: 1, cancelled: 0 });
    const rows = await rowsOf(t, batch.id);
    expect(new Set(rows.map((r) => r.customerId)).size).toBe(20);
    expect(rows.map((r) => r.customerId)).toEqual(ids);
    const byId = new Map(rows.map((r) => [r.customerId, r]));

    const repaired = byId.get(ids[0]!)!;
    expect(repaired.status).toBe("done");
    expect(repaired.rawText).toContain("```json");
    const neverValid = byId.get(ids[1]!)!;
    expect(neverValid.status).toBe("failed");
    expect(neverValid.error).toMatch(/修复一次仍失败/);
    const promising = byId.get(ids[2]!)!;
    expect(promising.status).toBe("done");
    expect(promising.complianceStatus).toBe("rejected");
    expect(JSON.stringify(promising.complianceIssues)).toContain("promised-return");
    expect(byId.get(ids[3]!)!.status).toBe("done");
    expect(byId.get(ids[4]!)!.status).toBe("done");
    // An LLM that never answers is unreachable, not a bad plan: the template planner writes it.
    const hung = byId.get(ids[5]!)!;
    expect(hung).toMatchObject({ status: "done", source: "template", llmModel: null, promptVersion: TEMPLATE_VERSION, error: null });

    for (const r of rows.filter((x) => x.status === "done" && x.customerId !== ids[5])) {
      expect(r.source).toBe("llm");
      expect(r.llmModel).toBe("fake-model");
      expect(r.promptVersion).toBe(PROMPT_VERSION);
      expect(r.priority).toBe(priorityForRisk(r.probability));
      const plan = r.plan as PlanContent;
      expect(plan.priority).toBe(r.priority);
      // The fake echoes the prompt: each plan names its own customer.
      expect(plan.riskSummary).toContain(r.customerId);
      expect(r.claimedBy).toBe(d.ownerId);
      expect(r.leaseUntil).toBeNull();
      expect(r.finishedAt).not.toBeNull();
    }
    for (const r of rows) expect(r.error ?? "").not.toContain(API_KEY);
    expect(rows.filter((r) => r.status === "done" && r.customerId !== ids[2]).every((r) => r.complianceStatus === "ok")).toBe(true);

    const kinds = (k: PlanEvent["kind"]) => events.filter((e) => e.kind === k);
    expect(new Set(kinds("started").map((e) => e.customerId))).toEqual(new Set(ids));
    expect(kinds("done")).toHaveLength(19);
    expect(kinds("failed")).toHaveLength(1);
    expect(kinds("batch").length).toBeGreaterThanOrEqual(20);
    const normal = ids[10]!;
    const normalDeltas = events.filter((e) => e.kind === "delta" && e.customerId === normal).map((e) => e.delta).join("");
    expect(normalDeltas).toBe(byId.get(normal)!.rawText);
    expect(processState.liveText(batch.id, normal)).toBeUndefined();

    const [b] = await t.db.select().from(planBatches).where(eq(planBatches.id, batch.id));
    expect(b?.finishedAt).not.toBeNull();

    // Personal data never leaves: no name, phone or ID number in any prompt.
    const people = await t.db
      .select({ name: customers.name, phone: customers.phone, idNumber: customers.idNumber })
      .from(customers)
      .where(and(eq(customers.datasetId, fx.datasetId), inArray(customers.id, ids)));
    expect(people).toHaveLength(20);
    const sent = fake.requests.slice(requestsBefore);
    expect(sent.length).toBeGreaterThanOrEqual(20);
    const promptText = sent.map((q) => JSON.stringify(q.body)).join("\n");
    for (const p of people) {
      expect(promptText).not.toContain(p.name);
      expect(promptText).not.toContain(p.phone);
      expect(promptText).not.toContain(p.idNumber);
    }
    expect(sent.every((q) => q.authorization === `Bearer ${API_KEY}`)).toBe(true);
  });

  it("builds personal template plans without an LLM key", async () => {
    const ids = fx.rankedIds.slice(20, 40);
    const d = deps(null);
    const runner = new PlanBatchRunner(d, { pollMs: 200 });
    runner.start();
    const batch = await createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: {} });
    try {
      await waitFor("template batch done", async () => (await batchStatus(t, batch.id)) === "done");
    } finally {
      await runner.stop();
    }
    expect(batch.planner).toBe("template");
    const rows = await rowsOf(t, batch.id);
    expect(rows.every((r) => r.status === "done" && r.source === "template" && r.promptVersion === TEMPLATE_VERSION)).toBe(true);
    expect(rows.every((r) => r.complianceStatus === "ok")).toBe(true);
    const distinct = new Set(rows.map((r) => JSON.stringify((r.plan as PlanContent).actions)));
    expect(distinct.size).toBeGreaterThan(5);
  });

  it("two runners (two owners) share one batch without writing any plan twice", async () => {
    fake.setScenario("normal");
    const ids = fx.rankedIds.slice(40, 70);
    const events = createEvents();
    const a = deps({ concurrency: 3 }, events, `A-${kind}`);
    const b = deps({ concurrency: 3 }, events, `B-${kind}`);
    const doneEvents: string[] = [];
    const r1 = new PlanBatchRunner(a, { pollMs: 100 });
    const r2 = new PlanBatchRunner(b, { pollMs: 100 });
    const batch = await createPlanBatch(a, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: {} });
    events.plans.subscribe(batchTopic(batch.id), (e) => e.kind === "done" && doneEvents.push(e.customerId ?? ""));
    r1.start();
    r2.start();
    try {
      await waitFor("shared batch done", async () => (await batchStatus(t, batch.id)) === "done");
    } finally {
      await Promise.all([r1.stop(), r2.stop()]);
    }
    const rows = await rowsOf(t, batch.id);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.status === "done" && r.attempts === 1)).toBe(true);
    expect(doneEvents.sort()).toEqual([...ids].sort());
    expect(new Set(rows.map((r) => r.claimedBy)).size).toBeGreaterThanOrEqual(1);
  });

  it("cancels a batch: unfinished rows become cancelled and stay so", async () => {
    const slow = await startFakeLlm({ latencyMs: 400 });
    try {
      const ids = fx.rankedIds.slice(70, 90);
      const d: PlanDeps = { ...deps({ concurrency: 2 }), llm: { baseURL: slow.url, apiKey: API_KEY, model: "slow", provider: "openai-compatible", concurrency: 2, timeoutMs: 5_000, maxRetries: 0 } };
      const runner = new PlanBatchRunner(d, { pollMs: 100 });
      const batch = await createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: {} });
      runner.start();
      await waitFor("first plan", async () => (await getBatchCounts(t.db, batch.id)).done >= 1);
      const cancelled = await cancelPlanBatch(d, batch.id);
      expect(cancelled.status).toBe("cancelled");
      await new Promise((r) => setTimeout(r, 800));
      await runner.stop();
      const counts = await getBatchCounts(t.db, batch.id);
      expect(counts.pending + counts.running).toBe(0);
      expect(counts.cancelled).toBeGreaterThan(10);
      expect(counts.done + counts.cancelled).toBe(20);
      expect(await batchStatus(t, batch.id)).toBe("cancelled");
      // Cancelling again is harmless.
      expect((await cancelPlanBatch(d, batch.id)).status).toBe("cancelled");
    } finally {
      await slow.close();
    }
  });

  it("regenerates one customer's plan as a new single-plan batch on the active model", async () => {
    fake.setScenario("normal");
    await t.db.update(modelRuns).set({ isActive: true }).where(eq(modelRuns.id, fx.modelRunId));
    const d = deps({});
    const runner = new PlanBatchRunner(d, { pollMs: 100 });
    runner.start();
    try {
      const row = await regeneratePlan(d, fx.rankedIds[0]!, "tester");
      expect(["pending", "running"]).toContain(row.status);
      expect(row.customerId).toBe(fx.rankedIds[0]);
      await waitFor("regenerated", async () => (await batchStatus(t, row.batchId)) === "done");
      const [done] = await rowsOf(t, row.batchId);
      expect(done?.status).toBe("done");
    } finally {
      await runner.stop();
    }
  });

  it("never writes a plan whose lease was taken over by another worker", async () => {
    const slow = await startFakeLlm({ latencyMs: 1_500 });
    try {
      const id = fx.rankedIds[95]!;
      const d: PlanDeps = { ...deps({}), llm: { baseURL: slow.url, apiKey: API_KEY, model: "slow", provider: "openai-compatible", concurrency: 1, timeoutMs: 10_000, maxRetries: 0 } };
      const seen: PlanEvent[] = [];
      const runner = new PlanBatchRunner(d, { pollMs: 100, leaseMs: 600, heartbeatMs: 100, singleProcess: false });
      const batch = await createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: [id], params: {} });
      d.events.plans.subscribe(batchTopic(batch.id), (e) => seen.push(e));
      runner.start();
      await waitFor("LLM request sent", async () => slow.requests.length >= 1);
      // Another worker takes the row over (as after an expired lease) while the LLM is still answering.
      await t.db
        .update(retentionPlans)
        .set({ claimedBy: "thief", leaseUntil: new Date(Date.now() + 60_000) })
        .where(eq(retentionPlans.batchId, batch.id));
      await waitFor("LLM request answered or aborted", async () => slow.stats.inFlight === 0, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      await runner.stop();
      const [row] = await rowsOf(t, batch.id);
      expect(row?.status).toBe("running");
      expect(row?.claimedBy).toBe("thief");
      expect(row?.plan).toBeNull();
      expect(seen.some((e) => e.kind === "done" || e.kind === "failed")).toBe(false);
      await cancelPlanBatch(d, batch.id);
    } finally {
      await slow.close();
    }
  });

  it("rejects bad input naming the field", async () => {
    const d = deps(null);
    await expect(createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: [], params: {} })).rejects.toThrow(/customerIds/);
    await expect(createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ["NOPE"], params: {} })).rejects.toThrow(/NOPE/);
    await expect(createPlanBatch(d, { datasetId: 0, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ["x"], params: {} })).rejects.toThrow(/datasetId/);
    await expect(regeneratePlan(d, "NOPE")).rejects.toThrow(/NOPE/);
    await expect(cancelPlanBatch(d, 999_999)).rejects.toThrow(/999999/);
  });
});
