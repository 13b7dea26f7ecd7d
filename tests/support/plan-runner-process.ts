/**
 * A plan batch runner in its own process, for crash tests: the parent SIGKILLs it mid-batch
 * and starts another. Reports on stdout, one JSON object per line:
 *   {"event":"ready"} · {"event":"started","customerId":…} · {"event":"done","customerId":…} ·
 *   {"event":"failed",…} · {"event":"batch-done"}
 * Environment: PLAN_DATABASE_URL (postgres) or PLAN_PGLITE_DIR; PLAN_LLM_URL; PLAN_BATCH_ID
 * (exit 0 once it is done); PLAN_OWNER; PLAN_LEASE_MS; PLAN_CONCURRENCY.
 */
import { eq } from "drizzle-orm";
import { openDatabase } from "../../db/client";
import { planBatches } from "../../db/schema";
import { batchTopic, createEvents } from "../../lib/events";
import { PlanBatchRunner, PlanRunnerState } from "../../lib/plans/batch-runner";

const env = process.env;
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

const batchId = Number(env.PLAN_BATCH_ID);
if (!Number.isInteger(batchId) || batchId < 1) throw new Error("PLAN_BATCH_ID must be a positive integer");
const handle = env.PLAN_DATABASE_URL
  ? await openDatabase({ databaseUrl: env.PLAN_DATABASE_URL, maxConnections: 4 })
  : await openDatabase({ pgliteDir: env.PLAN_PGLITE_DIR ?? "" });
const events = createEvents();
const concurrency = Number(env.PLAN_CONCURRENCY ?? 3);
const runner = new PlanBatchRunner(
  {
    db: handle.db,
    events,
    ownerId: env.PLAN_OWNER ?? `child-${process.pid}`,
    state: new PlanRunnerState(),
    llm: env.PLAN_LLM_URL
      ? { baseURL: env.PLAN_LLM_URL, apiKey: "sk-child", model: "fake-model", provider: "openai-compatible", concurrency, timeoutMs: 10_000, maxRetries: 2 }
      : null,
    log: (m) => process.stderr.write(`${m}\n`),
  },
  { leaseMs: Number(env.PLAN_LEASE_MS ?? 10_000), pollMs: 100 },
);

let finished = false;
events.plans.subscribe(batchTopic(batchId), (e) => {
  if (e.kind === "started" || e.kind === "done" || e.kind === "failed") say({ event: e.kind, customerId: e.customerId, planId: e.planId });
});

async function isDone(): Promise<boolean> {
  const [b] = await handle.db.select({ status: planBatches.status }).from(planBatches).where(eq(planBatches.id, batchId));
  return b?.status === "done" || b?.status === "cancelled";
}

runner.start();
say({ event: "ready", pid: process.pid });
const timer = setInterval(() => {
  if (finished) return;
  isDone()
    .then(async (done) => {
      if (!done || finished) return;
      finished = true;
      clearInterval(timer);
      await runner.stop();
      say({ event: "batch-done" });
      await handle.close();
      process.exit(0);
    })
    .catch((e: unknown) => process.stderr.write(`poll failed: ${String(e)}\n`));
}, 100);
