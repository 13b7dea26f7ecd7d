/**
 * `npm run bench -- soak [--minutes N] [--db pglite|postgres|both]` (default 10 minutes, both
 * databases when TEST_DATABASE_URL is set): the real production server (its own process, as the
 * integration tests start it) under everything at once —
 *  - 50 reader connections looping over GraphQL reads (customers page, overview, SHAP summary,
 *    customer detail) and REST reads (customer info),
 *  - one training run at the largest parameters lib/ml/params.ts allows (2,000 rounds at the
 *    deepest trees the SHAP cost cap leaves, exact, no early stopping, no subsampling),
 *  - a REST import of a generated CSV of tens of thousands of customers (with weekly rows),
 *  - a plan batch (template planner: no LLM key) —
 * while /api/health is polled every 50 ms. Reports health p50/p99/max, answers by status (every
 * 5xx or unexpected failure listed), the server's RSS at start, peak and after the work (after a
 * settle period and a full GC: the server runs with --expose-gc, SIGUSR2 collects), and checks
 * that nothing was lost or written twice: datasets, model runs, plans and one audit row per action.
 * Not a test: figures go to the note; nothing here is asserted by the test suite.
 */
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";
import { generateDataset, parseGenerateOptions } from "../lib/data/generator";
import { MAX_SHAP_COST, trainParamsSchema } from "../lib/ml/params";
import { createTestDb, type TestDb } from "../tests/support/db";
import { loginCookie, startTestServer, type RunningServer } from "../tests/support/server";

type DbKind = "pglite" | "postgres";

export interface SoakOptions {
  minutes: number;
  dbs: DbKind[];
  /** Customers in the imported file. */
  importCustomers: number;
  readers: number;
  /** Seconds the server is left alone after the work before its RSS is read again. */
  settleSeconds: number;
}

/** Parses `soak --minutes N --db pglite|postgres|both`; a bad value is an error naming the option. */
export function parseSoakArgs(argv: string[]): SoakOptions {
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`);
    return v;
  };
  const minutes = Number(opt("minutes") ?? "10");
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new Error(`--minutes must be a number in (0, 1440], got ${opt("minutes")}`);
  const db = opt("db") ?? (process.env.TEST_DATABASE_URL ? "both" : "pglite");
  if (!["pglite", "postgres", "both"].includes(db)) throw new Error(`--db must be pglite, postgres or both, got ${db}`);
  const dbs: DbKind[] = db === "both" ? ["pglite", "postgres"] : [db as DbKind];
  if (dbs.includes("postgres") && !process.env.TEST_DATABASE_URL) throw new Error("--db postgres needs TEST_DATABASE_URL");
  const importCustomers = Number(opt("import-customers") ?? "20000");
  if (!Number.isInteger(importCustomers) || importCustomers < 100 || importCustomers > 200_000) throw new Error("--import-customers must be an integer in 100..200000");
  return { minutes, dbs, importCustomers, readers: 50, settleSeconds: Number(opt("settle") ?? "20") };
}

/** The largest allowed training: most rounds, then the deepest trees the SHAP cost cap leaves at that many rounds. */
export function largestTrainParams(): Record<string, unknown> {
  const shape = trainParamsSchema.shape;
  const rounds = shape.rounds.unwrap().maxValue ?? 2000;
  const depthCap = shape.maxDepth.unwrap().maxValue ?? 10;
  let maxDepth = 1;
  for (let d = depthCap; d >= 1; d--) {
    if (rounds * 2 ** d * d <= MAX_SHAP_COST) {
      maxDepth = d;
      break;
    }
  }
  return { rounds, maxDepth, treeMethod: "exact", earlyStoppingRounds: 0, subsample: 1, colsampleBytree: 1, eta: 0.05 };
}

// ── HTTP: keep-alive pools of our own, so health checks never queue behind the readers ──

interface Answer {
  status: number;
  text: string;
  ms: number;
}

function call(url: string, agent: Agent, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {}): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? "GET", headers: init.headers, agent, timeout: init.timeoutMs ?? 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - t0 }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${init.timeoutMs ?? 30_000} ms`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

interface GqlAnswer extends Answer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql(base: string, agent: Agent, token: string, query: string, variables?: Record<string, unknown>, timeoutMs?: number): Promise<GqlAnswer> {
  const a = await call(`${base}/api/graphql`, agent, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    timeoutMs,
  });
  try {
    const j = JSON.parse(a.text) as Pick<GqlAnswer, "data" | "errors">;
    return { ...a, data: j.data, errors: j.errors };
  } catch {
    return a;
  }
}

