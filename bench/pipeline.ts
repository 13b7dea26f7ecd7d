/**
 * `npm run bench -- pipeline`: the default pipeline of issue #11 step by step — generate the
 * default timeline (3,000 customers × 104 weeks, seed 42) and store it, train with the default
 * parameters (evaluation, SHAP and scoring of the active customers included), then score the
 * active customers again as `predict` does — on PGlite and, with TEST_DATABASE_URL, PostgreSQL.
 * Target: generate + train under 5 s of wall time on an idle machine. The load average is
 * printed because on a shared 2-core machine it dominates the figures.
 */
import { loadavg } from "node:os";
import { generateAndStoreDataset } from "../lib/data/dataset-service";
import { createEvents } from "../lib/events";
import { ensembleOfRun, getRun } from "../lib/ml/model-registry";
import { scoreDataset } from "../lib/ml/scoring";
import { startTraining, waitForRun } from "../lib/ml/training-service";
import { createTestDb, dbKinds } from "../tests/support/db";

const ms = (v: number | undefined) => (v === undefined ? "—" : `${Math.round(v)} ms`);

export async function benchPipeline(): Promise<void> {
  for (const kind of dbKinds()) {
    const h = await createTestDb(kind);
    try {
      const load = loadavg()[0]!.toFixed(1);
      const tg = performance.now();
      const ds = await generateAndStoreDataset(h.db, { seed: 42 });
      const generateMs = performance.now() - tg;
      const deps = { db: h.db, events: createEvents(), ownerId: "bench", jobs: new Map() };
      const tt = performance.now();
      const run = await startTraining(deps, {});
      const done = await waitForRun(deps, run.id);
      const trainMs = performance.now() - tt;
      if (done.status !== "succeeded") throw new Error(`training failed: ${done.error}`);
      const row = (await getRun(h.db, run.id))!;
      const ts = performance.now();
      await scoreDataset(h.db, run.id, ensembleOfRun(row), ds);
      const scoreMs = performance.now() - ts;
      const t = (done.timings ?? {}) as Record<string, number>;
      const metrics = done.metrics as { auc: number; oracleAuc: number | null };
      console.log(`\n## Default pipeline on ${kind} (3,000 customers × 104 weeks, seed 42; load average ${load} at start)\n`);
      console.table({
        "generate + snapshots + store (wall)": ms(generateMs),
        "train + evaluate + SHAP + score + store (wall)": ms(trainMs),
        "  boosting": ms(t.boostMs),
        "  evaluate": ms(t.evaluateMs),
        "  SHAP": ms(t.shapMs),
        "  store": ms(t.storeMs),
        "score again (predict, wall)": ms(scoreMs),
        "generate + train (target < 5 s idle)": ms(generateMs + trainMs),
        rounds: done.currentRound,
        "out-of-time test AUC / oracle": `${metrics.auc.toFixed(4)} / ${metrics.oracleAuc?.toFixed(4) ?? "—"}`,
      });
    } finally {
      await h.destroy();
    }
  }
}
