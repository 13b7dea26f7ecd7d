/**
 * Issue 7 — secrets: the server runs with an LLM key against the fake LLM, some of whose
 * answers fail and echo the credential back (as some providers do). The key must not appear in
 * any HTTP, REST or WebSocket response, in the server's stdout/stderr, in the audit log, or in
 * the pages and JS chunks served to the browser; no response carries a stack trace. The pages
 * carry the security headers.
 */
import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { postGql, rawWsClient, STACK_RE, wsOperation } from "../support/raw-graphql";
import { loginCookie, startTestServer, type RunningServer } from "../support/server";

const SECRET_TAIL = randomBytes(12).toString("hex");
const KEY = `sk-test-SECRET-${SECRET_TAIL}`;

/** Every text the server sent back, labelled, for the final scan. */
const seen: { where: string; text: string }[] = [];
const keep = (where: string, text: string) => {
  seen.push({ where, text });
  return text;
};

describe("secrets stay secret", () => {
  let server: RunningServer;
  let fake: FakeLlm;
  let admin = "";
  let analyst = "";
  let cookie = "";
  let batchId = 0;
  let customers: string[] = [];

  const gql = async <T = Record<string, never>>(query: string, variables?: Record<string, unknown>, token = admin): Promise<T> => {
    const r = await postGql(server.url, query, variables, { token });
    keep(`graphql ${query.slice(0, 60)}`, r.text);
    if (r.json?.errors?.length || !r.json?.data) throw new Error(`GraphQL call failed (${r.status}): ${r.text.slice(0, 300)}`);
    return r.json.data as T;
  };

  beforeAll(async () => {
    // Every third customer's request is refused with the credential echoed in the error body;
    // others fail once with a 500 first. Errors are produced, retried and stored.
    fake = await startFakeLlm({
      scenario: ({ customerId }) => {
        const n = Number((customerId ?? "0").replace(/\D/g, "")) || 0;
        return n % 3 === 0 ? "unauthorized" : n % 3 === 1 ? "error-once" : "normal";
      },
    });
    server = await startTestServer({
      env: {
        LLM_BASE_URL: fake.url,
        LLM_API_KEY: KEY,
        LLM_MODEL: "fake-model",
        LLM_MAX_RETRIES: "1",
        LOG_LEVEL: "debug",
        RATE_LIMIT_EXPENSIVE_PER_MIN: "1000",
      },
    });
    cookie = await loginCookie(server.url);
    const mk = async (role: string) => {
      const r = await postGql(server.url, `mutation { createApiToken(input: { name: "secrets", role: ${role} }) { token } }`, undefined, { cookie });
      return (r.json!.data!.createApiToken as { token: string }).token;
    };
    admin = await mk("ADMIN");
    analyst = await mk("ANALYST");
    await gql("mutation { generateDataset(input: { nCustomers: 300, seed: 9 }) { id } }");
    const run = (await gql<{ trainModel: { id: number } }>("mutation { trainModel(input: { rounds: 10 }) { id } }")).trainModel;
    for (let i = 0; i < 600; i++) {
      const r = (await gql<{ modelRun: { status: string } }>("query ($id: Int!) { modelRun(id: $id) { status } }", { id: run.id })).modelRun;
      if (r.status !== "RUNNING") break;
      await new Promise((res) => setTimeout(res, 200));
    }
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  it("produces failures that carry the key upstream (so the scan below means something)", async () => {
    const p = (await gql<{ predictRisk: { batch: { id: number }; highRisk: { id: string }[] } }>("mutation { predictRisk(input: { topK: 15 }) { batch { id } highRisk { id } } }", undefined, analyst)).predictRisk;
    batchId = p.batch.id;
    customers = p.highRisk.map((c) => c.id);

    // Follow the batch over WebSocket and keep every message.
    const ws = rawWsClient(server.url, { auth: { token: analyst } });
    const live = await wsOperation(ws, "subscription ($id: Int!) { planProgress(batchId: $id) { kind delta customerId plan { status error rawText } batch { status done failed } } }", { id: batchId }, 120_000);
    await ws.dispose();
    keep("ws planProgress", JSON.stringify(live));
    expect(live.completed).toBe(true);

    const echoed = fake.requests.filter((r) => r.scenario === "unauthorized");
    expect(echoed.length).toBeGreaterThan(0);
    expect(echoed.every((r) => r.authorization === `Bearer ${KEY}`)).toBe(true);
    const plans = await gql<{ retentionPlans: { edges: { node: { status: string; error: string | null } }[] } }>(
      "query ($b: Int) { retentionPlans(batchId: $b, first: 100) { edges { node { customerId status error rawText source llmModel promptVersion plan { script } } } } }",
      { b: batchId },
    );
    const failed = plans.retentionPlans.edges.filter((e) => e.node.status === "FAILED");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((e) => (e.node.error ?? "").length > 0)).toBe(true);
    // The stored reason keeps the provider's words, minus the credential.
    expect(failed.some((e) => /invalid api key|401/i.test(e.node.error ?? ""))).toBe(true);
  }, 180_000);

  it("keeps the key out of every HTTP, REST and WebSocket response", async () => {
    const id = customers[0]!;
    const refused = customers.find((c) => Number(c.replace(/\D/g, "")) % 3 === 0) ?? id;
    const regen = (await gql<{ regeneratePlan: { id: number } }>("mutation ($c: String!) { regeneratePlan(customerId: $c) { id status error } }", { c: refused }, analyst)).regeneratePlan;
    // The runner's LLM call for it is refused with the key echoed: wait until that outcome is
    // stored, so the reads below can show it.
    const latestPlan = async () =>
      (await gql<{ customer: { latestPlan: { id: number; status: string } | null } }>("query ($id: String!) { customer(id: $id) { latestPlan { id status } } }", { id: refused })).customer.latestPlan;
    await expect.poll(latestPlan, { timeout: 60_000, interval: 200 }).toMatchObject({ id: regen.id, status: expect.stringMatching(/^(DONE|FAILED)$/) });
    await gql(`{
      health { status planner }
      planBatches(limit: 50) { id llmModel promptVersion planner status failed }
      auditLog(limit: 500) { actor action target details }
      report { markdown html source }
      modelRuns { id error }
    }`);
    await gql("query ($id: String!) { customer(id: $id) { id latestPlan { status error rawText llmModel } } }", { id });
    const late = rawWsClient(server.url, { auth: { token: analyst } });
    keep("ws replay", JSON.stringify(await wsOperation(late, "subscription ($id: Int!) { planProgress(batchId: $id) { kind plans { error rawText status } } }", { id: batchId })));
    await late.dispose();

    const auth = { authorization: `Bearer ${analyst}` };
    const rest = async (path: string, init: RequestInit = {}) => {
      const r = await fetch(`${server.url}${path}`, { ...init, headers: { ...auth, ...((init.headers as Record<string, string> | undefined) ?? {}) } });
      const ct = r.headers.get("content-type") ?? "";
      if (ct.includes("spreadsheetml")) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never);
        const cells: string[] = [];
        wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? c.value ?? "")))));
        keep(`REST ${path} (xlsx cells)`, cells.join("\n"));
      } else keep(`REST ${path}`, await r.text());
      expect(r.status, path).toBeLessThan(500);
    };
    await rest("/api/predict", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ top_k: 6 }) });
    await rest(`/api/customer/${id}`);
    await rest("/api/report?format=md");
    await rest("/api/report?format=html");
    await rest(`/api/plans/download?batchId=${batchId}`);
    await rest("/api/customers/export?format=csv");
    await rest("/api/health");
    // Bad input and unknown routes are answered too.
    await rest("/api/predict", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    await rest("/api/customer/%E0%A4%A"); // malformed percent-encoding: Next answered 500 before server.ts checked it
    await rest("/api/models/%E0/download");
    await rest("/api/models/abc/download");
    keep("graphql bad", (await postGql(server.url, "{ customer(id: 1) { id } }", undefined, { token: admin })).text);

    expect(seen.length).toBeGreaterThan(20);
    const leaks = seen.filter((s) => s.text.includes(SECRET_TAIL)).map((s) => s.where);
    expect(leaks).toEqual([]);
    const stacks = seen.filter((s) => STACK_RE.test(s.text)).map((s) => `${s.where}: ${STACK_RE.exec(s.text)?.[0]}`);
    expect(stacks).toEqual([]);
  }, 180_000);

  // Next already decodes route params; decoding again turned an id containing "%" into a 500.
  it("answers a customer id containing % with 404, not 500", async () => {
    const r = await fetch(`${server.url}/api/customer/C%25`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(r.status).toBe(404);
  });

  it("keeps the key out of the audit log, which records the LLM model and prompt version of each plan batch", async () => {
    const d = await gql<{ auditLog: { action: string; details: unknown }[] }>("{ auditLog(limit: 500) { actor action target details } }");
    const text = JSON.stringify(d);
    expect(text).not.toContain(SECRET_TAIL);
    expect(d.auditLog.some((a) => a.action === "predict")).toBe(true);
  });

  it("keeps the key out of the pages and JavaScript served to the browser", async () => {
    const pages = ["/", "/login", "/customers", "/model", "/plans", "/shap", "/admin"];
    const assets = new Set<string>();
    for (const p of pages) {
      for (const c of [{}, { cookie }] as Record<string, string>[]) {
        const r = await fetch(`${server.url}${p}`, { headers: c, redirect: "manual" });
        const html = keep(`page ${p}`, await r.text());
        expect(r.status, p).toBeLessThan(500);
        for (const m of html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)) assets.add(m[1]!);
      }
    }
    expect(assets.size).toBeGreaterThan(3);
    for (const a of assets) {
      const r = await fetch(`${server.url}${a}`);
      keep(`asset ${a}`, await r.text());
    }
    const leaks = seen.filter((s) => s.text.includes(SECRET_TAIL) || s.text.includes("LLM_API_KEY=")).map((s) => s.where);
    expect(leaks).toEqual([]);
  });

  it("keeps the key out of the server's stdout and stderr", async () => {
    // A marker: creating a batch logs a line before the mutation answers, and the pipe keeps
    // order, so once the marker has been read every earlier line of stdout has been too. A
    // customer whose LLM answers normally, so the new batch adds no failure of its own.
    const answered = customers.find((c) => Number(c.replace(/\D/g, "")) % 3 === 2) ?? customers[0]!;
    const marker = (await gql<{ regeneratePlan: { batchId: number } }>("mutation ($c: String!) { regeneratePlan(customerId: $c) { batchId } }", { c: answered }, analyst)).regeneratePlan.batchId;
    await expect.poll(() => server.output(), { timeout: 10_000 }).toContain(`计划批次 ${marker} `);
    const out = server.output();
    expect(out.length).toBeGreaterThan(0);
    // The failures were logged (debug level), just without the key.
    expect(out).toMatch(/plan|计划|LLM|llm/);
    expect(out).not.toContain(SECRET_TAIL);
  });

  it("sends the security headers on pages and API responses", async () => {
    const scriptSrc = (csp: string) => csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
    const nonces: string[] = [];
    for (const p of ["/", "/login", "/customers/X", "/no-such-page"]) {
      const r = await fetch(`${server.url}${p}`, { headers: { cookie }, redirect: "manual" });
      const csp = r.headers.get("content-security-policy") ?? "";
      expect(csp, `${p} CSP`).toContain("default-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'self'");
      expect(csp.includes("frame-ancestors 'none'") || r.headers.get("x-frame-options") === "DENY").toBe(true);
      // Scripts run by nonce, not because inline script is allowed.
      const src = scriptSrc(csp);
      expect(src, `${p} script-src`).toMatch(/ 'nonce-[A-Za-z0-9+/=]{16,}' /);
      expect(src).toContain("'strict-dynamic'");
      expect(src).not.toContain("'unsafe-inline'");
      expect(src).not.toContain("'unsafe-eval'");
      const nonce = /'nonce-([^']+)'/.exec(src)![1]!;
      nonces.push(nonce);
      // Every script Next rendered carries this response's nonce.
      const tags = [...(await r.text()).matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(tags.length, `${p} scripts`).toBeGreaterThan(0);
      expect(tags.filter((t) => !t.includes(`nonce="${nonce}"`)), `${p} scripts without the nonce`).toEqual([]);
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("referrer-policy")).toBeTruthy();
      expect(r.headers.get("x-powered-by")).toBeNull();
    }
    // A fresh nonce per response, including two requests for the same page.
    const again = await fetch(`${server.url}/`, { headers: { cookie } });
    nonces.push(/'nonce-([^']+)'/.exec(scriptSrc(again.headers.get("content-security-policy") ?? ""))?.[1] ?? "");
    expect(new Set(nonces).size).toBe(nonces.length);
    // A client cannot choose the nonce by sending its own policy.
    const chosen = await fetch(`${server.url}/login`, { headers: { "content-security-policy": "script-src 'nonce-chosenByClient1'" } });
    expect(chosen.headers.get("content-security-policy")).not.toContain("chosenByClient1");
    expect(await chosen.text()).not.toContain("chosenByClient1");

    // API responses are data: nothing may load or run in them.
    const api = await postGql(server.url, "{ health { status } }", undefined, {});
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("cache-control")).toBe("no-store");
    expect(api.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    for (const p of ["/api/health", "/api/customers/export", "/api/report", "/api/no-such-endpoint"]) {
      const r = await fetch(`${server.url}${p}`);
      expect(r.headers.get("content-security-policy"), `${p} CSP`).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    }
    // The report's HTML keeps its own policy (inline styles, nothing else).
    const report = await fetch(`${server.url}/api/report?format=html`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(report.status).toBe(200);
    expect(report.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
  });
});
