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
 * The 监控 page (#14) in Chromium against the real server: a timeline generated with covariate
 * drift in two features from the week after its history, a model, 12 more weeks (an advance
 * scoring job) → the page shows the done job, the drift alert naming both features and the
 * charts; an admin's 立即评分 queues a job that the page follows to done. No serious or critical
 * axe violations. Screenshot in test-artifacts/e2e/monitoring.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "monitoring");
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;

describeEachDb("monitoring page (%s)", (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let database: TestDb | undefined;
  let cookie = "";

  async function gql<T>(query: string): Promise<T> {
    const r = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query }) });
    const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data as T;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    await database?.close();
    server = await startTestServer({ databaseUrl: database?.url, env: { RATE_LIMIT_EXPENSIVE_PER_MIN: "1000" } });
    cookie = await loginCookie(server.url);
    await gql(`mutation { generateDataset(input: { nCustomers: 600, historyWeeks: 52, seed: 4, driftWeek: 53, driftFeatures: ["logins_total", "assets_latest"] }) { id } }`);
    const { trainModel } = await gql<{ trainModel: { id: number } }>(`mutation { trainModel(input: { rounds: 80 }) { id } }`);
    for (;;) {
      const { modelRun } = await gql<{ modelRun: { status: string } }>(`{ modelRun(id: ${trainModel.id}) { status } }`);
      if (modelRun.status !== "RUNNING" && modelRun.status !== "PENDING") {
        expect(modelRun.status).toBe("SUCCEEDED");
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    await gql(`mutation { advanceDataset(weeks: 12) { id } }`);
    browser = await launchBrowser(server.url);
    ({ page } = browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/login");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname !== "/login", { timeout: 60_000 }), page.click('[data-testid="login-form"] button[type="submit"]')]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("shows the advance's scoring job done, the drift alert naming both shifted features, and the charts", async () => {
    await page.goto("/monitoring");
    await page.locator('[data-testid="monitoring"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const jobs = page.locator('[data-testid="scoring-job"]');
    await jobs.first().waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="scoring-job"][data-status="done"]').count()).toBeGreaterThanOrEqual(1);
    const alerts = page.locator('[data-testid="alert-list"] li');
    await alerts.first().waitFor({ timeout: 30_000 });
    const text = (await page.locator('[data-testid="alert-list"]').innerText()).toLowerCase();
    expect(text).toMatch(/logins_total|登录次数/);
    expect(text).toMatch(/assets_latest|最新总资产/);
    await page.locator('[data-testid="auc-timeline"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${kind}-monitoring.png`), fullPage: true });
  });

  it("立即评分: the admin's job appears and the page follows it to done", async () => {
    const before = await page.locator('[data-testid="scoring-job"]').count();
    await page.click('[data-testid="score-now"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="scoring-job"]').length > n, before, { timeout: 60_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="scoring-job"]')?.getAttribute("data-status") === "done", undefined, { timeout: 120_000 });
    const first = page.locator('[data-testid="scoring-job"]').first();
    expect(await first.innerText()).toMatch(/手动|manual/);
  });

  it("has no serious or critical accessibility violations in the scoring jobs, none new on the page", async () => {
    if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
    const run = (selector: string) =>
      page.evaluate(async (sel) => {
        const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
        const r = await axe.run(sel ? document.querySelector(sel) : document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact})`);
      }, selector);
    expect(await run('[data-testid="scoring-jobs"]')).toEqual([]);
    expect(await run("")).toEqual([]);
  });
});