/** Failures of the bench's own polling (retried), listed with the unexpected failures. */
const pollFailures: string[] = [];

async function gqlOk<T>(base: string, agent: Agent, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await gql(base, agent, token, query, variables, 600_000);
      if (r.status !== 200 || r.errors?.length || !r.data) throw new Error(`${query.slice(0, 60)}…: ${r.status} ${r.text.slice(0, 300)}`);
      return r.data as T;
    } catch (e) {
      // A reset connection is counted and retried (a few times) rather than ending the soak.
      pollFailures.push(`${new Date().toISOString()} ${query.slice(0, 40)}: ${(e as Error).message.slice(0, 200)}`);
      if (attempt >= 5) throw e;
      await sleep(1000);
    }
  }
}

// ── tallies ──

class Tally {
  byStatus = new Map<string, number>();
  unexpected: string[] = [];
  count(kind: string, outcome: string, unexpected?: string): void {
    const key = `${kind} ${outcome}`;
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
    if (unexpected && this.unexpected.length < 200) this.unexpected.push(`${kind}: ${unexpected}`);
  }
}

/** Codes an operation may legitimately answer under this load (the import switching the active dataset). */
const EXPECTED_CODES = new Set(["NOT_FOUND"]);

function classify(t: Tally, kind: string, r: GqlAnswer | Answer | Error): void {
  if (r instanceof Error) return t.count(kind, "network-error", r.message);
  if (r.status >= 500) return t.count(kind, String(r.status), r.text.slice(0, 200));
  const errors = "errors" in r ? r.errors : undefined;
  if (errors?.length) {
    const code = errors[0]?.extensions?.code ?? "UNCODED";
    return t.count(kind, `${r.status}/${code}`, EXPECTED_CODES.has(code) ? undefined : errors[0]?.message.slice(0, 200));
  }
  if (r.status >= 400) return t.count(kind, String(r.status), r.status === 404 ? undefined : r.text.slice(0, 200));
  t.count(kind, String(r.status));
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Resident memory of a process; 0 once it has exited. */
function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;

/** Asks the server for a full GC (server.ts: SIGUSR2 when started with --expose-gc), then lets it settle. */
async function collect(server: RunningServer): Promise<void> {
  server.process.kill("SIGUSR2");
  await sleep(1500);
}

// ── the generated import file ──

function importFiles(customers: number): { customers: string; weekly: string } {
  const ds = generateDataset(parseGenerateOptions({ customers, seed: 777 }));
  const head = ["customer_id", "name", "phone", "id_number", "branch", "customer_type", "risk_tolerance", "age", "tenure_months", "open_channel", "has_margin", "has_advisor", "commission_rate", "product_count", "churned"];
  const rows = ds.profiles.map((p, i) => [p.id, p.name, p.phone, p.idNumber, p.branch, p.customerType, p.riskTolerance, p.age, p.tenureMonths, p.openChannel, p.hasMargin ? 1 : 0, p.hasAdvisor ? 1 : 0, p.commissionRate, p.productCount, ds.labels[i]!].join(","));
  const weeklyHead = ["customer_id", "week", "logins", "trades", "trade_amount", "total_assets", "net_inflow", "service_contacts", "complaints", "weekly_return", "market_return"];
  const weekly: string[] = [weeklyHead.join(",")];
  ds.weekly.forEach((weeks, i) => {
    for (const w of weeks) weekly.push([ds.profiles[i]!.id, w.week, w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn, ds.marketReturns[w.week - 1]!].join(","));
  });
  return { customers: [head.join(","), ...rows].join("\n") + "\n", weekly: weekly.join("\n") + "\n" };
}

function multipart(files: Record<string, string>): { body: Buffer; contentType: string } {
  const boundary = `----soak${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}.csv"\r\nContent-Type: text/csv\r\n\r\n`));
    parts.push(Buffer.from(text));
    parts.push(Buffer.from("\r\n"));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// ── one soak run on one database ──

