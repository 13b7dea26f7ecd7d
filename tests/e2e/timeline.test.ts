import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The dashboard on a timeline, in Chromium against the real server: generate a small timeline →
 * train → the customers list is active customers by default and the churned filter shows churned
 * ones with their date and type → a churned customer's page has the churn notice and no risk,
 * what-if or plan button → the model page shows out-of-time metrics and the backtest → advance 12
 * weeks → the scoring runs page shows realised outcomes for the earlier scoring. Needs `.next`.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "timeline");
const ISO = /\d{4}-\d{2}-\d{2}/;
const CHURN_TYPES = /转户|销户|资产转出/;
// API enum values that must never reach the page as text.
const RAW_CODES = /\b(ACTIVE|CHURNED|ALL|TRANSFER|CLOSE|ASSET_OUT|EARLIER|TRAIN|VALID|TEST|AFTER|TIMELINE|SNAPSHOT)\b/;

let server: RunningServer;
let browser: Browser;
let page: Page;
let database: TestDb | undefined;
let artifacts = ARTIFACTS;

async function shot(name: string, p: Page = page): Promise<void> {
  await p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Waits until a PlotlyChart has drawn and returns its traces' point count and its vertical-line shapes' x values. */
async function chart(testId: string): Promise<{ points: number; lines: string[] }> {
  await page.locator(`[data-testid="${testId}"][data-plot-state="ready"]`).waitFor({ timeout: 60_000 });
  return page.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    type Gd = HTMLElement & { data?: { x?: ArrayLike<unknown>; y?: ArrayLike<unknown> }[]; layout?: { shapes?: { x0?: unknown }[] } };
    const gd = el.querySelector(".js-plotly-plot") as Gd | null;
    if (!gd?.data || !el.querySelector("svg.main-svg")) return { points: 0, lines: [] };
    return {
      points: gd.data.reduce((n, trace) => n + Math.max(trace.x?.length ?? 0, trace.y?.length ?? 0), 0),
      lines: (gd.layout?.shapes ?? []).map((s) => String(s.x0)),
    };
  });
}

async function asOfClock(): Promise<string> {
  const clock = page.locator('[data-testid="asof-clock"]');
  await clock.waitFor({ timeout: 60_000 });
  return clock.innerText();
}

