/**
 * `npm run bench`: every figure the issues ask for, in one run.
 *  1. data: generate + engineer + store (default and 100,000 customers; PGlite and PostgreSQL)
 *  2. model: default train + evaluate + SHAP + store, then — on that same model and data —
 *     TS predict, TS TreeSHAP for all rows and XGBoost 1.7's own pred_contribs (1 thread)
 *  3. plans: plans/s for a 300-customer batch against the local OpenAI-compatible server
 *  4. API: requests/s, p50/p99 at 50 connections for a customers page and a customer detail
 *  5. engine: training-worker overhead vs boosting (and native XGBoost), predictor rows/s,
 *     scoring + TreeSHAP in a worker, worst-case TreeSHAP at the training caps (bench/model.ts)
 * Set TEST_DATABASE_URL to include PostgreSQL. Pass stage names to run a subset: `npm run bench -- model api`.
 */
import { eq } from "drizzle-orm";
import { openDatabase } from "../db/client";
import { modelRuns } from "../db/schema";
import { generateAndStoreDataset } from "../lib/data/dataset-service";
import { loadFeatureMatrix } from "../lib/data/dataset-store";
import { createEvents } from "../lib/events";
import { startTraining, waitForRun } from "../lib/ml/training-service";
import { benchApi } from "./api";
import { benchData, formatRows } from "./data";
import { runEngineBench } from "./model";
import { benchHealth } from "./health";
import { benchPipeline } from "./pipeline";
import { benchPlans } from "./plans";
import { benchScale } from "./scale";
import { benchShap } from "./shap";
import { benchWeb } from "./web";

const stages = process.argv.slice(2);
const want = (s: string) => stages.length === 0 || stages.includes(s);
const ms = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v)} ms`);

async function modelStage(label: string, params: Record<string, unknown>): Promise<void> {
  const h = await openDatabase({ pgliteDir: "memory://" });
  try {
    const tg = performance.now();
    const ds = await generateAndStoreDataset(h.db, { customers: 3000, historyWeeks: 104, lookbackWeeks: 12, seed: 42, churnRate: 0.3 });
    const generateMs = performance.now() - tg;
    const t0 = performance.now();
    const deps = { db: h.db, events: createEvents(), ownerId: "bench", jobs: new Map() };
    const run = await startTraining(deps, params);
    const done = await waitForRun(deps, run.id);
    const wall = performance.now() - t0;
    if (done.status !== "succeeded") throw new Error(`training failed: ${done.error}`);
    const t = (done.timings ?? {}) as Record<string, number>;
    const [row] = await h.db.select({ bytes: modelRuns.modelBytes }).from(modelRuns).where(eq(modelRuns.id, run.id));
    const m = await loadFeatureMatrix(h.db, ds.id, ds.asOfWeek);
    const s = benchShap(row!.bytes!, m.X, m.customerIds.length);
    const metrics = done.metrics as { auc: number; oracleAuc: number | null; recall: number; f1: number };
    console.log(`\n## Model: ${label} (timeline: 3,000 customers × 104 weeks, 12-week window and horizon, PGlite)\n`);
    console.table({
      "generate timeline + as-of snapshots + store (wall)": ms(generateMs),
      "default pipeline: generate … score (wall; target < 5 s)": ms(generateMs + wall),
      "train + evaluate + SHAP + store (wall)": ms(wall),
      "  ml-xgboost training (worker)": ms(t.trainMs),
      "    of which boosting": ms(t.boostMs),
      "  evaluate": ms(t.evaluateMs),
      "  SHAP for all rows": ms(t.shapMs),
      "  store": ms(t.storeMs),
      "total (run timings; target < 5 s)": ms(t.totalMs),
      "best iteration": done.bestIteration ?? "—",
      "out-of-time test AUC / oracle AUC": `${metrics.auc.toFixed(4)} / ${metrics.oracleAuc?.toFixed(4) ?? "—"}`,
      "recall / F1": `${metrics.recall.toFixed(3)} / ${metrics.f1.toFixed(3)}`,
      trees: s.trees,
      "TS predict, all rows": ms(s.tsPredictMs),
      "TS TreeSHAP, all rows (wall)": ms(s.tsShapMs),
      "TS TreeSHAP, all rows (CPU)": ms(s.tsShapCpuMs),
      "XGBoost 1.7 pred_contribs, 1 thread (wall)": ms(s.xgboostPredContribsMs),
      "XGBoost 1.7 pred_contribs, 1 thread (CPU)": ms(s.xgboostPredContribsCpuMs),
      "ratio TS / XGBoost (wall; < 1 = faster)": s.xgboostPredContribsMs ? (s.tsShapMs / s.xgboostPredContribsMs).toFixed(3) : "—",
      "max |SHAP − XGBoost|": s.maxAbsDiffVsXgboost?.toExponential(2) ?? "—",
    });
  } finally {
    await h.close();
  }
}

if (want("data")) {
  console.log("\n## Data: generate + engineer features + store\n");
  console.log(formatRows(await benchData()));
}
if (want("model")) {
  await modelStage("default parameters", {});
  // The architecture's reference point for XGBoost's pred_contribs: 200 trees of depth 5.
  await modelStage("reference model, 200 trees depth 5", { rounds: 200, maxDepth: 5, eta: 0.1, earlyStoppingRounds: 0 });
}
if (want("plans")) {
  const p = await benchPlans({ customers: 300, latencyMs: 200 });
  console.log(`\n## Plans: ${p.customers}-customer batch, fake LLM with ${p.latencyMs} ms per response\n`);
  console.table(p.results.map((r) => ({ LLM_CONCURRENCY: r.concurrency, plans: r.plans, seconds: r.seconds.toFixed(1), "plans/s": r.plansPerSec.toFixed(2) })));
}
if (want("api")) {
  console.log("\n## API load: 50 connections, loopback, default dataset\n");
  console.table(await benchApi());
}
if (want("engine")) await runEngineBench();
// Opt-in (not part of a plain `npm run bench`): `npm run bench -- pipeline` / `-- health` (#11).
if (stages.includes("pipeline")) await benchPipeline();
if (stages.includes("health")) await benchHealth();
if (stages.includes("scale")) await benchScale(stages); // only when asked: minutes at 1M
// Opt-in (#14): `npm run bench -- scheduled-scoring [--customers N] [--db pglite|postgres] [--reuse-database NAME]` (default: the largest population the heap can generate, up to 1,000,000; minutes).
if (stages.includes("scheduled-scoring")) await (await import("./scheduled-scoring")).benchScheduledScoring(stages);
// Named only (long): `npm run bench -- soak --minutes 2 --db pglite`.
if (stages.includes("soak")) await (await import("./soak")).runSoak(stages);
// Needs the production build and Chromium: only when asked for by name (`npm run bench -- web`).
if (stages.includes("web")) await benchWeb();
process.exit(0);
