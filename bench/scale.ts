/**
 * `npm run bench -- scale [--customers N]`: the large-brokerage path on PostgreSQL (default
 * 1,000,000 customers × 12 weeks): generate + store, ANALYZE, train (with SHAP and scoring),
 * stored SHAP summary, three concurrent CSV and Excel downloads, then page / detail / shapSummary
 * latencies. Each step reports its wall time, the process's peak RSS and the event-loop delay p99
 * — the work runs in this process exactly as in the server's, so that delay is what /api/health
 * would wait (an HTTP probe on this loop, /health, is measured too).
 * Needs TEST_DATABASE_URL (or DATABASE_URL); uses a scratch database it drops at the end.
 * `--reuse-database NAME` measures the steps after training on a database a previous run left
 * behind (its active dataset and model), and keeps it: generate + train take ~12 minutes at 1M.
 * `--keep-database` keeps a fresh run's database for later `--reuse-database` runs;
 * `--latencies-only` skips the summary and download steps (page, detail and summary reads only).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase } from "../db/client";
import { getActiveDataset, writeDataset } from "../lib/data/dataset-store";
import { getActiveRunSummary } from "../lib/ml/model-registry";
import { generateDataset, parseGenerateOptions } from "../lib/data/generator";
import { createEvents } from "../lib/events";
import { computeShapSummary } from "../lib/ml/shap-summary-store";
import { startTraining, waitForRun } from "../lib/ml/training-service";
import { openCustomersCsv, openPlansWorkbook } from "../lib/plans/excel";
import { createListCountCache, getCustomerDetail, listCustomers, warmListCount, type CustomerOrder, type CustomerScope } from "../lib/services/customer-queries";
import { shapSummary } from "../lib/services/model-queries";

interface StepRow {
  step: string;
  "wall s": string;
  "peak RSS MB": number;
  "loop delay p99 ms": string;
  "HTTP /health p99 ms": string;
  note: string;
}

const p = (xs: number[], q: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

function parseCustomers(argv: string[]): number {
  const i = argv.indexOf("--customers");
  if (i < 0) return 1_000_000;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1000 || n > 10_000_000) throw new Error(`--customers must be an integer 1000..10000000, got ${argv[i + 1]}`);
  return n;
}

/** A health endpoint on this event loop, probed every 100 ms while a step runs. */
async function healthProbe() {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  let samples: number[] = [];
  let on = true;
  const loop = (async () => {
    while (on) {
      const t = performance.now();
      try {
        await fetch(url);
        samples.push(performance.now() - t);
      } catch {
        // counted as missing
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    take() {
      const s = samples;
      samples = [];
      return s;
    },
    async close() {
      on = false;
      await loop;
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** `--reuse-database NAME`: a database a previous `--keep-database` run left (also used by bench scheduled-scoring). */
export function parseReuse(argv: string[]): string | null {
  const i = argv.indexOf("--reuse-database");
  if (i < 0) return null;
  const name = argv[i + 1] ?? "";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--reuse-database must name a database ([a-z_][a-z0-9_]*), got ${name}`);
  return name;
}

export async function benchScale(argv: string[]): Promise<void> {
  const customers = parseCustomers(argv);
  const reuse = parseReuse(argv);
  const keep = reuse !== null || argv.includes("--keep-database");
  const latenciesOnly = argv.includes("--latencies-only");
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("bench scale needs TEST_DATABASE_URL (PostgreSQL)");
  const name = reuse ?? `churn_scale_${process.pid}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  if (!reuse) await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const h = await openDatabase({ databaseUrl: url.toString(), maxConnections: 10 });
  const probe = await healthProbe();
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const rows: StepRow[] = [];
  let peak = 0;
  const rssTimer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);

  async function step<T>(label: string, fn: () => Promise<T>, note: (v: T) => string = () => ""): Promise<T> {
    peak = process.memoryUsage().rss;
    probe.take();
    delay.reset();
    delay.enable();
    const t = performance.now();
    const v = await fn();
    const wall = (performance.now() - t) / 1000;
    delay.disable();
    const health = probe.take();
    rows.push({
      step: label,
      "wall s": wall.toFixed(1),
      "peak RSS MB": Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
      "loop delay p99 ms": (delay.percentile(99) / 1e6).toFixed(0),
      "HTTP /health p99 ms": health.length ? p(health, 0.99).toFixed(0) : "—",
      note: note(v),
    });
    console.log(`  ${label}: ${wall.toFixed(1)} s`);
    return v;
  }

  try {
    console.log(`\n## Scale: ${customers.toLocaleString("en")} customers × 12 weeks, PostgreSQL (database ${name})\n`);
    let ds: { id: number; asOfWeek: number };
    let done: { id: number };
    if (reuse) {
      const d = await getActiveDataset(h.db);
      const run = await getActiveRunSummary(h.db);
      if (!d || !run) throw new Error(`database ${name} has no active dataset and model to reuse`);
      ds = d;
      done = run;
      console.log(`  reusing dataset ${d.id} (${d.nCustomers.toLocaleString("en")} customers) and model run ${run.id}`);
    } else {
      ds = await step("generate + store", async () => writeDataset(h.db, generateDataset(parseGenerateOptions({ customers, weeks: 12, seed: 42 }))));
      await step("ANALYZE", () => h.db.execute(sql.raw("analyze customers, weekly_behaviour, feature_vectors")));
      const deps = { db: h.db, events: createEvents(), ownerId: "bench-scale", jobs: new Map() };
      const trained = await step(
        "train + SHAP + score + store",
        async () => waitForRun(deps, (await startTraining(deps, {})).id),
        (r) => `status ${r.status}${r.error ? ` (${r.error})` : ""}; timings ${JSON.stringify(r.timings ?? {})}`,
      );
      if (trained.status !== "succeeded") throw new Error(`training failed: ${trained.error}`);
      done = trained;
      await step("ANALYZE predictions", () => h.db.execute(sql.raw("analyze predictions")));
    }
    const scope: CustomerScope = { datasetId: ds.id, asOfWeek: ds.asOfWeek, runId: done.id };
    if (!latenciesOnly) {
      await step(
        "SHAP summary (computed once, stored)",
        () => computeShapSummary(h.db, { modelRunId: done.id, datasetId: ds.id, asOfWeek: ds.asOfWeek }),
        (s) => `${s?.nRows ?? 0} rows, sample ${s?.sampleSize ?? 0}`,
      );
      const drain = async (chunks: AsyncIterable<Uint8Array>) => {
        let bytes = 0;
        for await (const c of chunks) bytes += c.byteLength;
        return bytes;
      };
      await step(
        "3 concurrent CSV downloads",
        () => Promise.all([0, 1, 2].map(async () => drain(await openCustomersCsv(h.db)))),
        (b) => `${(b[0]! / 2 ** 20).toFixed(0)} MB each`,
      );
      await step(
        "3 concurrent Excel downloads",
        () => Promise.all([0, 1, 2].map(async () => drain(await openPlansWorkbook(h.db)))),
        (b) => `${(b[0]! / 2 ** 20).toFixed(1)} MB each (high-risk sheet, no plan batch)`,
      );
      await step(
        "3 Excel + 3 CSV + shapSummary at once",
        () =>
          Promise.all([
            ...[0, 1, 2].map(async () => drain(await openPlansWorkbook(h.db))),
            ...[0, 1, 2].map(async () => drain(await openCustomersCsv(h.db))),
            shapSummary(h.db, { id: done.id, shapBaseValue: 0 }, ds.id, 1000).then(() => 0),
          ]),
      );
    }

    // Latencies on the loaded data (sequential: one user's view).
    const time = async (fn: () => Promise<unknown>, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
      return out;
    };
    const orders: CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];
    const lat: Record<string, string> = {};
    // As the server does: the list's count is kept per scope (ReadCache) and computed when a large scope first appears.
    const counts = createListCountCache();
    const warm = await time(() => warmListCount(h.db, scope, counts), 1);
    lat["count of the active list (once per scope, ahead of the first page)"] = `${warm[0]!.toFixed(1)} ms`;
    for (const orderBy of orders) {
      for (const offset of [0, 1_000, 10_000]) {
        // A jump to the offset (an offset-only cursor: the index is walked up to it) …
        const after = offset === 0 ? null : Buffer.from(`o:${offset - 1}`).toString("base64url");
        const xs = await time(() => listCustomers(h.db, scope, { first: 20, after, orderBy }, counts), 20);
        lat[`page ${orderBy} offset ${offset}, by offset`] = `p50 ${p(xs, 0.5).toFixed(1)} / p99 ${p(xs, 0.99).toFixed(1)} ms`;
        if (offset === 0) continue;
        // … and the next page as the dashboard asks for it: the previous page's end cursor, which carries the row's key.
        const prev = await listCustomers(h.db, scope, { first: 1, after: offset === 1 ? null : Buffer.from(`o:${offset - 2}`).toString("base64url"), orderBy }, counts);
        const ys = await time(() => listCustomers(h.db, scope, { first: 20, after: prev.endCursor, orderBy }, counts), 20);
        lat[`page ${orderBy} offset ${offset}, next page by cursor`] = `p50 ${p(ys, 0.5).toFixed(1)} / p99 ${p(ys, 0.99).toFixed(1)} ms`;
      }
    }
    const ids = (await listCustomers(h.db, scope, { first: 50, orderBy: "RISK_DESC", after: Buffer.from("o:4999").toString("base64url") })).items.map((i) => i.node.id);
    let k = 0;
    const det = await time(() => getCustomerDetail(h.db, scope, ids[k++ % ids.length]!), 50);
    lat["customer detail"] = `p50 ${p(det, 0.5).toFixed(1)} / p99 ${p(det, 0.99).toFixed(1)} ms`;
    const sh = await time(() => shapSummary(h.db, { id: done.id, shapBaseValue: 0 }, ds.id, 1000), 20);
    lat["shapSummary(1000)"] = `p50 ${p(sh, 0.5).toFixed(1)} / p99 ${p(sh, 0.99).toFixed(1)} ms`;

    console.log("");
    console.table(rows);
    console.table(lat);
  } finally {
    clearInterval(rssTimer);
    await probe.close();
    await h.close();
    if (!keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
    else console.log(`  kept database ${name} (--reuse-database ${name})`);
    await admin.end();
  }
}