export interface SoakResult {
  database: DbKind;
  minutes: number;
  health: { polls: number; p50: number; p99: number; max: number; over100: number; failed: number; worst: Array<{ atS: number; ms: number }> };
  requests: Record<string, number>;
  unexpected: string[];
  rss: { start: number; peak: number; after: number };
  /** Health polls over 100 ms by the steps that were running at the time. */
  slowHealth: Record<string, string>;
  stepLog: string[];
  work: Record<string, string>;
  integrity: Array<{ check: string; ok: boolean; detail: string }>;
}

/** The readers' documents; tests/unit/bench-documents.test.ts validates them against the schema, so a renamed field fails there and not 10 minutes into a soak. */
export const SOAK_READS = {
  Q_PAGE: `query SoakPage { customers(first: 20, orderBy: RISK_DESC) { totalCount edges { node { id probability riskLevel expectedAssetLoss topDrivers { key shap } } } } }`,
  Q_OVERVIEW: `query SoakOverview { dataset { id customerCount activeCustomers churnedCustomers } riskCounts { high medium low expectedAssetLoss histogram } activeModel { id metrics { auc } } }`,
  Q_SHAP: `query SoakShap { shapSummary(sampleSize: 500) { sampleSize importance { key meanAbsShap } } }`,
  Q_DETAIL: `query SoakDetail($id: String!) { customer(id: $id) { id risk { probability } weekly { week logins trades totalAssets } shap { key shap } latestPlan { status } } }`,
} as const;