/** The Monday `weeks` weeks after an ISO date (UTC arithmetic, as the API does). */
function plusWeeks(date: string, weeks: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

describeEachDb("dashboard on a timeline (%s)", (kind) => {
  let asOf = "";
  let firstRunId = "";

  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    browser = await launchBrowser(server.url);
    page = browser.page;
    await page.goto("/login?next=/");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("generates a 40-week timeline and shows its as-of date and horizon in the header", async () => {
    await page.fill('input[name="nCustomers"]', "400");
    await page.fill('input[name="historyWeeks"]', "40");
    await page.click('[data-testid="generate-button"]');
    const metrics = page.locator('[data-testid="dataset-metrics"][data-kind="TIMELINE"]');
    await metrics.waitFor({ timeout: 120_000 });
    const text = await metrics.innerText();
    expect(text).toContain("活跃客户");
    expect(text).toContain("已流失客户");
    expect(text).toContain("40 周");
    const clock = await asOfClock();
    expect(clock).toMatch(new RegExp(`^观察日 (${ISO.source}) · 预测未来 12 周$`));
    asOf = ISO.exec(clock)![0];
    expect(text).toContain(asOf);
    expect(await page.locator('[data-testid="snapshot-marker"]').count()).toBe(0);
  });

  it("trains a model", async () => {
    await page.fill('input[name="rounds"]', "60");
    await page.click('[data-testid="train-button"]');
    await expect
      .poll(() => page.locator('[data-testid="training-progress"]').getAttribute("data-status"), { timeout: 300_000, interval: 200 })
      .toBe("SUCCEEDED");
    await page.locator('[data-testid="risk-counts"]').waitFor({ timeout: 60_000 });
    await shot("overview");
  });

  it("lists active customers by default and churned ones, with date and type, under the churned filter", async () => {
    await page.goto("/customers");
    const table = page.locator('[data-testid="customers-table"]');
    await table.waitFor({ timeout: 60_000 });
    // The as-of date is on this page too.
    expect(await asOfClock()).toContain(asOf);
    expect(await page.locator('[data-testid="status-filter"] [aria-current="true"]').innerText()).toBe("活跃");
    const active = await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
    expect(active.length).toBeGreaterThan(0);
    expect(new Set(active)).toEqual(new Set(["ACTIVE"]));
    expect(await table.locator(".badge-churned").count()).toBe(0);

    await Promise.all([page.waitForURL(/status=churned/), page.click('[data-testid="status-filter"] [data-status="CHURNED"]')]);
    await expect.poll(() => table.locator('tbody tr[data-status="ACTIVE"]').count(), { timeout: 30_000 }).toBe(0);
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    expect(new Set(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-status"))))).toEqual(new Set(["CHURNED"]));
    for (const cell of await table.locator('[data-testid="churn-cell"]').allInnerTexts()) {
      expect(cell).toMatch(new RegExp(`已流失\\s*${ISO.source} · (${CHURN_TYPES.source})`));
    }
    // A known outcome is never shown as a prediction.
    expect(await table.locator(".badge-high, .badge-medium, .badge-low").count()).toBe(0);
    expect(await table.innerText()).not.toMatch(RAW_CODES);
    // The filter lives in the URL: a reload shows the same list.
    await page.reload();
    await table.waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="status-filter"] [aria-current="true"]').innerText()).toBe("已流失");
    await shot("customers-churned");
  });

  it("shows a churned customer's notice and timeline, without risk, what-if or plan button", async () => {
    const table = page.locator('[data-testid="customers-table"]');
    const firstRow = table.locator('tbody tr[data-status="CHURNED"]').first();
    const cell = await firstRow.locator('[data-testid="churn-cell"]').innerText();
    const date = ISO.exec(cell)![0];
    const type = CHURN_TYPES.exec(cell)![0];
    await Promise.all([page.waitForURL(/\/customers\/[^/?]+$/), firstRow.locator("a").first().click()]);
    const notice = page.locator('[data-testid="churn-notice"]');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toContain(`该客户已于 ${date} 流失（${type}）`);
    const timeline = await chart("customer-timeline");
    expect(timeline.points).toBeGreaterThan(0);
    expect(timeline.lines).toContain(date);
    await chart("behaviour-charts");
    for (const gone of ["risk-card", "what-if", "plan-panel", "regenerate-plan", "shap-waterfall"]) {
      expect(await page.locator(`[data-testid="${gone}"]`).count(), gone).toBe(0);
    }
    expect(await page.locator("main .badge-high, main .badge-medium, main .badge-low").count()).toBe(0);
    expect(await page.locator('[data-testid="open-date"]').innerText()).toMatch(new RegExp(`${ISO.source}|早于数据起始日`));
    await shot("customer-churned");
  });

  it("shows an active customer's timeline with the as-of date and the risk as of it", async () => {
    await page.goto("/customers");
    const link = page.locator('[data-testid="customers-table"] tbody tr[data-status="ACTIVE"] a').first();
    await link.waitFor({ timeout: 60_000 });
    await Promise.all([page.waitForURL(/\/customers\/[^/?]+$/), link.click()]);
    await page.locator('[data-testid="risk-card"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="churn-notice"]').count()).toBe(0);
    expect(await page.getByText(`未来 12 周流失风险 · 观察日 ${asOf}`).count()).toBe(1);
    expect((await chart("customer-timeline")).lines).toContain(asOf);
    expect(await page.locator('[data-testid="regenerate-plan"]').count()).toBe(1);
  });

  it("shows out-of-time metrics, the split and the backtest on the model page", async () => {
    await page.goto("/model");
    await page.locator('[data-testid="metric-cards"]').waitFor({ timeout: 60_000 });
    const title = await page.locator("#metrics-title").innerText();
    expect(title).toMatch(new RegExp(`^测试日 ${ISO.source} 的样本外指标`));
    const testDate = ISO.exec(title)![0];
    // The latest fully labelled as-of date: at least H weeks before the data ends.
    expect(testDate <= plusWeeks(asOf, -12)).toBe(true);
    const split = await page.locator('[data-testid="split"]').innerText();
    expect(split).toContain("训练观察日");
    expect(split).toContain(testDate);
    const rows = page.locator('[data-testid="backtest-table"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(3);
    const test = page.locator('[data-testid="backtest-table"] tbody tr[data-role="TEST"]');
    expect(await test.count()).toBe(1);
    expect(await test.innerText()).toContain(testDate);
    expect(await test.innerText()).toMatch(/0\.\d{3}/);
    expect(await page.locator('[data-testid="backtest-table"]').innerText()).not.toMatch(RAW_CODES);
    const backtest = await chart("backtest-chart");
    expect(backtest.points).toBeGreaterThanOrEqual(3 * (await rows.count()));
    await shot("model-backtest");
  });

  it("lists the scoring as pending until its outcome date", async () => {
    await page.goto("/scoring");
    const table = page.locator('[data-testid="scoring-runs-table"]');
    await table.waitFor({ timeout: 60_000 });
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    firstRunId = (await rows.first().getAttribute("data-run-id")) ?? "";
    expect(await rows.first().innerText()).toContain(asOf);
    expect(await rows.first().locator('[data-testid="pending-outcome"]').innerText()).toBe(`待结果（结果日 ${plusWeeks(asOf, 12)}）`);
    await page.locator('[data-testid="pending-notice"]').waitFor();
    await shot("scoring-pending");
  });

  it("advances 12 weeks: the header moves on and the earlier scoring gets its realised outcomes", async () => {
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    const form = page.locator('[data-testid="advance-form"]');
    await form.locator('input[name="weeks"]').fill("12");
    expect(await form.locator('[data-testid="advance-button"]').innerText()).toBe("推进 12 周");
    await form.locator('[data-testid="advance-button"]').click();
    await page.locator('[data-testid="advanced-notice"]').waitFor({ timeout: 300_000 });
    const next = plusWeeks(asOf, 12);
    await expect.poll(() => asOfClock(), { timeout: 30_000 }).toBe(`观察日 ${next} · 预测未来 12 周`);
    expect(await page.locator('[data-testid="dataset-metrics"]').innerText()).toContain("52 周");

    await page.click('[data-testid="advanced-notice"] a[href="/scoring"]');
    const table = page.locator('[data-testid="scoring-runs-table"]');
    await table.waitFor({ timeout: 60_000 });
    await expect.poll(() => table.locator("tbody tr").count(), { timeout: 30_000 }).toBe(2);
    const earlier = table.locator(`tbody tr[data-run-id="${firstRunId}"]`);
    expect(await earlier.getAttribute("data-realised")).toBe("true");
    const realisedAuc = Number(/0\.\d{3}/.exec(await earlier.locator('[data-testid="realised-auc"]').innerText())?.[0]);
    console.log(`[e2e ${kind}] realised AUC of the scoring as of ${asOf}: ${realisedAuc}`);
    expect(realisedAuc).toBeGreaterThan(0.6);
    const newer = table.locator(`tbody tr:not([data-run-id="${firstRunId}"])`);
    expect(await newer.innerText()).toContain(next);
    expect(await newer.locator('[data-testid="pending-outcome"]').innerText()).toContain(plusWeeks(next, 12));

    // With outcomes known, that run is the one the page opens on: predicted next to realised.
    const panel = page.locator('[data-testid="scoring-run-panel"]');
    expect(await panel.getAttribute("data-run-id")).toBe(firstRunId);
    const realised = await page.locator('[data-testid="realised-metrics"]').innerText();
    for (const label of ["预测流失率", "实际流失率", "实际 AUC", "模型测试日 AUC", "精确率@K", "召回率@K"]) expect(realised).toContain(label);
    expect((await chart("realised-calibration-chart")).points).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="auc-comparison"]').innerText()).toMatch(/0\.\d{3}/);
    expect(await page.locator("main").innerText()).not.toMatch(RAW_CODES);
    await shot("scoring-realised");

    // The newer run's panel is linked from its row and says when its outcomes come.
    await newer.locator('[data-testid="scoring-run-view"]').click();
    await expect.poll(() => panel.getAttribute("data-realised")).toBe("false");
    expect(await page.locator('[data-testid="pending-notice"]').innerText()).toContain(plusWeeks(next, 12));
  });

  it("fits a 390 px phone without sideways scrolling on the scoring, model and customer pages", async () => {
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const route of ["/scoring", "/model", "/customers?status=churned"]) {
      await phone.goto(route);
      await phone.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });
      await phone.locator(".chart[data-plot-state='ready'], table").first().waitFor({ timeout: 60_000 });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(1);
      expect(await phone.locator('[data-testid="asof-clock"]').isVisible()).toBe(true);
      await shot(`phone${route.replace(/[/?=]/g, "-")}`, phone);
    }
    await phone.close();
  });

  it("says it in English too, without raw codes", async () => {
    await page.goto("/scoring");
    await page.locator('[data-testid="scoring-runs-table"]').waitFor({ timeout: 60_000 });
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.locator("h1").innerText()).toBe("Scoring runs");
    expect(await asOfClock()).toMatch(new RegExp(`^As of ${ISO.source} · predicting the next 12 weeks$`));
    expect(await page.locator("main").innerText()).not.toMatch(RAW_CODES);
    await shot("scoring-en");
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.locator("h1").innerText()).toBe("评分记录");
  });

  it("saw no CSP violation, hydration error or page error", () => {
    expect(browser.problems).toEqual([]);
  });
});
