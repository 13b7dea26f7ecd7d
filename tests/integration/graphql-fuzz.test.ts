/**
 * Issue 7 — 1,000 generated malformed or hostile GraphQL operations (fast-check, fixed seed)
 * against the production server over HTTP, and a sample over WebSocket. Each must get a GraphQL
 * error with `extensions.code` (or a clean 4xx JSON error for transport-level rejections), never
 * a 5xx, never a stack trace, never a field suggestion; the server keeps answering afterwards.
 * Also: the rate limits on expensive mutations and on logins answer a burst with retry info.
 */
import fc from "fast-check";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authHeaders, postGql, rawHttp, STACK_RE, wsErrors, wsOnce, type RawHttpResult } from "../support/raw-graphql";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

const SEED = 7_007;
const RUNS = 1_000;
const WS_SAMPLE = 150;

interface FuzzCase {
  kind: string;
  method: "GET" | "POST";
  search?: string;
  contentType?: string;
  /** Raw body (string or bytes); JSON bodies are already stringified. */
  body?: string | Uint8Array;
  /** The document, when the case is a well-formed JSON request with a string query (for the WebSocket sample). */
  query?: string;
  variables?: Record<string, unknown>;
  auth: "viewer" | "anonymous" | "forged";
  extraHeaders?: Record<string, string>;
}

const SEEDS = [
  "{ health { status database } }",
  "query Q($first: Int, $f: CustomerFilter) { customers(first: $first, filter: $f) { totalCount edges { cursor node { id probability topDrivers { key shap } } } pageInfo { hasNextPage endCursor } } }",
  "query ($id: String!) { customer(id: $id) { id profile { maskedName } weekly { week logins } shap { key shap } latestPlan { id plan { priority } } } }",
  "mutation { predictRisk(input: { topK: 5 }) { scoredCount batch { id } } }",
  "query { modelRuns { id metrics { auc roc { x y } } learningCurve { round } } }",
  "query ($c: String!, $ch: [FeatureChange!]!) { whatIf(customerId: $c, changes: $ch) { probability shap { key shap } } }",
  "query { shapSummary(sampleSize: 100) { importance { key } beeswarm { shap } } }",
  "query { retentionPlans(first: 10) { edges { node { id plan { actions { action } } } } } }",
  "subscription ($id: Int!) { trainingProgress(runId: $id) { round } }",
];

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const authArb = fc.constantFrom<FuzzCase["auth"]>("viewer", "viewer", "viewer", "anonymous", "forged");

const json = (kind: string, payload: unknown, extra: Partial<FuzzCase> = {}): FuzzCase => {
  const p = payload as { query?: unknown; variables?: unknown };
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  return {
    kind,
    method: "POST",
    contentType: "application/json",
    body: JSON.stringify(payload),
    query: typeof p?.query === "string" && (p.variables === undefined || isObj(p.variables)) ? p.query : undefined,
    variables: isObj(p?.variables) ? p.variables : undefined,
    auth: "viewer",
    ...extra,
  };
};

