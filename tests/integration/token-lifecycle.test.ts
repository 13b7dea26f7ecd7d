/**
 * API tokens never outlive their owner's rights. The matrix: an admin's ADMIN token, then the
 * owner is demoted, disabled or deleted, or the token expires or is revoked — and the token is
 * tried over GraphQL HTTP, REST and a live WebSocket subscription. Runs in process (the real
 * GraphQL handlers and REST route modules, see tests/support/in-process-server.ts) so the test can
 * also delete the user and expire the token in the database, on PGlite too.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { apiTokens, modelRuns, users } from "../../db/schema";
import { openDatabase } from "../../db/client";
import { createApiToken as createApiTokenAction } from "../../lib/actions/create-api-token";
import { CLI_ACTOR } from "../../lib/actions/action";
import { perform } from "../../lib/actions/perform";
import { createUser, ensureAdmin } from "../../lib/auth/accounts";
import { runCli } from "../../lib/cli/main";
import { WS_CLOSE } from "../../graphql/ws";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server";

// Vitest resolves "graphql" to its ESM file for our code while the packages it leaves to Node
// (@graphql-tools, graphql-ws, Apollo) load the CommonJS one: two copies, and graphql-js refuses a
// schema from the other. Under tsx (the real server) there is one copy; give the test the same.
vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "boot-admin@test.local", password: "boot-admin-pass-4471" };
const OWNER_PASSWORD = "owner-pass-9917-x";
const EVENTS = ["demote", "disable", "delete", "expire", "revoke"] as const;
type LifecycleEvent = (typeof EVENTS)[number];

/** What each transport answered after the event (printed as the matrix at the end). */
const matrix: Record<string, Record<string, string>> = {};

