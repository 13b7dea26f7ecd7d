/**
 * Plan batch throughput against the fake OpenAI-compatible server with a fixed latency:
 * how much LLM_CONCURRENCY buys. Run: `npx tsx bench/plans.ts [customers] [latencyMs]`.
 */
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { planBatches } from "../db/schema";
import { createEvents } from "../lib/events";
import { createPlanBatch, getBatchCounts, PlanBatchRunner, PlanRunnerState } from "../lib/plans/plan-service";
import { startFakeLlm } from "../tests/support/fake-llm-server";
import { seedPlanFixture } from "../tests/support/plan-fixture";

export interface PlanBenchResult {
  concurrency: number;
  plans: number;
  seconds: number;
  plansPerSec: number;
}

export interface PlanBench {
  customers: number;
  latencyMs: number;
  results: PlanBenchResult[];
}

export async function benchPlans(opts: { customers?: number; latencyMs?: number; concurrencies?: number[] } = {}): Promise<PlanBench> {
  const customers = opts.customers ?? 300;
  const latencyMs = opts.latencyMs ?? 200;
  const fake = await startFakeLlm({ latencyMs, chunkSize: 32 });
  const handle = await openDatabase({ pgliteDir: "memory://" });
  const results: PlanBenchResult[] = [];
  try {
    const fx = await seedPlanFixture(handle.db, { customers: Math.max(customers, 50), seed: 3 });
    const ids = fx.rankedIds.slice(0, customers);
    for (const concurrency of opts.concurrencies ?? [1, 8]) {
      const llm = { baseURL: fake.url, apiKey: "sk-bench", model: "fake-model", provider: "openai-compatible" as const, concurrency, timeoutMs: 30_000, maxRetries: 2 };
      const deps = { db: handle.db, events: createEvents(), llm, ownerId: `bench-${concurrency}`, state: new PlanRunnerState() };
      const runner = new PlanBatchRunner(deps, { pollMs: 50 });
      const t0 = performance.now();
      const batch = await createPlanBatch(deps, { datasetId: fx.datasetId, modelRunId: fx.modelRunId, asOfWeek: fx.asOfWeek, customerIds: ids, params: { bench: true } });
      runner.start();
      for (;;) {
        const [b] = await handle.db.select({ status: planBatches.status }).from(planBatches).where(eq(planBatches.id, batch.id));
        if (b?.status === "done") break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const seconds = (performance.now() - t0) / 1000;
      await runner.stop();
      const counts = await getBatchCounts(handle.db, batch.id);
      results.push({ concurrency, plans: counts.done, seconds, plansPerSec: counts.done / seconds });
    }
  } finally {
    await handle.close();
    await fake.close();
  }
  return { customers, latencyMs, results };
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2] ?? 300);
  const latencyMs = Number(process.argv[3] ?? 200);
  const r = await benchPlans({ customers, latencyMs });
  console.log(`plan batch: ${r.customers} customers, fake LLM latency ${r.latencyMs} ms`);
  for (const x of r.results) {
    console.log(`  LLM_CONCURRENCY ${x.concurrency}: ${x.plans} plans in ${x.seconds.toFixed(1)} s → ${x.plansPerSec.toFixed(2)} plans/s`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
