/**
 * When the LLM cannot be reached (connection refused, no answer before the timeout, 5xx/429
 * after the retries), a plan is written by the template planner and marked as such instead of
 * failing; a refusal that says something about our request (401: a wrong key) still fails.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { planBatches, retentionPlans } from "../../db/schema";
import type { LlmConfig } from "../../lib/config/env";
import { batchTopic, createEvents, type PlanEvent } from "../../lib/events";
import { createPlanBatch, PlanBatchRunner, PlanRunnerState, type PlanDeps } from "../../lib/plans/plan-service";
import { PROMPT_VERSION } from "../../lib/plans/prompt";
import { TEMPLATE_VERSION } from "../../lib/plans/template-planner";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { startFakeLlm, type FakeLlm, type Scenario } from "../support/fake-llm-server";
import { seedPlanFixture, type PlanFixture } from "../support/plan-fixture";
import { freePort } from "../support/server";

describeEachDb("plans when the LLM is unreachable (%s)", (kind) => {
  let t: TestDb;
  let fx: PlanFixture;
  let fake: FakeLlm;

  beforeAll(async () => {
    t = await createTestDb(kind);
    fx = await seedPlanFixture(t.db, { customers: 200, seed: 5 });
    fake = await startFakeLlm({ chunkSize: 20 });
  });
  afterAll(async () => {
    await fake?.close();
    await t?.destroy();
  });

  function deps(baseURL: string): PlanDeps {
    const llm: LlmConfig = { baseURL, apiKey: "sk-fallback-test-0123456789", model: "fake-model", provider: "openai-compatible", concurrency: 4, timeoutMs: 1_000, maxRetries: 1 };
    return { db: t.db, events: createEvents(), llm, ownerId: `fallback-${kind}-${Math.random()}`, state: new PlanRunnerState() };
  }

  async function runBatch(d: PlanDeps, ids: string[]) {
    const batch = await createPlanBatch(d, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: {}, actor: "tester" });
    expect(batch.planner).toBe("llm");
    const events: PlanEvent[] = [];
    d.events.plans.subscribe(batchTopic(batch.id), (e) => events.push(e));
    const runner = new PlanBatchRunner(d, { pollMs: 100 });
    const finished = new Promise<void>((resolve) => d.events.plans.subscribe(batchTopic(batch.id), async () => {
      const [b] = await t.db.select({ status: planBatches.status }).from(planBatches).where(eq(planBatches.id, batch.id));
      if (b?.status === "done") resolve();
    }));
    runner.start();
    try {
      await finished;
    } finally {
      await runner.stop();
    }
    const rows = await t.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batch.id)).orderBy(retentionPlans.position);
    return { rows, events };
  }

  it("writes every plan with the template planner when nothing listens at the LLM's address", async () => {
    const closed = `http://127.0.0.1:${await freePort()}/v1`;
    const ids = fx.rankedIds.slice(0, 6);
    const { rows, events } = await runBatch(deps(closed), ids);
    expect(rows.map((r) => r.status)).toEqual(ids.map(() => "done"));
    for (const r of rows) {
      expect(r.source).toBe("template");
      expect(r.llmModel).toBeNull();
      expect(r.promptVersion).toBe(TEMPLATE_VERSION);
      expect(r.error).toBeNull();
      expect((r.plan as { actions?: unknown[] } | null)?.actions?.length).toBeGreaterThan(0);
    }
    expect(events.filter((e) => e.kind === "done")).toHaveLength(ids.length);
    expect(events.filter((e) => e.kind === "failed")).toHaveLength(0);
  });

  it("falls back per plan: a hung LLM call becomes a template plan, a refused key still fails, the rest come from the LLM", async () => {
    const ids = fx.rankedIds.slice(10, 14);
    const script: Record<string, Scenario> = { [ids[0]!]: "hang", [ids[1]!]: "unauthorized" };
    fake.setScenario(({ customerId }) => (customerId && script[customerId]) || "normal");
    const { rows } = await runBatch(deps(fake.url), ids);
    const by = new Map(rows.map((r) => [r.customerId, r]));
    expect(by.get(ids[0]!)).toMatchObject({ status: "done", source: "template", promptVersion: TEMPLATE_VERSION, error: null });
    expect(by.get(ids[1]!)).toMatchObject({ status: "failed", source: "llm" });
    expect(by.get(ids[1]!)!.error).toMatch(/401|invalid api key/i);
    for (const id of ids.slice(2)) expect(by.get(id)).toMatchObject({ status: "done", source: "llm", promptVersion: PROMPT_VERSION });
  });
});