interface Gql {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, auth: { token?: string; cookie?: string } = {}): Promise<Gql> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const r = await fetch(`${url}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  return { status: r.status, ...((await r.json()) as Omit<Gql, "status">) };
}

const code = (r: Gql) => r.errors?.[0]?.extensions?.code ?? "ok";

async function login(url: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  expect(r.status).toBe(200);
  return /cg_session=[^;]+/.exec(r.headers.get("set-cookie") ?? "")![0];
}

/** An admin-only REST call with a body the model importer refuses: 400 means "allowed in". */
async function restAdmin(url: string, token: string): Promise<number> {
  const r = await fetch(`${url}/api/models/import`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{}" });
  return r.status;
}

/** A viewer REST call with a format the report refuses: 400 means "allowed in". */
async function restViewer(url: string, token: string): Promise<number> {
  return (await fetch(`${url}/api/report?format=docx`, { headers: { authorization: `Bearer ${token}` } })).status;
}

interface LiveSubscription {
  client: Client;
  /** Resolves with the first event (the replayed state of the run). */
  first: Promise<unknown>;
  /** Resolves when the socket closes, with its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

function subscribe(url: string, token: string, runId: number): LiveSubscription {
  let onClosed: (c: { code: number; reason: string }) => void = () => {};
  const closed = new Promise<{ code: number; reason: string }>((r) => (onClosed = r));
  const client = createClient({
    url: url.replace(/^http/, "ws") + "/api/graphql",
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (e) => onClosed({ code: (e as { code: number }).code, reason: String((e as { reason?: unknown }).reason ?? "") }) },
  });
  const first = new Promise<unknown>((resolve, reject) => {
    client.subscribe(
      { query: "subscription ($id: Int!) { trainingProgress(runId: $id) { runId status } }", variables: { id: runId } },
      { next: resolve, error: reject, complete: () => reject(new Error("completed before any event")) },
    );
  });
  return { client, first, closed };
}

describeEachDb("token lifecycle (%s): demote, disable, delete, expire, revoke × GraphQL HTTP, REST, WebSocket", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let boot = "";
  let runId = 0;

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    srv = await startInProcessServer(t, { RATE_LIMIT_LOGIN_PER_MIN: "1000", RATE_LIMIT_EXPENSIVE_PER_MIN: "1000" });
    boot = await login(srv.url, BOOT.email, BOOT.password);
    // A training run that never finishes: its subscription stays open until something ends it.
    const [run] = await t.db.insert(modelRuns).values({ status: "running", phase: "training", params: {}, featureNames: [] }).returning({ id: modelRuns.id });
    runId = run!.id;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  async function ownerWithAdminToken(name: string): Promise<{ userId: number; tokenId: number; token: string; cookie: string }> {
    const email = `${name}-${kind}@test.local`;
    const u = await gql(srv.url, "mutation ($e: String!, $p: String!) { createUser(input: { email: $e, password: $p, role: ADMIN }) { id } }", { e: email, p: OWNER_PASSWORD }, { cookie: boot });
    expect(code(u)).toBe("ok");
    const cookie = await login(srv.url, email, OWNER_PASSWORD);
    const c = await gql(srv.url, `mutation { createApiToken(input: { name: "${name}", role: ADMIN }) { token apiToken { id owner role expiresAt } } }`, {}, { cookie });
    expect(code(c)).toBe("ok");
    const created = c.data!.createApiToken as { token: string; apiToken: { id: number; owner: string; role: string } };
    expect(created.apiToken.owner).toBe(email);
    return { userId: (u.data!.createUser as { id: number }).id, tokenId: created.apiToken.id, token: created.token, cookie };
  }

  async function apply(event: LifecycleEvent, o: { userId: number; tokenId: number }): Promise<void> {
    if (event === "demote") {
      expect(code(await gql(srv.url, "mutation ($id: Int!) { updateUser(id: $id, input: { role: VIEWER }) { id } }", { id: o.userId }, { cookie: boot }))).toBe("ok");
    } else if (event === "disable") {
      expect(code(await gql(srv.url, "mutation ($id: Int!) { updateUser(id: $id, input: { disabled: true }) { id } }", { id: o.userId }, { cookie: boot }))).toBe("ok");
    } else if (event === "delete") {
      // No product action deletes accounts; an operator does it in the database. Tokens go with it (FK cascade).
      await t.db.delete(users).where(eq(users.id, o.userId));
      expect(await t.db.select().from(apiTokens).where(eq(apiTokens.id, o.tokenId))).toHaveLength(0);
    } else if (event === "expire") {
      await t.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, o.tokenId));
    } else {
      const first = await gql(srv.url, "mutation ($id: Int!) { revokeApiToken(id: $id) { revokedAt } }", { id: o.tokenId }, { cookie: boot });
      const second = await gql(srv.url, "mutation ($id: Int!) { revokeApiToken(id: $id) { revokedAt } }", { id: o.tokenId }, { cookie: boot });
      const at = (r: Gql) => (r.data!.revokeApiToken as { revokedAt: string }).revokedAt;
      expect(at(first)).toBeTruthy();
      expect(at(second)).toBe(at(first)); // revoking again keeps the original time
    }
  }

  for (const event of EVENTS) {
    it(`${event}: the token loses exactly the rights the event takes, on every transport`, async () => {
      const o = await ownerWithAdminToken(event);
      const adminQuery = "{ apiTokens { id } }";
      // Before: full admin rights everywhere.
      expect(code(await gql(srv.url, adminQuery, {}, { token: o.token }))).toBe("ok");
      expect(await restAdmin(srv.url, o.token)).toBe(400);
      const live = subscribe(srv.url, o.token, runId);
      await live.first;

      const started = Date.now();
      await apply(event, o);

      const row: Record<string, string> = {};
      if (event === "demote") {
        // Acts as a viewer now: reads work, admin work (minting admin tokens included) does not.
        await expect.poll(async () => code(await gql(srv.url, adminQuery, {}, { token: o.token })), { timeout: 15_000 }).toBe("FORBIDDEN");
        const mint = await gql(srv.url, 'mutation { createApiToken(input: { name: "escalate", role: ADMIN }) { token } }', {}, { token: o.token });
        expect(code(mint)).toBe("FORBIDDEN");
        const who = await gql(srv.url, "{ viewer { role } }", {}, { token: o.token });
        expect((who.data!.viewer as { role: string }).role).toBe("VIEWER");
        expect(await restAdmin(srv.url, o.token)).toBe(403);
        expect(await restViewer(srv.url, o.token)).toBe(400);
        row.graphql = "admin op FORBIDDEN, createApiToken FORBIDDEN, viewer reads ok";
        row.rest = "admin route 403, viewer route allowed";
      } else {
        await expect.poll(async () => code(await gql(srv.url, adminQuery, {}, { token: o.token })), { timeout: 15_000 }).toBe("UNAUTHENTICATED");
        const who = await gql(srv.url, "{ viewer { role } }", {}, { token: o.token });
        expect(who.data!.viewer).toBeNull();
        expect(await restAdmin(srv.url, o.token)).toBe(401);
        expect(await restViewer(srv.url, o.token)).toBe(401);
        row.graphql = "UNAUTHENTICATED";
        row.rest = "401";
      }
      // The live subscription ends by itself, with a reason.
      const closed = await live.closed;
      const closedAfterMs = Date.now() - started;
      const expected = event === "demote" ? WS_CLOSE.roleLowered : WS_CLOSE.credentialsEnded;
      expect(closed).toEqual({ code: expected.code, reason: expected.reason });
      // A new connection: a viewer may still subscribe after a demotion; otherwise it is refused.
      const again = subscribe(srv.url, o.token, runId);
      if (event === "demote") {
        await again.first;
        await again.client.dispose();
      } else {
        again.first.catch(() => {});
        expect((await again.closed).code).toBe(4403);
      }
      row.websocket = `live subscription closed ${closed.code} after ${closedAfterMs} ms; new connection ${event === "demote" ? "allowed as viewer" : "refused 4403"}`;
      matrix[`${kind} ${event}`] = row;
      await live.client.dispose();
    });
  }

  it("expiry: 90 days by default, 1..365 when asked, shown in the token list; out of range names the field", async () => {
    const day = 24 * 60 * 60 * 1000;
    const mk = (extra: string) => gql(srv.url, `mutation { createApiToken(input: { name: "exp", role: VIEWER${extra} }) { apiToken { createdAt expiresAt } } }`, {}, { cookie: boot });
    const span = (r: Gql) => {
      const a = r.data!.createApiToken as { apiToken: { createdAt: string; expiresAt: string } };
      return (Date.parse(a.apiToken.expiresAt) - Date.parse(a.apiToken.createdAt)) / day;
    };
    expect(span(await mk(""))).toBeCloseTo(90, 2);
    expect(span(await mk(", expiresInDays: 7"))).toBeCloseTo(7, 2);
    for (const bad of [0, 366, -1]) {
      const r = await mk(`, expiresInDays: ${bad}`);
      expect(code(r)).toBe("BAD_USER_INPUT");
      expect(r.errors![0]!.extensions!.field).toBe("input.expiresInDays");
    }
    const list = await gql(srv.url, "{ apiTokens { name owner expiresAt } }", {}, { cookie: boot });
    const exp = (list.data!.apiTokens as { name: string; owner: string; expiresAt: string | null }[]).filter((x) => x.name === "exp");
    expect(exp).toHaveLength(2);
    expect(exp.every((x) => x.owner === BOOT.email && x.expiresAt !== null)).toBe(true);
  });

  it("the CLI's tokens belong to a named account, by default the first enabled admin; never above the owner's role", async () => {
    const viewer = await createUser(t.db, { email: `cli-viewer-${kind}@test.local`, password: OWNER_PASSWORD, role: "viewer" });
    const byDefault = await perform(srv.services, CLI_ACTOR, createApiTokenAction, { name: "cli-default", role: "admin" });
    expect(byDefault.row.ownerEmail).toBe(BOOT.email);
    const named = await perform(srv.services, CLI_ACTOR, createApiTokenAction, { name: "cli-named", role: "viewer", owner: viewer.email });
    expect(named.row.userId).toBe(viewer.id);
    await expect(perform(srv.services, CLI_ACTOR, createApiTokenAction, { name: "cli-over", role: "admin", owner: viewer.email })).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "role" });
    await expect(perform(srv.services, CLI_ACTOR, createApiTokenAction, { name: "cli-none", role: "viewer", owner: "nobody@test.local" })).rejects.toMatchObject({ code: "NOT_FOUND", field: "owner" });
  });
});

describe("create-token on the command line", () => {
  it("maps --owner and --days, and without --owner gives the token to the first admin", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "churn-token-cli-"));
    const h = await openDatabase({ pgliteDir: dir });
    await ensureAdmin(h.db, BOOT.email, BOOT.password);
    await createUser(h.db, { email: "cli-analyst@test.local", password: OWNER_PASSWORD, role: "analyst" });
    await h.close();
    const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR };
    delete process.env.DATABASE_URL;
    process.env.PGLITE_DIR = dir;
    const out: string[] = [];
    try {
      const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
      expect(await runCli(["create-token", "--name", "sync", "--role", "analyst", "--owner", "cli-analyst@test.local", "--days", "30"], io)).toBe(0);
      expect(await runCli(["create-token", "--name", "ops", "--role", "admin"], io)).toBe(0);
      expect(await runCli(["create-token", "--name", "bad", "--role", "viewer", "--days", "400"], io)).not.toBe(0);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    expect(out.join("\n")).toMatch(/--days/);
    const r = await openDatabase({ pgliteDir: dir });
    const rows = await r.db.select({ name: apiTokens.name, owner: users.email, expiresAt: apiTokens.expiresAt, createdAt: apiTokens.createdAt }).from(apiTokens).innerJoin(users, eq(users.id, apiTokens.userId));
    await r.close();
    const by = new Map(rows.map((x) => [x.name, x]));
    expect(by.get("sync")?.owner).toBe("cli-analyst@test.local");
    expect(Math.round((by.get("sync")!.expiresAt!.getTime() - by.get("sync")!.createdAt.getTime()) / 86_400_000)).toBe(30);
    expect(by.get("ops")?.owner).toBe(BOOT.email);
    expect(by.has("bad")).toBe(false);
  });
});

afterAll(() => {
  if (Object.keys(matrix).length) console.log(`token lifecycle matrix:\n${JSON.stringify(matrix, null, 1)}`);
});