async function soakOne(kind: DbKind, o: SoakOptions, files: { customers: string; weekly: string }): Promise<SoakResult> {
  const db: TestDb | undefined = kind === "postgres" ? await createTestDb("postgres") : undefined;
  const server = await startTestServer({
    ...(db?.url ? { databaseUrl: db.url } : {}),
    env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "100000", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim() },
  });
  const base = server.url;
  const pid = server.process.pid!;
  // A server that dies under the load is the finding: say how, with the end of its output.
  server.process.once("exit", (code, signal) => {
    console.log(`soak ${kind}: SERVER EXITED (code ${code}, signal ${signal}) — last output:\n${server.output().slice(-4000)}`);
  });
  const readers = new Agent({ keepAlive: true, maxSockets: o.readers });
  const control = new Agent({ keepAlive: true, maxSockets: 8 });
  const healthAgent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    // ── setup (not measured): an admin token, a timeline and a trained model to read ──
    const cookie = await loginCookie(base);
    const tokenAnswer = await call(`${base}/api/graphql`, control, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query: `mutation { createApiToken(input: { name: "soak", role: ADMIN }) { token } }` }),
    });
    const token = (JSON.parse(tokenAnswer.text) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
    console.log(`soak ${kind}: server up; generating the readers' dataset and training a default model`);
    await gqlOk(base, control, token, `mutation { generateDataset(input: { nCustomers: 1000, seed: 42 }) { id } }`);
    const first = await gqlOk<{ trainModel: { id: number } }>(base, control, token, `mutation { trainModel { id } }`);
    await waitRun(base, control, token, first.trainModel.id, 600_000);
    console.log(`soak ${kind}: setup done; ${o.minutes} min of load starts`);

    const before = await counts(base, control, token);
    const ids = (await gqlOk<{ customers: { edges: Array<{ node: { id: string } }> } }>(base, control, token, `{ customers(first: 200) { edges { node { id } } } }`)).customers.edges.map((e) => e.node.id);
    await sleep(3000);
    await collect(server);
    const rssStart = rssOf(pid);
    let rssPeak = rssStart;

    // ── the soak ──
    const t = new Tally();
    const started = performance.now();
    const deadline = started + o.minutes * 60_000;
    const running = () => performance.now() < deadline;
    const work: Record<string, string> = {};
    // What was running when: slow health answers are attributed to the steps active at that moment.
    const steps = new Steps(started);

    const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 250);

    const health: Array<{ at: number; ms: number }> = [];
    let healthFailed = 0;
    const healthLoop = (async () => {
      const pending: Promise<void>[] = [];
      for (let k = 0; running(); k++) {
        const at = started + k * 50;
        const wait = at - performance.now();
        if (wait > 0) await sleep(wait);
        pending.push(
          call(`${base}/api/health`, healthAgent, { timeoutMs: 30_000 }).then(
            (r) => {
              if (r.status === 200) health.push({ at: at - started, ms: r.ms });
              else {
                healthFailed++;
                t.count("health", String(r.status), r.text.slice(0, 200));
              }
            },
            (e: Error) => {
              healthFailed++;
              t.count("health", "network-error", e.message);
            },
          ),
        );
        if (pending.length > 1000) await Promise.all(pending.splice(0, 500));
      }
      await Promise.all(pending);
    })();

    let currentIds = ids;
    const readerLoop = async (n: number) => {
      for (let i = n; running(); i++) {
        const id = currentIds[i % currentIds.length] ?? "C0000001";
        const which = i % 5;
        const kindName = ["gql:customers", "gql:overview", "gql:shapSummary", "gql:customer", "rest:customer"][which]!;
        try {
          const r =
            which === 0
              ? await gql(base, readers, token, SOAK_READS.Q_PAGE)
              : which === 1
                ? await gql(base, readers, token, SOAK_READS.Q_OVERVIEW)
                : which === 2
                  ? await gql(base, readers, token, SOAK_READS.Q_SHAP)
                  : which === 3
                    ? await gql(base, readers, token, SOAK_READS.Q_DETAIL, { id })
                    : await call(`${base}/api/customer/${encodeURIComponent(id)}`, readers, { headers: { authorization: `Bearer ${token}` } });
          classify(t, kindName, r);
          if (which === 0 && "data" in r && r.data) {
            const edges = (r.data as { customers?: { edges: Array<{ node: { id: string } }> } }).customers?.edges;
            if (edges?.length) currentIds = edges.map((e) => e.node.id);
          }
        } catch (e) {
          classify(t, kindName, e as Error);
        }
      }
    };

    // The plan batch first (it scores the active dataset with the active model), then the
    // training run on that dataset, then the import that replaces it as the active dataset.
    const params = largestTrainParams();
    const planWork = (async () => {
      const t0 = performance.now();
      steps.begin("predict");
      const r = await gql(base, control, token, `mutation { predictRisk(input: { topK: 1000, generatePlans: true }) { scoredCount highRiskCount batch { id total } } }`, undefined, 300_000);
      steps.end("predict");
      steps.begin("plan batch");
      classify(t, "mutation:predictRisk", r);
      const batch = (r.data as { predictRisk?: { batch?: { id: number; total: number } | null } } | undefined)?.predictRisk?.batch;
      if (!batch) return (work.planBatch = `no batch: ${r.text.slice(0, 200)}`);
      for (;;) {
        const s = await gqlOk<{ planBatch: { status: string; done: number; failed: number; total: number } }>(base, control, token, `query ($id: Int!) { planBatch(id: $id) { status done failed total } }`, { id: batch.id });
        if (!["PENDING", "RUNNING"].includes(s.planBatch.status)) {
          steps.end("plan batch");
          work.planBatch = `batch ${batch.id}: ${s.planBatch.status}, ${s.planBatch.done}/${s.planBatch.total} done, ${s.planBatch.failed} failed, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
          return batch.id;
        }
        await sleep(500);
      }
    })();
    await sleep(200);
    const trainWork = (async () => {
      const t0 = performance.now();
      const r = await gql(base, control, token, `mutation ($p: TrainModelInput) { trainModel(input: $p) { id } }`, { p: params }, 300_000);
      classify(t, "mutation:trainModel", r);
      const id = (r.data as { trainModel?: { id: number } } | undefined)?.trainModel?.id;
      if (!id) return (work.training = `not started: ${r.text.slice(0, 200)}`);
      // Waited for past the load window by at most twice its length (a run still going is reported as such).
      const done = await waitRun(base, control, token, id, Math.max(deadline + o.minutes * 120_000 - performance.now(), 60_000), (phase) => steps.phase("training", phase));
      steps.end("training");
      work.training = `run ${id} ${JSON.stringify(params)}: ${done.status}${done.error ? ` (${done.error})` : ""}, ${((performance.now() - t0) / 1000).toFixed(1)} s; timings ${JSON.stringify(done.timings)}`;
      return id;
    })();
    await sleep(200);
    const importWork = (async () => {
      const t0 = performance.now();
      const form = multipart(files);
      steps.begin("import");
      try {
        const r = await call(`${base}/api/datasets/import`, control, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": form.contentType, "content-length": String(form.body.length) },
          body: form.body,
          timeoutMs: 900_000,
        });
        steps.end("import");
        classify(t, "rest:import", r);
        work.import = `${mb(form.body.length)} (${o.importCustomers} customers + weekly rows): ${r.status} ${r.text.slice(0, 160)}, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
        return r.status === 200 ? (JSON.parse(r.text) as { dataset_id: number; customer_count: number }) : null;
      } catch (e) {
        steps.end("import");
        classify(t, "rest:import", e as Error);
        work.import = `failed: ${(e as Error).message}`;
        return null;
      }
    })();

    await Promise.all([healthLoop, ...Array.from({ length: o.readers }, (_, n) => readerLoop(n))]);
    const loadSeconds = (performance.now() - started) / 1000;
    const [batchId, runId, imported] = await Promise.all([planWork, trainWork, importWork]);
    work.loadWindow = `${loadSeconds.toFixed(0)} s of readers; all work done ${((performance.now() - started) / 1000).toFixed(0)} s after the start`;
    clearInterval(rssTimer);
    rssPeak = Math.max(rssPeak, rssOf(pid));

    // ── settle, collect, measure ──
    await sleep(o.settleSeconds * 1000);
    await collect(server);
    const rssAfter = rssOf(pid);

    const after = await counts(base, control, token);
    const integrity = await checkIntegrity(base, control, token, before, after, {
      batchId: typeof batchId === "number" ? batchId : null,
      runId: typeof runId === "number" ? runId : null,
      imported,
      importCustomers: o.importCustomers,
    });

    const ms = health.map((h) => h.ms).sort((a, b) => a - b);
    const worst = [...health].sort((a, b) => b.ms - a.ms).slice(0, 5).map((h) => ({ atS: Math.round(h.at / 100) / 10, ms: Math.round(h.ms) }));
    const slowBySteps: Record<string, number> = {};
    for (const h of health) if (h.ms > 100) {
      const k = steps.activeAt(h.at) || "readers only";
      slowBySteps[k] = (slowBySteps[k] ?? 0) + 1;
    }
    const allBySteps: Record<string, number> = {};
    for (const h of health) {
      const k = steps.activeAt(h.at) || "readers only";
      allBySteps[k] = (allBySteps[k] ?? 0) + 1;
    }
    return {
      database: kind,
      slowHealth: Object.fromEntries(Object.entries(allBySteps).map(([k, n]) => [k, `${slowBySteps[k] ?? 0} of ${n} polls > 100 ms`])),
      stepLog: steps.log(),
      minutes: o.minutes,
      health: { polls: health.length + healthFailed, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: ms[ms.length - 1] ?? NaN, over100: ms.filter((m) => m > 100).length, failed: healthFailed, worst },
      requests: Object.fromEntries([...t.byStatus.entries()].sort()),
      unexpected: [...t.unexpected, ...pollFailures.splice(0).map((f) => `bench polling: ${f}`)],
      rss: { start: rssStart, peak: rssPeak, after: rssAfter },
      work,
      integrity,
    };
  } finally {
    readers.destroy();
    control.destroy();
    healthAgent.destroy();
    await server.stop();
    await db?.destroy();
  }
}

