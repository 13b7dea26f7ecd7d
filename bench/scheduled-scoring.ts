/**
 * `npm run bench -- scheduled-scoring [--customers N]` (#14: scoring 1,000,000 customers as a
 * scheduled job keeps `/api/health` p99 < 100 ms). A model is trained on a small timeline, then a
 * timeline of N customers with the fewest weeks the generator allows (26 weeks; the model's 12-week
 * window, a 4-week horizon so that 11 labelled as-of snapshots are stored, not 19) becomes the
 * active dataset; the product's HTTP front runs in this process
 * (tests/support/in-process-server.ts, plus the real /api/health route), its scoring runner is
 * started and one scoring job is queued through the "score now" action while `/api/health` is
 * polled every 20 ms. Prints the health latencies, the job's wall time and the load average.
 * Default N = 1,000,000, or as many as the heap allows (minutes and several GiB: run it on a quiet machine). `--db postgres`
 * runs it on a scratch database of the TEST_DATABASE_URL server instead of in-memory PGlite.
 * `--reuse-database NAME` scores the active dataset of a database on that server with its active
 * model instead (e.g. the 1M database `bench scale --keep-database` leaves), and keeps it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import * as health from "../app/api/health/route";
import * as actions from "../lib/actions";
import { CLI_ACTOR, perform } from "../lib/actions";
import { generateAndStoreDataset } from "../lib/data/dataset-service";
import { maxCustomerWeeks } from "../lib/data/timeline/options";
import { waitForRun } from "../lib/ml/training-service";
import { openDatabase } from "../db/client";
import { getActiveDataset } from "../lib/data/dataset-store";
import { getActiveRunSummary } from "../lib/ml/model-registry";
import { createTestDb, type DbKind, type TestDb } from "../tests/support/db";
import { parseReuse } from "./scale";
import { startInProcessServer } from "../tests/support/in-process-server";

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;

function customersArg(args: string[]): number {
  const i = args.indexOf("--customers");
  // The largest population whose 26-week timeline this process's heap can generate (1M needs ~16 GB: NODE_OPTIONS=--max-old-space-size=16384).
  if (i < 0) return Math.min(1_000_000, Math.floor(maxCustomerWeeks() / 26));
  const n = Number(args[i + 1]);
  if (!Number.isInteger(n) || n < 100 || n > 1_000_000) throw new Error(`--customers 必须是 100 到 1000000 之间的整数 (--customers must be an integer in 100..1000000), got ${args[i + 1]}`);
  return n;
}

function dbArg(args: string[]): DbKind {
  const i = args.indexOf("--db");
  if (i < 0) return "pglite";
  const v = args[i + 1];
  if (v !== "pglite" && v !== "postgres") throw new Error(`--db must be pglite or postgres, got ${v}`);
  if (v === "postgres" && !process.env.TEST_DATABASE_URL) throw new Error("--db postgres needs TEST_DATABASE_URL");
  return v;
}

function reuseArg(args: string[]): string | null {
  const name = parseReuse(args);
  if (name !== null && !process.env.TEST_DATABASE_URL) throw new Error("--reuse-database needs TEST_DATABASE_URL");
  return name;
}

async function reusedDb(name: string): Promise<TestDb> {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${name}`;
  const h = await openDatabase({ databaseUrl: u.toString(), maxConnections: 5 });
  return { ...h, url: u.toString(), destroy: () => h.close() };
}

export async function benchScheduledScoring(args: string[]): Promise<void> {
  const reuse = reuseArg(args);
  const kind = reuse ? "postgres" : dbArg(args);
  const h = reuse ? await reusedDb(reuse) : await createTestDb(kind);
  let n = reuse ? 0 : customersArg(args);
  const srv = await startInProcessServer(h);
  const s = srv.services;
  // The real /api/health route on this process's event loop (the in-process front has no REST health route).
  const healthServer = createServer((_req, res) => {
    health
      .GET()
      .then(async (r) => {
        res.statusCode = r.status;
        res.end(Buffer.from(await r.arrayBuffer()));
      })
      .catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
  });
  // The poller reuses its connection; a shorter server keep-alive races it and resets the socket.
  healthServer.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => healthServer.listen(0, "127.0.0.1", r));
  const healthUrl = `http://127.0.0.1:${(healthServer.address() as AddressInfo).port}/api/health`;
  try {
    let trainMs = 0;
    let dataMs = 0;
    let big: { asOfWeek: number };
    if (reuse) {
      const d = await getActiveDataset(h.db);
      if (!d || !(await getActiveRunSummary(h.db))) throw new Error(`database ${reuse} has no active dataset and model to score with`);
      big = d;
      n = d.nCustomers;
    } else {
      const t0 = performance.now();
      await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 3000, historyWeeks: 52, seed: 7 });
      const run = await perform(s, CLI_ACTOR, actions.trainModel, {});
      const trained = await waitForRun(s.training, run.id);
      if (trained.status !== "succeeded") throw new Error(`training failed: ${trained.error}`);
      trainMs = performance.now() - t0;
      const t1 = performance.now();
      // The scored dataset: N customers, the fewest weeks allowed; storing it makes it the active one.
      big = await generateAndStoreDataset(h.db, { customers: n, historyWeeks: 26, lookbackWeeks: 12, horizonWeeks: 4, seed: 11 });
      dataMs = performance.now() - t1;
    }
    s.cache.invalidate();

    const latencies: number[] = [];
    let failures = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const t = performance.now();
        const ok = await fetch(healthUrl)
          .then(async (r) => (await r.arrayBuffer(), r.ok))
          .catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else failures++;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const load0 = loadavg()[0]!;
    s.scoringJobs.start();
    const tj = performance.now();
    const { job } = await perform(s, CLI_ACTOR, actions.enqueueScoring, {});
    const done = await s.scoringJobs.waitFor(job.id, { pollMs: 200 });
    const jobMs = performance.now() - tj;
    polling = false;
    await poll;
    const load1 = loadavg()[0]!;
    latencies.sort((a, b) => a - b);
    console.log(`\n## Scheduled scoring: one job over ${n.toLocaleString("en")} active customers (${kind === "postgres" ? "PostgreSQL" : "PGlite"}, in-process server)\n`);
    console.table({
      ...(reuse
        ? { "scored data": `the active dataset and model of database ${reuse}` }
        : {
            "train the model (3,000 × 52 weeks, default parameters)": `${Math.round(trainMs)} ms`,
            [`generate + store ${n.toLocaleString("en")} customers × 26 weeks`]: `${Math.round(dataMs)} ms`,
          }),
      "customers scored (job total)": done.total,
      "job status": done.status + (done.error ? ` (${done.error})` : ""),
      "scoring job, queued → done (wall)": `${Math.round(jobMs)} ms`,
      "/api/health polls (failed)": `${latencies.length} (${failures})`,
      "/api/health p50": `${quantile(latencies, 0.5).toFixed(1)} ms`,
      "/api/health p99 (target < 100 ms)": `${quantile(latencies, 0.99).toFixed(1)} ms`,
      "/api/health max": `${(latencies.at(-1) ?? Number.NaN).toFixed(1)} ms`,
      "load average (1 min) before / after": `${load0.toFixed(2)} / ${load1.toFixed(2)}`,
      "dataset as-of week": big.asOfWeek,
    });
  } finally {
    await s.scoringJobs.stop();
    await new Promise<void>((r) => healthServer.close(() => r()));
    await srv.close();
    await h.destroy();
  }
}
