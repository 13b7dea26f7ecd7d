/**
 * A failed query is logged as its statement's name and a request id that the client also
 * receives — never with its parameters (token hashes, emails, password hashes). The database is
 * broken on purpose (a column renamed) so real queries fail through the real REST and GraphQL
 * handlers, in process, on both databases.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ensureAdmin } from "../../lib/auth/accounts";
import { sha256 } from "../../lib/auth/tokens";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { adminTokenFor, startInProcessServer, type InProcessServer } from "../support/in-process-server";

// See token-lifecycle.test.ts: one copy of graphql, as under tsx.
vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "logs-admin@test.local", password: "logs-admin-pass-3318" };

/** Everything written to stderr while `fn` runs (the loggers of both bundles write there). */
async function stderrOf(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return true;
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join("");
}

describeEachDb("failed queries in logs (%s)", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let token = "";

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    srv = await startInProcessServer(t, { RATE_LIMIT_LOGIN_PER_MIN: "1000" });
    token = await adminTokenFor(srv, BOOT, "logs");
  });
  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  it("REST: a failing token lookup answers 500 with a request id; the log has that id and the statement, not the token hash", async () => {
    await t.db.execute(sql`alter table api_tokens rename column prefix to prefix_moved`);
    let status = 0;
    let body: { request_id?: string; code?: string } = {};
    let header: string | null = null;
    const log = await stderrOf(async () => {
      const r = await fetch(`${srv.url}/api/report?format=md`, { headers: { authorization: `Bearer ${token}` } });
      status = r.status;
      header = r.headers.get("x-request-id");
      body = (await r.json()) as typeof body;
    });
    await t.db.execute(sql`alter table api_tokens rename column prefix_moved to prefix`);
    expect(status).toBe(500);
    expect(body.code).toBe("INTERNAL_SERVER_ERROR");
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(header).toBe(body.request_id);
    const line = log.split("\n").find((l) => l.includes("rest internal error"));
    expect(line, log).toBeDefined();
    expect(line).toContain(body.request_id);
    expect(line).toContain("select api_tokens");
    expect(line).not.toContain(sha256(token));
    expect(line).not.toMatch(/params|Failed query/);
  });

  it("REST login: a failing account lookup logs no email", async () => {
    await t.db.execute(sql`alter table users rename column password_hash to password_hash_moved`);
    let status = 0;
    const email = "secret.person@victim.example";
    const log = await stderrOf(async () => {
      const r = await fetch(`${srv.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password: "whatever-pass-1" }) });
      status = r.status;
    });
    await t.db.execute(sql`alter table users rename column password_hash_moved to password_hash`);
    expect(status).toBe(500);
    const line = log.split("\n").find((l) => l.includes("rest internal error"));
    expect(line, log).toBeDefined();
    expect(line).toContain("select users");
    expect(line).not.toContain(email);
  });

  it("GraphQL: a failing insert is masked for the client and logged without the email or password hash", async () => {
    await t.db.execute(sql`alter table users rename column must_change_password to must_change_password_moved`);
    const email = "new.hire@victim.example";
    let res: { errors?: { message: string; extensions?: { code?: string; requestId?: string } }[] } = {};
    let header: string | null = null;
    const log = await stderrOf(async () => {
      const r = await fetch(`${srv.url}/api/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "mutation ($e: String!) { createUser(input: { email: $e, password: \"hire-password-8812\", role: VIEWER }) { id } }", variables: { e: email } }),
      });
      header = r.headers.get("x-request-id");
      res = (await r.json()) as typeof res;
    });
    await t.db.execute(sql`alter table users rename column must_change_password_moved to must_change_password`);
    const err = res.errors?.[0];
    expect(err?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    expect(err?.extensions?.requestId).toBe(header);
    expect(err?.message).not.toContain(email);
    const line = log.split("\n").find((l) => l.includes("graphql internal error"));
    expect(line, log).toBeDefined();
    expect(line).toContain(header!);
    expect(line).toContain("insert users");
    expect(line).not.toContain(email);
    expect(line).not.toContain("scrypt$");
    expect(line).not.toMatch(/params|Failed query/);
  });
});