/** Start and end times of the work steps (training by phase), relative to the soak's start. */
class Steps {
  private spans: Array<{ name: string; from: number; to: number }> = [];
  private open = new Map<string, { name: string; from: number; to: number }>();
  constructor(private readonly t0: number) {}
  private now(): number {
    return performance.now() - this.t0;
  }
  begin(name: string): void {
    const span = { name, from: this.now(), to: Infinity };
    this.spans.push(span);
    this.open.set(name.split(":")[0]!, span);
  }
  end(group: string): void {
    const s = this.open.get(group);
    if (s) s.to = this.now();
    this.open.delete(group);
  }
  /** A new phase of a step (training: boosting, evaluating, shap …) ends the previous one. */
  phase(group: string, phase: string): void {
    const cur = this.open.get(group);
    if (cur && cur.name === `${group}:${phase}`) return;
    this.end(group);
    this.begin(`${group}:${phase}`);
  }
  activeAt(t: number): string {
    return this.spans.filter((s) => s.from <= t && t <= s.to).map((s) => s.name).sort().join(" + ");
  }
  log(): string[] {
    return this.spans.map((s) => `${s.name} ${(s.from / 1000).toFixed(1)}–${Number.isFinite(s.to) ? (s.to / 1000).toFixed(1) : "…"} s`);
  }
}