const arbitraries: fc.Arbitrary<FuzzCase>[] = [
  fc.uint8Array({ maxLength: 2000 }).map((b) => ({ kind: "random bytes", method: "POST", contentType: "application/json", body: b, auth: "viewer" }) as FuzzCase),
  fc.string({ unit: "binary", maxLength: 400 }).map((q) => json("random document", { query: q })),
  fc.string({ unit: fc.constantFrom(..."{}()[]:$@!.,=\"#\n query mutation subscription fragment on ...".split("")), maxLength: 300 }).map((q) => json("grammar soup", { query: q })),
  fc.tuple(fc.constantFrom(...SEEDS), fc.double({ min: 0, max: 0.999, noNaN: true })).map(([s, f]) => json("truncated document", { query: s.slice(0, Math.floor(s.length * f)) })),
  fc.array(ident, { minLength: 1, maxLength: 20 }).map((names) => json("unknown fields", { query: `{ health { status ${names.join(" ")} } customer(id: "C1") { ${names.join(" ")} } }` })),
  fc.integer({ min: 11, max: 2_000 }).map((n) => json("deep nesting", { query: `{ ${"customers { edges { node { ".repeat(Math.ceil(n / 3))}id${" } } }".repeat(Math.ceil(n / 3))} }` })),
  fc.integer({ min: 11, max: 1_200 }).map((n) => json("deep inline fragments", { query: `{ ${"... on Query { ".repeat(n)}health { status }${" }".repeat(n)} }` })),
  fc.integer({ min: 31, max: 1_500 }).map((n) => json("alias bomb", { query: `{ ${Array.from({ length: n }, (_, i) => `a${i}: health { status }`).join(" ")} }` })),
  fc.integer({ min: 31, max: 3_000 }).map((n) => json("typename alias bomb", { query: `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename`).join(" ")} }` })),
  fc.integer({ min: 21, max: 200 }).map((n) =>
    json("cost bomb", { query: `{ ${Array.from({ length: Math.min(n, 29) }, (_, i) => `c${i}: customers(first: 200) { edges { node { topDrivers { key shap labelZh } } } }`).join(" ")} }` }),
  ),
  fc.integer({ min: 1, max: 60 }).map((n) => {
    const frags = Array.from({ length: n }, (_, i) => `fragment F${i} on Query { health { status } ...F${(i + 1) % n} }`).join(" ");
    return json("fragment cycle", { query: `query { ...F0 } ${frags}` });
  }),
  fc.integer({ min: 2, max: 60 }).map((n) => {
    // Fragment fan-out: each fragment spreads the next one twice — 2^n steps for a validator that
    // expands spreads afresh (limits.ts did: n = 22 took 2.6 s, n = 60 would never finish).
    const frags = Array.from({ length: n }, (_, i) => (i < n - 1 ? `fragment G${i} on Query { ...G${i + 1} ...G${i + 1} }` : `fragment G${i} on Query { health { status } }`)).join(" ");
    return json("fragment fan-out", { query: `query { ...G0 } ${frags}` });
  }),
  fc.integer({ min: 50, max: 3_000 }).map((n) =>
    json("many variables", {
      query: `query (${Array.from({ length: Math.min(n, 1000) }, (_, i) => `$v${i}: Int`).join(", ")}) { health { status } }`,
      variables: Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, i])),
    }),
  ),
  fc.tuple(fc.constantFrom("first: $x", "id: $x"), fc.jsonValue({ maxDepth: 3 })).map(([arg, v]) =>
    json("wrong variable type", {
      query: arg.startsWith("first") ? "query ($x: Int) { customers(first: $x) { totalCount } }" : "query ($x: Int!) { modelRun(id: $x) { id } }",
      variables: { x: v },
    }),
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) =>
    json("wrong input object", { query: "query ($f: CustomerFilter) { customers(first: 5, filter: $f) { totalCount } }", variables: { f: v } }),
  ),
  fc.tuple(fc.string({ maxLength: 80 }), fc.array(fc.record({ key: fc.string({ maxLength: 40 }), value: fc.double() }), { maxLength: 40 })).map(([c, ch]) =>
    json("hostile whatIf", { query: SEEDS[5]!, variables: { c, ch } }),
  ),
  fc.string({ maxLength: 12_000 }).map((s) => json("long string argument", { query: "query ($id: String!) { customer(id: $id) { id } }", variables: { id: s } })),
  fc.oneof(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String), fc.double().map(String), fc.constant("1e400")).map((n) =>
    json("huge number literal", { query: `{ customers(first: ${n.replace("Infinity", "1e999").replace("NaN", "0")}) { totalCount } }` }),
  ),
  fc.tuple(fc.constantFrom(...SEEDS.slice(3, 4), "mutation { cancelPlanBatch(id: 1) { id } }", "mutation { createApiToken(input: {name: \"x\", role: ADMIN}) { token } }"), fc.boolean()).map(
    ([q, preflight]) =>
      ({
        kind: "GET mutation",
        method: "GET",
        search: `?query=${encodeURIComponent(q)}`,
        auth: "viewer",
        extraHeaders: preflight ? { "apollo-require-preflight": "1" } : {},
      }) as FuzzCase,
  ),
  fc.array(fc.constantFrom(...SEEDS), { minLength: 1, maxLength: 50 }).map((qs) => json("batched array", qs.map((query) => ({ query })))),
  fc.integer({ min: 256 * 1024 + 1, max: 1_200_000 }).map((n) => json("oversized body", { query: "{ health { status } }", variables: { pad: "x".repeat(n) } })),
  fc.integer({ min: 20_001, max: 200_000 }).map((n) => json("oversized document", { query: `{ health { status } } # ${"x".repeat(n)}` })),
  fc.constantFrom(
    "{ __schema { types { name fields { name } } } }",
    '{ __type(name: "Query") { fields { name } } }',
    "{ a: __schema { queryType { name } } }",
    "fragment F on Query { __schema { queryType { name } } } { ...F }",
    "{ ... on Query { __type(name: \"User\") { name } } }",
  ).map((q) => json("introspection", { query: q })),
  fc.oneof(
    fc.constant({ query: 42 }),
    fc.constant({ query: null }),
    fc.constant({ query: ["{ health { status } }"] }),
    fc.constant({ query: { kind: "Document" } }),
    fc.constant({}),
    fc.constant({ query: "{ health { status } }", variables: "not an object" }),
    fc.constant({ query: "{ health { status } }", operationName: "Nope" }),
    fc.constant({ query: "query A { health { status } } query B { health { status } }" }),
    fc.constant({ query: "{ health { status } }", extensions: { persistedQuery: { version: 1, sha256Hash: "00" } } }),
    fc.constant({ extensions: { persistedQuery: { version: 1, sha256Hash: "a".repeat(64) } } }),
    fc.jsonValue({ maxDepth: 3 }),
  ).map((p) => json("malformed request shape", p)),
  fc.integer({ min: 2, max: 500 }).map((n) => json("directive bomb", { query: `{ health ${"@include(if: true) ".repeat(n)}{ status } }` })),
  fc.tuple(fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/graphql", ""), fc.constantFrom(...SEEDS)).map(
    ([ct, q]) => ({ kind: "simple content type (CSRF)", method: "POST", contentType: ct || undefined, body: JSON.stringify({ query: q }), auth: "viewer" }) as FuzzCase,
  ),
  fc.constantFrom(...SEEDS).map((q) => json("admin op by viewer", { query: q.replace("predictRisk(input: { topK: 5 })", "generateDataset(input: { nCustomers: 100 })") })),
];

