/**
 * `npm run bench -- health`: `/api/health` latency while the server generates the default
 * timeline, trains the default model and advances 12 weeks (issue #11: p99 < 100 ms in every
 * phase), on PGlite and — with TEST_DATABASE_URL — PostgreSQL. Starts the real production
 * server (tests/support/server.ts builds `.next` first when it is stale) and drives it over
 * GraphQL; health is polled every 20 ms by a separate request loop.
 */
import { loadavg } from "node:os";
import { createTestDb, dbKinds, type DbKind } from "../tests/support/db";
import { loginCookie, startTestServer } from "../tests/support/server";

interface PhaseFigures {
  phase: string;
  wallMs: number;
  polls: number;
  p50: number;
  p99: number;
  max: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;

async function measure(url: string, phase: string, work: () => Promise<unknown>): Promise<PhaseFigures> {
  const latencies: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) {
      const t = performance.now();
      await fetch(`${url}/api/health`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  try {
    await work();
  } finally {
    done = true;
    await poll;
  }
  const wallMs = performance.now() - t0;
  latencies.sort((a, b) => a - b);
  return { phase, wallMs: Math.round(wallMs), polls: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99), max: latencies.at(-1) ?? Number.NaN };
}

async function healthOn(kind: DbKind): Promise<PhaseFigures[]> {
  const db = kind === "postgres" ? await createTestDb("postgres") : null;
  // The server applies the migrations itself; the bench only needs an empty database.
  await db?.close();
  const server = await startTestServer({ databaseUrl: db?.url, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "1000" } });
  try {
    const cookie = await loginCookie(server.url);
    const gql = async (query: string): Promise<Record<string, unknown>> => {
      const r = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query }) });
      const body = (await r.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
      if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
      return body.data ?? {};
    };
    const figures: PhaseFigures[] = [];
    figures.push(await measure(server.url, "generate 3,000 × 104 weeks", () => gql("mutation { generateDataset { id } }")));
    figures.push(
      await measure(server.url, "train (default parameters)", async () => {
        const started = (await gql("mutation { trainModel { id } }")) as { trainModel: { id: number } };
        for (;;) {
          const s = (await gql(`{ modelRun(id: ${started.trainModel.id}) { status } }`)) as { modelRun: { status: string } };
          if (s.modelRun.status !== "RUNNING") break;
          await new Promise((r) => setTimeout(r, 200));
        }
      }),
    );
    figures.push(await measure(server.url, "advance 12 weeks", () => gql("mutation { advanceDataset(weeks: 12) { id } }")));
    return figures;
  } finally {
    await server.stop();
    if (db) await db.destroy().catch(() => undefined);
  }
}

export async function benchHealth(): Promise<void> {
  for (const kind of dbKinds()) {
    const load = loadavg()[0]!.toFixed(1);
    const figures = await healthOn(kind);
    console.log(`\n## /api/health during generate, train and advance on ${kind} (target p99 < 100 ms; load average ${load} at start)\n`);
    console.table(figures.map((f) => ({ phase: f.phase, wall: `${f.wallMs} ms`, polls: f.polls, p50: `${f.p50.toFixed(1)} ms`, p99: `${f.p99.toFixed(1)} ms`, max: `${f.max.toFixed(1)} ms` })));
  }
}