interface RunState {
  status: string;
  error: string | null;
  timings: unknown;
}

async function waitRun(base: string, agent: Agent, token: string, id: number, timeoutMs: number, onPhase?: (phase: string) => void): Promise<RunState> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await gqlOk<{ modelRun: (RunState & { phase: string }) | null }>(base, agent, token, `query ($id: Int!) { modelRun(id: $id) { status phase error timings { totalMs trainMs shapMs } } }`, { id });
    if (r.modelRun) onPhase?.(r.modelRun.phase);
    if (r.modelRun && r.modelRun.status !== "RUNNING" && r.modelRun.status !== "PENDING") return r.modelRun;
    if (Date.now() > until) return { status: "STILL RUNNING", error: `after ${timeoutMs / 1000} s`, timings: null };
    await sleep(500);
  }
}

interface Counts {
  modelRuns: Array<{ id: number; status: string }>;
  batches: Array<{ id: number }>;
  dataset: { id: number; customerCount: number } | null;
  auditTop: number;
}

async function counts(base: string, agent: Agent, token: string): Promise<Counts> {
  const r = await gqlOk<{ modelRuns: Counts["modelRuns"]; planBatches: Counts["batches"]; dataset: Counts["dataset"]; auditLog: Array<{ id: number }> }>(
    base,
    agent,
    token,
    `{ modelRuns(limit: 100) { id status } planBatches(limit: 100) { id } dataset { id customerCount } auditLog(limit: 1) { id } }`,
  );
  return { modelRuns: r.modelRuns, batches: r.planBatches, dataset: r.dataset, auditTop: r.auditLog[0]?.id ?? 0 };
}