const caseArb: fc.Arbitrary<FuzzCase> = fc.tuple(fc.oneof(...arbitraries), authArb).map(([c, auth]) => ({ ...c, auth: c.auth === "viewer" ? auth : c.auth }));

interface Verdict {
  ok: boolean;
  crash: boolean;
  stack: boolean;
  rejected: boolean;
  reason?: string;
}

/** Judges one HTTP answer against the rules of the issue. */
function judgeHttp(r: RawHttpResult): Verdict {
  const stack = STACK_RE.test(r.text) || r.text.includes("node_modules") || r.text.includes("/work/");
  const v: Verdict = { ok: true, crash: r.status >= 500, stack, rejected: false };
  if (v.crash) return { ...v, ok: false, reason: `HTTP ${r.status}` };
  if (stack) return { ...v, ok: false, reason: "stack trace or path in response" };
  if (/did you mean/i.test(r.text)) return { ...v, ok: false, reason: "field suggestion in production" };
  if (!r.json) return { ...v, ok: false, reason: `non-JSON ${r.status}: ${r.text.slice(0, 120)}` };
  const errors = r.json.errors ?? [];
  if (errors.length) {
    const missing = errors.filter((e) => typeof e.extensions?.code !== "string");
    if (missing.length) return { ...v, ok: false, reason: `error without code: ${JSON.stringify(missing[0]).slice(0, 200)}` };
    if (errors.some((e) => e.extensions?.code === "INTERNAL_SERVER_ERROR")) return { ...v, ok: false, crash: true, reason: `masked internal error: ${JSON.stringify(errors[0]).slice(0, 200)}` };
    return { ...v, rejected: true };
  }
  if (r.status >= 400) return { ...v, ok: false, reason: `${r.status} without an error body` };
  return v; // a well-formed operation that happened to be valid
}

