import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, loginCookie, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * Accessibility on every page (issue #16 "must hold"): signed in as admin with data, a trained
 * model, a plan batch and a campaign, each page at 1440×900 and 390×844 gets axe-core's WCAG 2.1
 * A/AA rules (no serious or critical violation), no sideways scroll at 390 px, and a full-page
 * screenshot in test-artifacts/e2e/ (a11y-<page>-<width>.png). /login is checked signed out.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e");
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;
const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: AxeNode[];
}

let server: RunningServer;
let browser: Browser;
let anonymous: Browser;
let database: TestDb | undefined;
let cookie = "";
let customerId = "";
let artifacts = ARTIFACTS;

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The page has loaded its data and drawn its charts (or given up on them). */
async function settled(p: Page): Promise<void> {
  await p.locator('[data-ready="true"], [data-testid="login-form"]').first().waitFor({ timeout: 60_000 });
  await p.waitForFunction(() => [...document.querySelectorAll("[data-plot-state]")].every((el) => el.getAttribute("data-plot-state") !== "loading"), undefined, {
    timeout: 60_000,
  });
  await p.waitForLoadState("networkidle").catch(() => undefined);
}

/** axe-core's serious and critical WCAG 2.x A/AA violations, one line per element with its selector. */
async function seriousViolations(p: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (nonces only) does not block it.
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(AXE_SOURCE);
  const violations = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) ${JSON.stringify(n.target)}: ${(n.failureSummary ?? v.help).replace(/\s+/g, " ").slice(0, 200)}`));
}

function pageName(route: string): string {
  if (route === "/") return "overview";
  if (route.startsWith("/customers/")) return "customer";
  return route.slice(1).replace(/\//g, "-");
}

/** Visits a page at a width: screenshot, axe, and at phone width no sideways scroll. */
async function check(p: Page, route: string, size: (typeof WIDTHS)[number]): Promise<void> {
  await p.setViewportSize(size);
  await p.goto(route);
  await settled(p);
  await p.screenshot({ path: path.join(artifacts, `a11y-${pageName(route)}-${size.width}.png`), fullPage: true });
  const problems = await seriousViolations(p);
  expect.soft(problems, `${route} at ${size.width} px`).toEqual([]);
  if (size.width === 390) {
    const sideways = await p.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    expect(sideways.scroll, `${route} scrolls sideways at 390 px (scrollWidth ${sideways.scroll})`).toBeLessThanOrEqual(sideways.inner);
  }
}

describeEachDb("accessibility, every page at 1440 and 390 px (%s)", (kind) => {
  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    cookie = await loginCookie(server.url);
    await graphql("mutation { generateDataset(input: { nCustomers: 500, historyWeeks: 40, seed: 5 }) { id } }");
    const { trainModel } = await graphql<{ trainModel: { id: number } }>("mutation { trainModel { id } }");
    await until("training", async () => {
      const status = (await graphql<{ modelRun: { status: string } }>("query ($id: Int!) { modelRun(id: $id) { status } }", { id: trainModel.id })).modelRun.status;
      if (status === "FAILED" || status === "CANCELLED") throw new Error(`training ${status}`);
      return status === "SUCCEEDED";
    });
    const predicted = await graphql<{ predictRisk: { highRisk: { id: string }[]; batch: { id: number } | null } }>(
      "mutation { predictRisk(input: { topK: 5, generatePlans: true }) { highRisk { id } batch { id } } }",
    );
    customerId = predicted.predictRisk.highRisk[0]!.id;
    const batchId = predicted.predictRisk.batch!.id;
    await until("the plan batch", async () => {
      const { planBatch } = await graphql<{ planBatch: { status: string } | null }>("query ($id: Int!) { planBatch(id: $id) { status } }", { id: batchId });
      return planBatch?.status === "DONE" || planBatch?.status === "CANCELLED";
    });
    await graphql('mutation { createCampaign(input: { name: "无障碍检查活动", size: 40, budget: 100000, seed: 1 }) { id } }');
    browser = await launchBrowser(server.url);
    anonymous = await launchBrowser(server.url);
    const p = browser.page;
    await p.goto("/login?next=/account");
    await p.fill('input[name="email"]', ADMIN.email);
    await p.fill('input[name="password"]', ADMIN.password);
    await Promise.all([p.waitForURL((u) => u.pathname === "/account", { timeout: 60_000 }), p.click('[data-testid="login-form"] button[type="submit"]')]);
  }, 900_000);

  afterAll(async () => {
    await anonymous?.close();
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  const routes = ["/", "/customers", "CUSTOMER", "/model", "/shap", "/plans", "/scoring", "/monitoring", "/campaigns", "/campaigns/mine", "/segments", "/import", "/admin", "/account"];
  for (const size of WIDTHS) {
    for (const route of routes) {
      it(`${route === "CUSTOMER" ? "/customers/<id>" : route} at ${size.width} px`, async () => {
        await check(browser.page, route === "CUSTOMER" ? `/customers/${encodeURIComponent(customerId)}` : route, size);
      });
    }
    it(`/login (signed out) at ${size.width} px`, async () => {
      await check(anonymous.page, "/login", size);
    });
  }

  it("saw no CSP violation, hydration error or page error", () => {
    expect(browser.problems).toEqual([]);
    expect(anonymous.problems).toEqual([]);
  });
});