async function checkIntegrity(
  base: string,
  agent: Agent,
  token: string,
  before: Counts,
  after: Counts,
  w: { batchId: number | null; runId: number | null; imported: { dataset_id: number; customer_count: number } | null; importCustomers: number },
): Promise<SoakResult["integrity"]> {
  const out: SoakResult["integrity"] = [];
  const check = (name: string, ok: boolean, detail: string) => out.push({ check: name, ok, detail });

  const newRuns = after.modelRuns.filter((r) => !before.modelRuns.some((b) => b.id === r.id));
  check("model runs: exactly the soak's training added", newRuns.length === 1 && newRuns[0]!.id === w.runId, `${before.modelRuns.length} → ${after.modelRuns.length} (new: ${newRuns.map((r) => `${r.id} ${r.status}`).join(", ") || "none"})`);
  const newBatches = after.batches.filter((b) => !before.batches.some((x) => x.id === b.id));
  check("plan batches: exactly one added", newBatches.length === 1 && newBatches[0]!.id === w.batchId, `${before.batches.length} → ${after.batches.length}`);

  if (w.batchId !== null) {
    const plans: string[] = [];
    let cursor: string | null = null;
    let total = 0;
    let statuses: Record<string, number> = {};
    for (;;) {
      const r: { retentionPlans: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { customerId: string; status: string } }> } } = await gqlOk(
        base,
        agent,
        token,
        `query ($b: Int!, $after: String) { retentionPlans(batchId: $b, first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { customerId status } } } }`,
        { b: w.batchId, after: cursor },
      );
      total = r.retentionPlans.totalCount;
      for (const e of r.retentionPlans.edges) {
        plans.push(e.node.customerId);
        statuses = { ...statuses, [e.node.status]: (statuses[e.node.status] ?? 0) + 1 };
      }
      if (!r.retentionPlans.pageInfo.hasNextPage) break;
      cursor = r.retentionPlans.pageInfo.endCursor;
    }
    const batch = await gqlOk<{ planBatch: { total: number; done: number } }>(base, agent, token, `query ($id: Int!) { planBatch(id: $id) { total done } }`, { id: w.batchId });
    const unique = new Set(plans).size;
    check(
      "plans: one per customer, none lost",
      unique === plans.length && plans.length === batch.planBatch.total && total === batch.planBatch.total,
      `batch total ${batch.planBatch.total}, rows ${plans.length}, distinct customers ${unique}, by status ${JSON.stringify(statuses)}`,
    );
  }

  if (w.imported) {
    const d = await gqlOk<{ dataset: { id: number; customerCount: number } | null }>(base, agent, token, `{ dataset { id customerCount } }`);
    check(
      "import: every customer stored once",
      w.imported.customer_count === w.importCustomers && d.dataset?.id === w.imported.dataset_id && d.dataset.customerCount === w.importCustomers,
      `file ${w.importCustomers}, answer ${w.imported.customer_count}, stored ${d.dataset?.customerCount} (dataset ${d.dataset?.id})`,
    );
  } else check("import: every customer stored once", false, "import did not succeed");
  if (before.dataset) {
    // The generated dataset the readers started on is untouched by the soak.
    const page = await gqlOk<{ auditLog: Array<{ id: number; action: string; target: string | null }> }>(base, agent, token, `{ auditLog(limit: 500) { id action target } }`);
    const soakRows = page.auditLog.filter((a) => a.id > before.auditTop);
    const byAction: Record<string, number> = {};
    for (const a of soakRows) byAction[a.action] = (byAction[a.action] ?? 0) + 1;
    // Audit rows carry the actions' names (lib/actions: predict, train_model, import_dataset).
    const expected: Record<string, number> = { predict: 1, train_model: 1, import_dataset: 1 };
    const ok = Object.entries(expected).every(([k, v]) => byAction[k] === v) && Object.keys(byAction).every((k) => k in expected);
    check("audit: one row per action, nothing else", ok, `${JSON.stringify(byAction)} (expected ${JSON.stringify(expected)})`);
  }
  return out;
}

function report(r: SoakResult): void {
  console.log(`\n## Soak: ${r.database}, ${r.minutes} min (50 readers + largest training + ${"import"} + plan batch)\n`);
  console.table({
    "health polls": r.health.polls,
    "health p50": `${r.health.p50.toFixed(1)} ms`,
    "health p99 (target < 100 ms)": `${r.health.p99.toFixed(1)} ms`,
    "health max": `${r.health.max.toFixed(0)} ms`,
    "health > 100 ms": r.health.over100,
    "health failed": r.health.failed,
    "RSS start": mb(r.rss.start),
    "RSS peak": mb(r.rss.peak),
    "RSS after (settled + GC)": mb(r.rss.after),
    "RSS after / start (target ≤ 1.20)": (r.rss.after / r.rss.start).toFixed(2),
  });
  console.log("slowest health answers (s into the soak → ms):", r.health.worst.map((w) => `${w.atS}s→${w.ms}ms`).join(", "));
  console.log("health polls over 100 ms by the steps running at the time (readers run throughout):");
  console.table(r.slowHealth);
  console.log(`steps: ${r.stepLog.join("; ")}`);
  console.log("\nanswers by operation and status:");
  console.table(r.requests);
  console.log(`unexpected failures: ${r.unexpected.length}`);
  for (const u of r.unexpected.slice(0, 30)) console.log(`  - ${u}`);
  console.log("\nwork:");
  for (const [k, v] of Object.entries(r.work)) console.log(`  ${k}: ${v}`);
  console.log("\nintegrity:");
  for (const c of r.integrity) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.check}: ${c.detail}`);
}

export async function runSoak(argv: string[]): Promise<SoakResult[]> {
  const o = parseSoakArgs(argv);
  const t0 = performance.now();
  const files = importFiles(o.importCustomers);
  console.log(`soak: import file of ${o.importCustomers} customers generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (${mb(files.customers.length + files.weekly.length)}); training ${JSON.stringify(largestTrainParams())}`);
  const results: SoakResult[] = [];
  for (const kind of o.dbs) {
    const r = await soakOne(kind, o, files);
    report(r);
    results.push(r);
  }
  return results;
}