describe("GraphQL fuzzing (production server)", () => {
  let server: RunningServer;
  let viewerToken: string;
  let analystToken: string;
  const figures = { tried: 0, rejected: 0, accepted: 0, crashes: 0, stackTraces: 0, wsTried: 0, wsRejected: 0, wsClosed: 0, rawFrames: 0 };
  const byKind = new Map<string, number>();

  beforeAll(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "5", RATE_LIMIT_LOGIN_PER_MIN: "10" } });
    const cookie = await loginCookie(server.url);
    const mk = async (role: string) => {
      const r = await postGql(server.url, `mutation { createApiToken(input: { name: "fuzz", role: ${role} }) { token } }`, undefined, { cookie });
      return (r.json!.data!.createApiToken as { token: string }).token;
    };
    viewerToken = await mk("VIEWER");
    analystToken = await mk("ANALYST");
    const admin = await mk("ADMIN");
    // Real data behind the resolvers, so valid-looking operations reach real code paths.
    await postGql(server.url, "mutation { generateDataset(input: { nCustomers: 200, seed: 3 }) { id } }", undefined, { token: admin });
    await postGql(server.url, "mutation { trainModel(input: { rounds: 10 }) { id } }", undefined, { token: admin });
  }, 300_000);

  afterAll(async () => {
    console.log(
      `[graphql-fuzz] seed ${SEED}: HTTP tried ${figures.tried}, rejected with a code ${figures.rejected}, accepted (valid) ${figures.accepted}, crashes ${figures.crashes}, stack traces ${figures.stackTraces}; ` +
        `WebSocket tried ${figures.wsTried}, rejected ${figures.wsRejected}, closed by protocol ${figures.wsClosed}; raw frames ${figures.rawFrames}\n  by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    );
    await server?.stop();
  });

  const headersFor = (c: FuzzCase): Record<string, string> => ({
    ...(c.contentType ? { "content-type": c.contentType } : {}),
    accept: "application/graphql-response+json, application/json",
    ...(c.auth === "viewer" ? authHeaders({ token: viewerToken }) : c.auth === "forged" ? authHeaders({ token: `cgt_${"Z".repeat(43)}` }) : {}),
    ...(c.extraHeaders ?? {}),
  });

  const cases = fc.sample(caseArb, { seed: SEED, numRuns: RUNS });

  it(`answers ${RUNS} hostile HTTP operations with coded errors, no 5xx, no stack traces`, async () => {
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
        figures.tried++;
        const r = await rawHttp(server.url, { method: c.method, search: c.search, headers: headersFor(c), body: c.method === "POST" ? (c.body as BodyInit | undefined) : undefined });
        const v = judgeHttp(r);
        if (v.crash) figures.crashes++;
        if (v.stack) figures.stackTraces++;
        if (v.rejected) figures.rejected++;
        else if (v.ok) figures.accepted++;
        if (!v.ok) failures.push(`${c.kind} [${c.auth}]: ${v.reason} ← ${typeof c.body === "string" ? c.body.slice(0, 160) : (c.search ?? "bytes")}`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(failures.slice(0, 20)).toEqual([]);
    expect(figures.crashes).toBe(0);
    expect(figures.stackTraces).toBe(0);
    expect(figures.tried).toBe(RUNS);
    expect(figures.rejected).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);

  it("answers a sample of them over WebSocket with coded errors", async () => {
    const sample = cases.filter((c) => c.query !== undefined && (c.body?.length ?? 0) < 200_000).slice(0, WS_SAMPLE);
    expect(sample.length).toBe(WS_SAMPLE);
    const failures: string[] = [];
    for (const c of sample) {
      figures.wsTried++;
      const o = await wsOnce(server.url, { token: viewerToken }, c.query!, c.variables, 20_000);
      const text = JSON.stringify(o);
      if (o.timedOut) failures.push(`${c.kind}: no answer`);
      else if (STACK_RE.test(text) || text.includes("node_modules")) failures.push(`${c.kind}: stack trace`);
      else if (/did you mean/i.test(text)) failures.push(`${c.kind}: field suggestion`);
      else if (o.closeCode !== undefined) {
        // 4400 is graphql-ws's "invalid message" — a clean protocol-level refusal; 4500 would be a crash.
        if (o.closeCode !== 4400) failures.push(`${c.kind}: closed with ${o.closeCode}`);
        figures.wsClosed++;
      } else {
        const errs = wsErrors(o);
        const bad = errs.filter((e) => typeof e.extensions?.code !== "string" || e.extensions.code === "INTERNAL_SERVER_ERROR");
        if (bad.length) failures.push(`${c.kind}: ${JSON.stringify(bad[0]).slice(0, 200)} ← ${c.query!.slice(0, 120)} ${JSON.stringify(c.variables ?? {}).slice(0, 80)}`);
        if (errs.length) figures.wsRejected++;
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it("closes the socket on garbage frames (4400) without hurting the server", async () => {
    const frames = fc.sample(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 500 }).map((b) => Buffer.from(b)), fc.jsonValue().map((v) => JSON.stringify(v))), { seed: SEED, numRuns: 30 });
    for (const frame of frames) {
      figures.rawFrames++;
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(server.url.replace(/^http/, "ws") + "/api/graphql", "graphql-transport-ws");
        const timer = setTimeout(() => {
          ws.terminate();
          resolve(-1);
        }, 10_000);
        ws.on("open", () => {
          ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${viewerToken}` } }));
        });
        ws.on("message", (m) => {
          const msg = JSON.parse(m.toString()) as { type: string };
          if (msg.type === "connection_ack") ws.send(frame);
        });
        ws.on("close", (c) => {
          clearTimeout(timer);
          resolve(c);
        });
        ws.on("error", () => {});
      });
      expect([4400, 1009]).toContain(code);
    }
  });

  it("keeps serving afterwards, over HTTP and WebSocket", async () => {
    const h = await postGql(server.url, "{ health { status } }", undefined, { token: viewerToken });
    expect(h.status).toBe(200);
    expect(h.json?.data?.health).toEqual({ status: "ok" });
    const w = await wsOnce(server.url, { token: viewerToken }, "{ health { status } }");
    expect(w.results[0]?.data?.health).toEqual({ status: "ok" });
    expect(server.process.exitCode).toBeNull();
  });

  it("keeps introspection and field suggestions off in production", async () => {
    const intro = await postGql(server.url, "{ __schema { types { name } } }", undefined, { token: viewerToken });
    expect(intro.json?.data ?? null).toBeNull();
    expect(intro.json?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    const typo = await postGql(server.url, "{ custmers { totalCount } }", undefined, { token: viewerToken });
    expect(typo.json?.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(typo.text).not.toMatch(/did you mean/i);
    const ws = await wsOnce(server.url, { token: viewerToken }, '{ __type(name: "Query") { name } }');
    expect(wsErrors(ws)[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(ws.results).toEqual([]);
  });

  it("rate-limits a burst of expensive mutations with retry info, on HTTP and WebSocket", async () => {
    const doc = 'mutation { regeneratePlan(customerId: "NO-SUCH-CUSTOMER") { id } }';
    const codes: string[] = [];
    let retry: unknown;
    for (let i = 0; i < 8; i++) {
      const r = await postGql(server.url, doc, undefined, { token: analystToken });
      expect(r.status).toBeLessThan(500);
      const e = r.json?.errors?.[0];
      codes.push(String(e?.extensions?.code));
      if (e?.extensions?.code === "RATE_LIMITED") retry = e.extensions.retryAfterSeconds;
    }
    // RATE_LIMIT_EXPENSIVE_PER_MIN=5: five reach the resolver (which answers with its own error), the rest are limited.
    expect(codes.slice(0, 5)).not.toContain("RATE_LIMITED");
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    expect(typeof retry).toBe("number");
    expect(retry as number).toBeGreaterThan(0);
    expect(retry as number).toBeLessThanOrEqual(60);
    const ws = await wsOnce(server.url, { token: analystToken }, doc);
    expect(wsErrors(ws)[0]?.extensions?.code).toBe("RATE_LIMITED");
    // Another caller has its own budget.
    const other = await postGql(server.url, "{ health { status } }", undefined, { token: viewerToken });
    expect(other.json?.errors).toBeUndefined();
  });

  it("rate-limits login attempts with a Retry-After header", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const r = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "nobody@test.local", password: `wrong-password-${i}` }),
      });
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get("retry-after");
      const body = await r.text();
      expect(body).not.toMatch(STACK_RE);
    }
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  }, 120_000);
});
