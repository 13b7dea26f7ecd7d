/**
 * One action, one place: the same scenario of user actions runs through GraphQL (HTTP), REST
 * (where a route exists) and the CLI (where a command exists), each on a fresh database, on
 * PGlite and PostgreSQL. The database effects, the audit rows (exactly one per action) and the
 * error codes must agree. The first cases are the disagreements found before the actions layer:
 * the CLI left a generated dataset unscored while GraphQL scored it, trainModel wrote two audit
 * rows, activation re-scored predictions that already existed and was audited twice (once by
 * "system"), exports had no rate budget, and report generation was open to viewers.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";
import { runCli } from "../../lib/cli/main";
import { createTestDb, type DbKind, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

type Adapter = "graphql" | "rest" | "cli";

/** What a scenario step left behind, comparable across adapters. */
interface Effects {
  datasets: number;
  customers: number;
  runs: string[];
  activeRuns: number;
  predictions: number;
  batches: number;
  plansDone: number;
  /** Audit actions in order, sign-ins left out (only the HTTP adapters sign in). */
  audit: string[];
}

async function rows<T>(db: DbHandle["db"], q: ReturnType<typeof sql>): Promise<T[]> {
  // PGlite answers { rows }, postgres.js an array.
  const r = (await db.execute(q)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(r) ? r : (r.rows ?? []);
}

async function effects(db: DbHandle["db"]): Promise<Effects> {
  const count = async (q: ReturnType<typeof sql>) => Number((await rows<{ n: number }>(db, q))[0]?.n);
  return {
    datasets: await count(sql`select count(*)::int as n from datasets`),
    customers: await count(sql`select count(*)::int as n from customers`),
    runs: (await rows<{ status: string }>(db, sql`select status from model_runs order by id`)).map((r) => r.status),
    activeRuns: await count(sql`select count(*)::int as n from model_runs where is_active`),
    predictions: await count(sql`select count(*)::int as n from predictions`),
    batches: await count(sql`select count(*)::int as n from plan_batches`),
    plansDone: await count(sql`select count(*)::int as n from retention_plans where status = 'done'`),
    audit: (await rows<{ action: string }>(db, sql`select action from audit_log where action not in ('login', 'login_failed') order by id`)).map((r) => r.action),
  };
}

const lastScoredAt = async (db: DbHandle["db"]) => String((await rows<{ t: unknown }>(db, sql`select max(scored_at)::text as t from predictions`))[0]?.t);

/** One fresh database and the means to act on it through one adapter. */
interface Harness {
  adapter: Adapter;
  db: DbHandle["db"];
  /** Runs a step; returns the error code it ended with (null on success). */
  step(name: StepName, arg?: number): Promise<string | null>;
  close(): Promise<void>;
}

type StepName = "generateBad" | "predictNoModel" | "generate" | "train" | "predict" | "activate" | "scoredAt";

const GEN = { nCustomers: 300, nWeeks: 8, seed: 7 };

async function httpHarness(adapter: "graphql" | "rest", kind: DbKind): Promise<Harness & { server: RunningServer }> {
  const testDb: TestDb | null = kind === "postgres" ? await createTestDb("postgres") : null;
  const pgliteDir = kind === "pglite" ? mkdtempSync(path.join(tmpdir(), "churn-actions-")) : undefined;
  const server = await startTestServer({ databaseUrl: testDb?.url, pgliteDir, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "1000" } });
  const cookie = await loginCookie(server.url);
  const gqlCall = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query, variables }) });
    return (await r.json()) as { data?: Record<string, never> | null; errors?: { extensions?: { code?: string; field?: string } }[] };
  };
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code ?? null;
  const rest = async (p: string, body?: unknown) => {
    const r = await fetch(`${server.url}${p}`, body === undefined ? { headers: { cookie } } : { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = r.headers.get("content-type")?.includes("json") ? ((await r.json()) as { code?: string; field?: string }) : null;
    return { status: r.status, json };
  };
  const waitRun = async () => {
    for (;;) {
      const r = await gqlCall("query { modelRuns(limit: 1) { status } }");
      const s = (r.data as unknown as { modelRuns: { status: string }[] }).modelRuns[0]?.status;
      if (s && s !== "RUNNING") return;
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  const waitBatch = async () => {
    for (;;) {
      const r = await gqlCall("query { planBatches(limit: 1) { status } }");
      const s = (r.data as unknown as { planBatches: { status: string }[] }).planBatches[0]?.status;
      if (s === "DONE") return;
      await new Promise((res) => setTimeout(res, 200));
    }
  };
  // The server holds PGlite; the test reads the same database through the server's own tables
  // by a second connection on PostgreSQL, and through the server after it stops on PGlite.
  let reader: DbHandle | null = testDb;
  const db = () => reader!.db;
  const h = {
    adapter,
    server,
    get db() {
      return db();
    },
    async step(name: StepName, arg?: number): Promise<string | null> {
      if (adapter === "graphql") {
        switch (name) {
          case "generateBad":
            return code(await gqlCall("mutation { generateDataset(input: { nCustomers: -5 }) { id } }"));
          case "predictNoModel":
            return code(await gqlCall("mutation { predictRisk(input: { topK: 5 }) { scoredCount } }"));
          case "generate":
            return code(await gqlCall("mutation ($i: GenerateDatasetInput) { generateDataset(input: $i) { id } }", { i: GEN }));
          case "train": {
            const c = code(await gqlCall("mutation { trainModel(input: { rounds: 40 }) { id } }"));
            if (!c) await waitRun();
            return c;
          }
          case "predict": {
            const c = code(await gqlCall("mutation { predictRisk(input: { topK: 5 }) { scoredCount } }"));
            if (!c) await waitBatch();
            return c;
          }
          case "activate":
            return code(await gqlCall("mutation ($id: Int!) { activateModel(id: $id) { id } }", { id: arg }));
          default:
            throw new Error(name);
        }
      }
      switch (name) {
        case "generateBad": {
          const r = await rest("/api/train", { n_customers: -5 });
          expect(r.json?.field).toBe("n_customers");
          return r.json?.code ?? null;
        }
        case "predictNoModel":
          return (await rest("/api/predict", { top_k: 5 })).json?.code ?? null;
        case "generate": {
          // The seed REST API generates as part of /api/train; generation alone is GraphQL and CLI.
          return code(await gqlCall("mutation ($i: GenerateDatasetInput) { generateDataset(input: $i) { id } }", { i: GEN }));
        }
        case "train": {
          const r = await rest("/api/train", {});
          return r.status === 200 ? null : (r.json?.code ?? String(r.status));
        }
        case "predict": {
          const r = await rest("/api/predict", { top_k: 5 });
          return r.status === 200 ? null : (r.json?.code ?? String(r.status));
        }
        case "activate":
          return code(await gqlCall("mutation ($id: Int!) { activateModel(id: $id) { id } }", { id: arg }));
        default:
          throw new Error(name);
      }
    },
    async close() {
      await server.stop();
      if (pgliteDir) {
        reader = await openDatabase({ pgliteDir });
      }
    },
    async destroy() {
      await reader?.close();
      if (testDb) await testDb.destroy();
    },
  };
  return h;
}

async function cliHarness(kind: DbKind): Promise<Harness & { destroy(): Promise<void> }> {
  const testDb = kind === "postgres" ? await createTestDb("postgres") : null;
  const pgliteDir = kind === "pglite" ? mkdtempSync(path.join(tmpdir(), "churn-actions-cli-")) : undefined;
  const env = testDb ? { DATABASE_URL: testDb.url! } : { PGLITE_DIR: pgliteDir! };
  const run = async (argv: string[]) => {
    const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };
    delete process.env.DATABASE_URL;
    Object.assign(process.env, env);
    const err: string[] = [];
    try {
      const exit = await runCli(argv, { out: () => {}, err: (l) => err.push(l) });
      return { exit, err: err.join("\n") };
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      if (!saved.PGLITE_DIR) delete process.env.PGLITE_DIR;
    }
  };
  let reader: DbHandle | null = testDb;
  const ensureReader = async () => (reader ??= await openDatabase({ pgliteDir: pgliteDir! }));
  const closeReader = async () => {
    if (pgliteDir && reader) {
      await reader.close();
      reader = null;
    }
  };
  return {
    adapter: "cli",
    get db() {
      return reader!.db;
    },
    async step(name: StepName, arg?: number): Promise<string | null> {
      await closeReader(); // PGlite: one process, one opener at a time
      const r =
        name === "generateBad"
          ? await run(["generate", "--customers", "-5"])
          : name === "predictNoModel"
            ? await run(["predict", "--top-k", "5"])
            : name === "generate"
              ? await run(["generate", "--customers", String(GEN.nCustomers), "--weeks", String(GEN.nWeeks), "--seed", String(GEN.seed)])
              : name === "train"
                ? await run(["train", "--rounds", "40"])
                : name === "predict"
                  ? await run(["predict", "--top-k", "5"])
                  : await run(["activate", "--id", String(arg)]);
      await ensureReader();
      if (name === "generateBad") expect(r.err).toContain("--customers");
      // The CLI prints messages, not codes: its failures are checked by exit status and text.
      return r.exit === 0 ? null : name === "generateBad" ? "BAD_USER_INPUT" : name === "predictNoModel" ? "FAILED_PRECONDITION" : `exit ${r.exit}: ${r.err}`;
    },
    async close() {
      await ensureReader();
    },
    async destroy() {
      await reader?.close();
      if (testDb) await testDb.destroy();
    },
  };
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`one action, one place: GraphQL, REST and CLI agree (${kind})`, () => {
    const results = new Map<Adapter, { codes: Record<string, string | null>; after: Record<string, Effects>; scoredBefore: string; scoredAfter: string }>();
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      for (const adapter of ["graphql", "rest", "cli"] as const) {
        const h = adapter === "cli" ? await cliHarness(kind) : await httpHarness(adapter, kind);
        cleanups.push(() => (h as unknown as { destroy(): Promise<void> }).destroy());
        const codes: Record<string, string | null> = {};
        const after: Record<string, Effects> = {};
        const snap = async (label: string) => {
          if (adapter !== "cli" && kind === "pglite") return; // read after the server stops
          after[label] = await effects(h.db);
        };
        codes.generateBad = await h.step("generateBad");
        codes.predictNoModel = await h.step("predictNoModel");
        codes.generate = await h.step("generate");
        await snap("generate");
        codes.train = await h.step("train");
        await snap("train");
        codes.predict = await h.step("predict");
        await snap("predict");
        // Re-activating the active model must not score again: its predictions exist.
        let scoredBefore = "";
        let scoredAfter = "";
        if (adapter === "cli" || kind === "postgres") {
          scoredBefore = await lastScoredAt(h.db);
        }
        codes.activate = await h.step("activate", 1);
        await h.close();
        after.final = await effects(h.db);
        scoredAfter = await lastScoredAt(h.db);
        if (!scoredBefore) scoredBefore = scoredAfter;
        results.set(adapter, { codes, after, scoredBefore, scoredAfter });
      }
    }, 900_000);

    afterAll(async () => {
      for (const c of cleanups) await c().catch(() => {});
    });

    it("bad input is BAD_USER_INPUT naming the caller's field, and writes nothing", () => {
      for (const [adapter, r] of results) {
        expect(r.codes.generateBad, adapter).toBe("BAD_USER_INPUT");
      }
    });

    it("predicting without a model is FAILED_PRECONDITION everywhere", () => {
      for (const [adapter, r] of results) expect(r.codes.predictNoModel, adapter).toBe("FAILED_PRECONDITION");
    });

    it("every step succeeds through every adapter", () => {
      for (const [adapter, r] of results) {
        expect({ adapter, generate: r.codes.generate, train: r.codes.train, predict: r.codes.predict, activate: r.codes.activate }).toEqual({
          adapter,
          generate: null,
          train: null,
          predict: null,
          activate: null,
        });
      }
    });

    it("the database ends the same: one dataset unscored until trained, one active model, one batch of 5 done plans", () => {
      const reference = results.get("graphql")!.after.final!;
      // Same seed, same timeline: joiners on top of the 300 customers present at the start.
      expect(reference.customers).toBeGreaterThan(GEN.nCustomers);
      // Only the customers active at the as-of date are scored.
      expect(reference.predictions).toBeGreaterThan(0);
      expect(reference.predictions).toBeLessThan(reference.customers);
      for (const [adapter, r] of results) {
        const f = r.after.final!;
        expect({ adapter, ...f, audit: undefined }).toEqual({
          adapter,
          datasets: 1,
          customers: reference.customers,
          runs: ["succeeded"],
          activeRuns: 1,
          predictions: reference.predictions,
          batches: 1,
          plansDone: 5,
          audit: undefined,
        });
        // A new dataset is not scored by a model trained elsewhere (and here there is none yet).
        if (r.after.generate) expect(r.after.generate.predictions, adapter).toBe(0);
      }
    });

    it("exactly one audit row per action, by the caller, never by 'system'", () => {
      const audits = [...results].map(([adapter, r]) => ({ adapter, audit: r.after.final!.audit }));
      for (const { adapter, audit } of audits) {
        expect({ adapter, audit }).toEqual({ adapter, audit: ["generate_dataset", "train_model", "predict", "activate_model"] });
      }
    });

    it("activating a model whose predictions exist does not score again", () => {
      for (const [adapter, r] of results) expect(r.scoredAfter, adapter).toBe(r.scoredBefore);
    });
  });
}

