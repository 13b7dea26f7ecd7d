/**
 * Hostile input against the real server (production build, its own process): every case must
 * get a clear 4xx naming what was wrong — never a 5xx — and uploads are refused before they are
 * read (anonymous) or as soon as they pass their cap (chunked, no Content-Length). Also the
 * headers that depend on where a request came from: TRUSTED_PROXY decides whether
 * X-Forwarded-For / -Proto are believed (login throttling by address, HSTS), the page CSP's
 * connect-src names only this origin, and logins are throttled per account too.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { postGql, rawWsClient, wsOperation } from "../support/raw-graphql";
import { ADMIN, loginCookie, startTestServer, type RunningServer } from "../support/server";

interface Tally {
  tried: number;
  fourxx: number;
  fivexx: number;
}
const tallies: Record<string, Tally> = {};

describeEachDb("hostile input (%s)", (kind) => {
  let db: TestDb | undefined;
  let server: RunningServer;
  let admin = "";
  let viewerToken = "";
  const tally: Tally = { tried: 0, fourxx: 0, fivexx: 0 };
  tallies[kind] = tally;

  /** Sends one hostile request and counts its answer; returns status and body text. */
  async function hit(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const r = await fetch(`${server.url}${path}`, { ...init, redirect: "manual", signal: init.signal ?? AbortSignal.timeout(60_000) });
    const text = await r.text();
    tally.tried++;
    if (r.status >= 400 && r.status < 500) tally.fourxx++;
    if (r.status >= 500) tally.fivexx++;
    return { status: r.status, text, headers: r.headers };
  }

  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  beforeAll(async () => {
    if (kind === "postgres") db = await createTestDb("postgres");
    server = await startTestServer({
      ...(db?.url ? { databaseUrl: db.url } : {}),
      env: { TRUSTED_PROXY: "loopback", RATE_LIMIT_EXPENSIVE_PER_MIN: "100000" },
    });
    const cookie = await loginCookie(server.url);
    const mk = async (role: string) => {
      const r = await postGql(server.url, `mutation { createApiToken(input: { name: "hostile-${role}", role: ${role} }) { token } }`, undefined, { cookie });
      return (r.json!.data!.createApiToken as { token: string }).token;
    };
    admin = await mk("ADMIN");
    viewerToken = await mk("VIEWER");
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await db?.destroy();
  });

  it("refuses a state-changing request whose Origin is null or not a URL, on every path (403, login included)", async () => {
    const origins = ["null", "http://[::1", "::::", "not a url", "javascript:alert(1)", "file:///etc/passwd", "http://%zz"];
    const posts = ["/api/auth/login", "/api/auth/logout", "/api/train", "/api/predict", "/api/models/import", "/api/datasets/import", "/api/graphql", "/", "/login"];
    for (const origin of origins) {
      for (const path of posts) {
        const r = await hit(path, { method: "POST", headers: { origin, "content-type": "application/json", ...bearer(admin) }, body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password, query: "{ health { status } }" }) });
        expect(r.status, `${origin} → POST ${path}: ${r.text.slice(0, 200)}`).toBe(403);
      }
    }
  });

  it("answers NUL bytes in a path or in the login email with 400", async () => {
    for (const path of ["/api/customer/%00", "/api/customer/a%00b", "/api/models/1%00/download", "/api/%00", "/%00", "/admin%00", "/api/report%00"]) {
      const r = await hit(path, { headers: bearer(admin) });
      expect(r.status, `${path}: ${r.text.slice(0, 200)}`).toBe(400);
    }
    for (const body of [
      { email: "a\u0000@b.cn", password: "whatever-password" },
      { email: `${ADMIN.email}\u0000`, password: ADMIN.password },
      { email: ADMIN.email, password: "pass\u0000word-123" },
    ]) {
      const r = await hit("/api/auth/login", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.1" }, body: JSON.stringify(body) });
      expect(r.status, r.text).toBe(400);
      expect(JSON.parse(r.text)).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(r.text).toMatch(/NUL/);
    }
  });

  it("answers ids beyond int32, hex, exponent and other loose forms with 400 naming the field", async () => {
    const ids = ["9007199254740993", "2147483648", "99999999999", "0x1", "1e0", "-1", "0", "01", "1.0", " 1", "%001", "abc"];
    for (const id of ids) {
      const m = await hit(`/api/models/${encodeURIComponent(id)}/download`, { headers: bearer(admin) });
      expect(m.status, `model ${id}: ${m.text.slice(0, 200)}`).toBe(400);
      const p = await hit(`/api/plans/download?batchId=${encodeURIComponent(id)}`, { headers: bearer(admin) });
      expect(p.status, `batch ${id}: ${p.text.slice(0, 200)}`).toBe(400);
      expect(JSON.parse(p.text)).toMatchObject({ code: "BAD_USER_INPUT", field: "batchId" });
    }
  });

  it("GraphQL: NUL bytes in string arguments or variables are BAD_USER_INPUT; a subscription over HTTP is 400 BAD_REQUEST", async () => {
    const cases: { query: string; variables?: Record<string, unknown> }[] = [
      { query: '{ customer(id: "a\\u0000b") { id } }' },
      { query: "query ($id: String!) { customer(id: $id) { id } }", variables: { id: "a\u0000b" } },
      { query: 'mutation { createApiToken(input: { name: "x\\u0000", role: VIEWER }) { token } }' },
      { query: "mutation ($n: String!) { createApiToken(input: { name: $n, role: VIEWER }) { token } }", variables: { n: "nul\u0000name" } },
      { query: "mutation ($e: String!) { createUser(input: { email: $e, password: \"fine-password-761\", role: VIEWER }) { id } }", variables: { e: "x\u0000@y.cn" } },
      { query: "mutation ($i: UpdateUserInput!) { updateUser(id: 1, input: $i) { id } }", variables: { i: { password: "abc\u0000defghijk" } } },
    ];
    for (const c of cases) {
      const r = await postGql(server.url, c.query, c.variables, { token: admin });
      tally.tried++;
      if (r.status >= 400 && r.status < 500) tally.fourxx++;
      if (r.status >= 500) tally.fivexx++;
      expect(r.status, r.text).toBeLessThan(500);
      expect(r.json?.errors?.[0]?.extensions?.code, r.text).toBe("BAD_USER_INPUT");
    }
    const get = await hit(`/api/graphql?query=${encodeURIComponent("query ($id: String!) { customer(id: $id) { id } }")}&variables=${encodeURIComponent(JSON.stringify({ id: "\u0000" }))}`, {
      headers: { ...bearer(admin), "apollo-require-preflight": "1" },
    });
    expect(get.status).toBe(400);
    expect(get.text).toContain("BAD_USER_INPUT");

    for (const init of [
      { method: "POST", headers: { "content-type": "application/json", ...bearer(admin) }, body: JSON.stringify({ query: "subscription { trainingProgress(runId: 1) { runId } }" }) },
      { method: "GET", headers: { ...bearer(admin), "apollo-require-preflight": "1" } },
    ]) {
      const path = init.method === "GET" ? `/api/graphql?query=${encodeURIComponent("subscription { planProgress(batchId: 1) { kind } }")}` : "/api/graphql";
      const r = await hit(path, init);
      // GET: Apollo's 405 (GET carries queries only); POST: 400.
      expect(r.status, r.text).toBe(init.method === "GET" ? 405 : 400);
      expect(JSON.parse(r.text).errors[0].extensions.code).toBe("BAD_REQUEST");
    }

    // The same document rules hold on the WebSocket.
    const ws = rawWsClient(server.url, { auth: { token: admin } });
    const o = await wsOperation(ws, "subscription ($id: Int!) { trainingProgress(runId: $id) { runId } }", { id: 1, extra: "x\u0000" });
    const o2 = await wsOperation(ws, 'subscription { planProgress(batchId: 1) { kind customerId } } query Q { customer(id: "\\u0000") { id } }', undefined);
    await ws.dispose();
    tally.tried += 2;
    tally.fourxx += 2;
    expect(o.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(o2.errors?.some((e) => e.extensions?.code === "BAD_USER_INPUT")).toBe(true);
  });

  /** A chunked body (no Content-Length) of `total` bytes, made lazily; `pulled` counts what the client has handed over. */
  function chunked(total: number, prefix = "", chunk = 64 * 1024): { body: ReadableStream<Uint8Array>; pulled: () => number; done: () => boolean } {
    const block = new Uint8Array(chunk).fill(0x41);
    let sent = 0;
    let head = new TextEncoder().encode(prefix);
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (head.length) {
          c.enqueue(head);
          sent += head.length;
          head = new Uint8Array(0);
          return;
        }
        if (sent >= total) return c.close();
        const n = Math.min(chunk, total - sent);
        c.enqueue(n === chunk ? block : block.subarray(0, n));
        sent += n;
      },
    });
    return { body, pulled: () => sent, done: () => sent >= total };
  }

  async function upload(path: string, total: number, headers: Record<string, string>, prefix = ""): Promise<{ status: number; text: string; pulledAtAnswer: number; total: number }> {
    const ac = new AbortController();
    const src = chunked(total, prefix);
    const r = await fetch(`${server.url}${path}`, { method: "POST", headers, body: src.body, duplex: "half", signal: ac.signal } as RequestInit);
    const pulledAtAnswer = src.pulled();
    const text = await r.text().catch(() => "");
    ac.abort(); // stop sending what the server no longer reads
    tally.tried++;
    if (r.status >= 400 && r.status < 500) tally.fourxx++;
    if (r.status >= 500) tally.fivexx++;
    return { status: r.status, text, pulledAtAnswer, total };
  }

  it("refuses an anonymous upload before reading it: 401 while a 300 MB chunked body is still being sent", async () => {
    const boundary = "----hostile";
    for (const path of ["/api/datasets/import", "/api/models/import"]) {
      const r = await upload(path, 300 * 1024 * 1024, { "content-type": `multipart/form-data; boundary=${boundary}` }, `--${boundary}\r\nContent-Disposition: form-data; name="customers"; filename="c.csv"\r\n\r\n`);
      expect(r.status, r.text).toBe(401);
      // Answered long before the body was all sent: the server did not wait for (or hold) it.
      expect(r.pulledAtAnswer).toBeLessThan(r.total / 4);
    }
  });

  it("stops reading at the cap, chunked or declared, and answers 413 naming the limit", async () => {
    const boundary = "----capped";
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="customers"; filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const ds = await upload("/api/datasets/import", 201 * 1024 * 1024, { ...bearer(admin), "content-type": `multipart/form-data; boundary=${boundary}` }, form);
    expect(ds.status, ds.text).toBe(413);
    expect(ds.text).toContain("200 MB");
    const model = await upload("/api/models/import", 51 * 1024 * 1024, { ...bearer(admin), "content-type": "application/json" });
    expect(model.status, model.text).toBe(413);
    expect(model.text).toContain("50 MB");
    for (const path of ["/api/train", "/api/predict"]) {
      const json = await upload(path, 100 * 1024, { ...bearer(admin), "content-type": "application/json" }, '{"pad":"');
      expect(json.status, json.text).toBe(413);
      expect(JSON.parse(json.text)).toMatchObject({ code: "PAYLOAD_TOO_LARGE", field: "body" });
      expect(json.text).toContain("64 KB");
    }
    const login = await upload("/api/auth/login", 100 * 1024, { "content-type": "application/json", "x-forwarded-for": "198.51.100.2" }, '{"email":"');
    expect(login.status, login.text).toBe(413);
    // A declared Content-Length above the cap is answered before any of the body is sent.
    const declared = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${server.url}/api/models/import`, { method: "POST", headers: { ...bearer(admin), "content-type": "application/json", "content-length": String(60 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    tally.tried++;
    if (declared >= 400 && declared < 500) tally.fourxx++;
    expect(declared).toBe(413);
  });

  it("takes the client address from X-Forwarded-For behind TRUSTED_PROXY, and throttles failed logins per account with backoff", async () => {
    const tryLogin = (email: string, password: string, from: string) =>
      hit("/api/auth/login", { method: "POST", headers: { "content-type": "application/json", "x-forwarded-for": from }, body: JSON.stringify({ email, password }) });
    // Per address: ten attempts a minute (RATE_LIMIT_LOGIN_PER_MIN), distinct accounts so the account limit is not what trips.
    for (let i = 0; i < 10; i++) expect((await tryLogin(`nobody${i}@x.cn`, "wrong-password-1", "203.0.113.7")).status).toBe(401);
    const limited = await tryLogin("nobody-else@x.cn", "wrong-password-1", "203.0.113.7");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBeTruthy();
    // Another client behind the same proxy is not affected: the proxy's own address is not the key.
    expect((await tryLogin("nobody-else@x.cn", "wrong-password-1", "203.0.113.8")).status).toBe(401);

    // Per account: after 5 failures (from 5 addresses) even the right password waits, with Retry-After.
    for (let i = 0; i < 5; i++) expect((await tryLogin(ADMIN.email, "wrong-password-1", `192.0.2.${i + 1}`)).status).toBe(401);
    const throttled = await tryLogin(ADMIN.email, ADMIN.password, "192.0.2.99");
    expect(throttled.status).toBe(429);
    expect(JSON.parse(throttled.text).code).toBe("RATE_LIMITED");
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("sends HSTS only for HTTPS through the trusted proxy; the page CSP connects only to its own origin", async () => {
    // Ordinary page loads, not hostile cases: not counted.
    const look = (init: RequestInit = {}) => fetch(`${server.url}/login`, init);
    const plain = await look();
    expect(plain.status).toBe(200);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const https = await look({ headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const host = new URL(server.url).host;
    const csp = plain.headers.get("content-security-policy") ?? "";
    const connect = /connect-src ([^;]+)/.exec(csp)?.[1] ?? "";
    expect(connect.split(" ")).toEqual(["'self'", `ws://${host}`]);
    expect(/connect-src ([^;]+)/.exec(https.headers.get("content-security-policy") ?? "")?.[1]).toBe(`'self' wss://${host}`);
    // A made-up Host header puts nothing into the policy.
    const odd = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${server.url}/login`, { headers: { host: "evil.example;script-src_*" } }, (res) => {
        res.resume();
        resolve(String(res.headers["content-security-policy"] ?? ""));
      });
      req.on("error", reject);
      req.end();
    });
    expect(odd).toContain("connect-src 'self';");
    expect(odd).not.toContain("evil");
  });

  it("caps sockets per principal with a clear close reason", async () => {
    const clients = Array.from({ length: 9 }, () => {
      let closed: { code: number } | undefined;
      const c = rawWsClient(server.url, { auth: { token: viewerToken }, lazy: false, onClosed: (code) => (closed = { code }) });
      return { c, closed: () => closed };
    });
    await expect.poll(() => clients.filter((x) => x.closed()).length, { timeout: 20_000 }).toBe(1);
    expect(clients.find((x) => x.closed())!.closed()!.code).toBe(1008);
    tally.tried++;
    tally.fourxx++;
    await Promise.all(clients.map((x) => x.c.dispose()));
  });

  it("rejects the most common passwords and a reset to the current password", async () => {
    for (const pw of ["password123", "qwertyuiop", "1q2w3e4r5t", "Password123"]) {
      const r = await postGql(server.url, "mutation ($p: String!) { createUser(input: { email: \"weak@x.cn\", password: $p, role: VIEWER }) { id } }", { p: pw }, { token: admin });
      tally.tried++;
      tally.fourxx++;
      expect(r.json?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(r.json?.errors?.[0]?.extensions?.field).toMatch(/password$/);
      expect(r.json?.errors?.[0]?.message).toMatch(/常见|common/);
    }
    const u = await postGql(server.url, 'mutation { createUser(input: { email: "reuse@x.cn", password: "reuse-password-5521", role: VIEWER }) { id } }', undefined, { token: admin });
    const id = (u.json!.data!.createUser as { id: number }).id;
    const again = await postGql(server.url, 'mutation ($id: Int!) { updateUser(id: $id, input: { password: "reuse-password-5521" }) { id } }', { id }, { token: admin });
    tally.tried++;
    tally.fourxx++;
    expect(again.json?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(again.json?.errors?.[0]?.extensions?.field).toMatch(/password$/);
  });

  it("answered every hostile case with a 4xx and none with a 5xx", () => {
    expect(tally.tried).toBeGreaterThan(100);
    expect(tally.fourxx).toBe(tally.tried);
    expect(tally.fivexx).toBe(0);
    expect(server.output()).not.toMatch(/next handler failure|graphql http failure/);
    console.log(`hostile input (${kind}): ${tally.tried} cases, ${tally.fourxx} answered 4xx, ${tally.fivexx} answered 5xx`);
  });
});