// Policies that were missing before the actions layer, checked on the running server.
for (const { kind, describeDb } of dbSuites()) {
  describeDb(`action policies hold for every entry point (${kind})`, () => {
    let server: RunningServer;
    let testDb: TestDb | null = null;
    let adminCookie = "";
    let viewerCookie = "";

    beforeAll(async () => {
      testDb = kind === "postgres" ? await createTestDb("postgres") : null;
      server = await startTestServer({ databaseUrl: testDb?.url, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "3" } });
      adminCookie = await loginCookie(server.url);
      const create = await fetch(`${server.url}/api/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: adminCookie },
        body: JSON.stringify({ query: 'mutation { createUser(input: { email: "v@policy.local", password: "viewer-password-1", role: VIEWER }) { id } }' }),
      });
      expect(create.status).toBe(200);
      viewerCookie = await loginCookie(server.url, "v@policy.local", "viewer-password-1");
    }, 300_000);

    afterAll(async () => {
      await server?.stop();
      await testDb?.destroy();
    });

    it("report generation (an LLM call) needs the analyst role; reading the report does not generate one", async () => {
      const post = (cookie: string, query: string) =>
        fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query }) }).then(
          (r) => r.json() as Promise<{ data?: { report?: { source: string } } | null; errors?: { extensions?: { code?: string } }[] }>,
        );
      expect((await post(viewerCookie, "mutation { generateReport { source } }")).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const read = await post(viewerCookie, "query { a: report { source } b: report { source } }");
      expect(read.errors).toBeUndefined();
    });

    it("exports spend the caller's budget: the fourth export within a minute is refused with 429 and retry-after", async () => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 4; i++) {
        const r = await fetch(`${server.url}/api/customers/export?format=csv`, { headers: { cookie: adminCookie } });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get("retry-after");
        await r.arrayBuffer();
      }
      // No dataset yet: the allowed ones fail on their own (404), never with a rate limit.
      expect(statuses.slice(0, 3)).not.toContain(429);
      expect(statuses[3]).toBe(429);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      const audit = await fetch(`${server.url}/api/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie: adminCookie },
        body: JSON.stringify({ query: "query { auditLog(limit: 50) { action actor } }" }),
      }).then((r) => r.json() as Promise<{ data: { auditLog: { action: string; actor: string }[] } }>);
      expect(audit.data.auditLog.filter((a) => a.actor === "system")).toEqual([]);
    });
  });
}
