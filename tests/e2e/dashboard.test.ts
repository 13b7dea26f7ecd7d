import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";
import { measureFirstLoadJs } from "./support/first-load-js";

/**
 * The dashboard end to end, in Debian's Chromium against the real server (`tsx server.ts`,
 * production build, fresh PGlite) with the fake LLM streaming plans: sign in → generate data →
 * train (live progress) → model & SHAP charts → predict → plans stream → customer → Excel →
 * English. Needs `.next` (npm run build); screenshots go to test-artifacts/e2e/.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e");
const N_CUSTOMERS = 1000;
const ROUNDS = 120;
const TOP_K = 12;

let server: RunningServer;
let llm: FakeLlm;
let context: BrowserContext;
let page: Page;
let browser: Browser;
let database: TestDb | undefined;
let artifacts = ARTIFACTS;

async function shot(name: string, p: Page = page): Promise<void> {
  await p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Waits until a PlotlyChart has drawn (SVG in place) and returns how many data points its
 * traces hold, read from the plot element Plotly renders into.
 */
async function chartPoints(testId: string, p: Page = page): Promise<number> {
  const fig = p.locator(`[data-testid="${testId}"]`);
  await fig.waitFor({ state: "visible", timeout: 60_000 });
  await p.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-plot-state") === "ready", testId, {
    timeout: 60_000,
  });
  return fig.evaluate((el) => {
    const gd = el.querySelector(".js-plotly-plot") as (HTMLElement & { data?: { x?: ArrayLike<unknown>; y?: ArrayLike<unknown> }[] }) | null;
    if (!gd?.data || !el.querySelector("svg.main-svg")) return 0;
    return gd.data.reduce((n, trace) => n + Math.max(trace.x?.length ?? 0, trace.y?.length ?? 0), 0);
  });
}

describeEachDb("dashboard end to end (%s)", (kind) => {
  beforeAll(async () => {
    // PGlite always (fresh directory); a fresh database on the PostgreSQL server too when TEST_DATABASE_URL is set.
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    llm = await startFakeLlm({ latencyMs: 50, chunkDelayMs: 25, chunkSize: 12 });
    server = await startTestServer({
      databaseUrl: database?.url,
      env: { LLM_BASE_URL: llm.url, LLM_API_KEY: "test-key", LLM_MODEL: "fake-model", LLM_CONCURRENCY: "2" },
    });
    browser = await launchBrowser(server.url);
    ({ context, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await llm?.close();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });


  it("sends pages to the sign-in form and signs in", async () => {
    await page.goto("/");
    // Not signed in: straight to the sign-in form, which comes back here afterwards.
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("next") === "/", { timeout: 30_000 });
    await shot("login");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    expect(await page.locator("h1").innerText()).toBe("总览");
  });

  it("measures time to interactive of the overview", async () => {
    // From the document's first byte on, note the overview's first data-ready value and the moment
    // it turns "true", so the figure is when the page became usable, not when the test looked.
    await page.addInitScript(() => {
      const seen: { first: string | null; readyAt: number | null } = { first: null, readyAt: null };
      (window as unknown as { overviewSeen: typeof seen }).overviewSeen = seen;
      new MutationObserver(() => {
        const state = document.querySelector('[data-testid="overview"]')?.getAttribute("data-ready") ?? null;
        if (state === null) return;
        seen.first ??= state;
        if (state === "true" && seen.readyAt === null) seen.readyAt = performance.now();
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
    });
    await page.goto("/", { waitUntil: "commit" });
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const seen = (window as unknown as { overviewSeen: { first: string | null; readyAt: number | null } }).overviewSeen;
      return { path: new URL(nav.name).pathname, type: nav.type, first: seen.first, ready: seen.readyAt, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd };
    });
    console.log(
      `[e2e] overview: DOM interactive ${timing.domInteractive.toFixed(0)} ms, DOMContentLoaded ${timing.domContentLoaded.toFixed(0)} ms, data-ready (API answered, page usable) ${timing.ready?.toFixed(0)} ms`,
    );
    // The figure belongs to a fresh load of "/" whose overview arrived without its data and turned
    // ready in the browser once the API answered, without an error.
    expect(timing).toMatchObject({ path: "/", type: "navigate", first: "false" });
    expect(timing.ready).toEqual(expect.any(Number));
    expect(await page.locator(".error-box").count()).toBe(0);
    await page.getByText("尚无数据").first().waitFor();
  });

  it("generates a dataset", async () => {
    await page.fill('input[name="nCustomers"]', String(N_CUSTOMERS));
    await page.click('[data-testid="generate-button"]');
    const metrics = page.locator('[data-testid="dataset-metrics"][data-kind="TIMELINE"]');
    await metrics.waitFor({ timeout: 120_000 });
    // A timeline: 104 weeks by default, active and churned customers as of its last date.
    const text = await metrics.innerText();
    expect(text).toContain("104 周");
    expect(text).toContain("活跃客户");
    // The as-of date and horizon are in the header of every page from now on.
    expect(await page.locator('[data-testid="asof-clock"]').innerText()).toMatch(/^观察日 \d{4}-\d{2}-\d{2} · 预测未来 12 周$/);
  });

  it("trains with a live progress bar, then shows metrics", async () => {
    await page.fill('input[name="rounds"]', String(ROUNDS));
    await page.click('[data-testid="train-button"]');
    const bar = page.locator('[data-testid="training-progress"] [role="progressbar"]');
    await bar.waitFor({ timeout: 60_000 });
    const seen = new Set<number>();
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const now = Number(await bar.getAttribute("aria-valuenow"));
      if (Number.isFinite(now)) seen.add(now);
      const status = await page.locator('[data-testid="training-progress"]').getAttribute("data-status");
      if (status && status !== "RUNNING" && status !== "CONNECTING") break;
      await page.waitForTimeout(50);
    }
    await shot("overview-training");
    expect(await page.locator('[data-testid="training-progress"]').getAttribute("data-status")).toBe("SUCCEEDED");
    console.log(`[e2e] progress values seen: ${[...seen].sort((a, b) => a - b).join(", ")}`);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    await page.locator('[data-testid="model-metrics"]').waitFor({ timeout: 60_000 });
    const metrics = await page.locator('[data-testid="model-metrics"]').innerText();
    expect(metrics).toMatch(/0\.\d{3}/);
    await page.locator('[data-testid="risk-counts"]').waitFor({ timeout: 60_000 });
    expect(await chartPoints("risk-histogram")).toBeGreaterThan(0);
    await shot("overview");
  });

  it("draws the model page: metrics, curves and the threshold explorer", async () => {
    await page.goto("/model");
    await page.locator('[data-testid="metric-cards"]').waitFor({ timeout: 60_000 });
    for (const id of ["roc-chart", "pr-chart", "calibration-chart", "learning-curve", "backtest-chart"]) {
      expect(await chartPoints(id), id).toBeGreaterThan(0);
    }
    // Metrics are out of time: at the latest fully labelled as-of date, which the backtest lists as the test date.
    expect(await page.locator("#metrics-title").innerText()).toMatch(/^测试日 \d{4}-\d{2}-\d{2} 的样本外指标/);
    expect(await page.locator('[data-testid="backtest-table"] tbody tr[data-role="TEST"]').count()).toBe(1);
    expect(await page.locator('[data-testid="confusion-matrix"]').innerText()).toContain("TP");
    const explorer = page.locator('[data-testid="threshold-explorer"]');
    const before = await explorer.innerText();
    const slider = explorer.locator('input[type="range"]');
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    expect(await explorer.innerText()).not.toBe(before);
    expect(await page.locator('[data-testid="runs-table"] tbody tr').count()).toBe(1);
    await shot("model");
  });

  it("draws the three SHAP charts with data points and explains units", async () => {
    await page.goto("/shap");
    expect(await page.locator('[data-testid="shap-units"]').innerText()).toContain("log-odds");
    const importance = await chartPoints("importance-chart");
    const beeswarm = await chartPoints("beeswarm-chart");
    const dependence = await chartPoints("dependence-chart");
    console.log(`[e2e] SHAP points: importance ${importance}, beeswarm ${beeswarm}, dependence ${dependence}`);
    expect(importance).toBeGreaterThanOrEqual(29);
    expect(beeswarm).toBeGreaterThan(100);
    expect(dependence).toBeGreaterThan(100);
    await shot("shap");
  });

  it("predicts and streams plans as the LLM writes them", async () => {
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.fill('input[name="selector"]', String(TOP_K));
    await Promise.all([page.waitForURL(/\/plans\?batch=\d+/, { timeout: 120_000 }), page.click('[data-testid="predict-button"]')]);
    const progress = page.locator('[data-testid="batch-progress"]');
    await progress.waitFor({ timeout: 60_000 });
    let sawStreamingText = false;
    const garbled: string[] = [];
    let screenshotTaken = false;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const live = page.locator('[data-testid="live-writing"] [data-testid="live-fields"]');
      const texts = await live.allInnerTexts().catch(() => [] as string[]);
      // Readable fields as they fill, never the JSON the model streams.
      for (const text of texts) if (/[{}]|"riskSummary"/.test(text)) garbled.push(text.slice(0, 200));
      if (texts.some((text) => text.trim().length > 5)) {
        sawStreamingText = true;
        if (!screenshotTaken) {
          await shot("plans-streaming");
          screenshotTaken = true;
        }
      }
      if ((await progress.getAttribute("data-status")) === "DONE") break;
      await page.waitForTimeout(60);
    }
    expect(await progress.getAttribute("data-status")).toBe("DONE");
    expect(Number(await progress.getAttribute("data-done"))).toBe(Number(await progress.getAttribute("data-total")));
    expect(sawStreamingText).toBe(true);
    expect(garbled).toEqual([]);
    const rows = page.locator('[data-testid="plans-table"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await rows.first().getByRole("button").click();
    await page.locator('[data-testid="plan-view"]').first().waitFor();
    await shot("plans");
  });

  it("downloads the plans as a valid xlsx", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="excel-download"]')]);
    const file = path.join(artifacts, "plans.xlsx");
    await download.saveAs(file);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    expect(bytes.includes(Buffer.from("xl/workbook.xml"))).toBe(true);
  });

  it("renders the churn report in a sandboxed frame", async () => {
    await page.click('[data-testid="report-button"]');
    const frame = page.locator('[data-testid="report-frame"]');
    await frame.waitFor({ timeout: 120_000 });
    // No scripts, forms or modals (PDF is a real download now); same origin only so the page can size it.
    expect(await frame.getAttribute("sandbox")).toBe("allow-same-origin");
    const heading = page.frameLocator('[data-testid="report-frame"]').locator("h1");
    await heading.waitFor({ timeout: 30_000 });
    expect((await heading.innerText()).length).toBeGreaterThan(0);
    await shot("plans-report");
  });

  it("opens a customer: waterfall, plan, what-if", async () => {
    await page.locator('[data-testid="plans-table"] tbody tr a').first().click();
    await page.waitForURL(/\/customers\/[^/]+$/);
    expect(await chartPoints("shap-waterfall")).toBeGreaterThan(0);
    expect(await chartPoints("behaviour-charts")).toBeGreaterThan(0);
    expect(await chartPoints("customer-timeline")).toBeGreaterThan(0);
    await page.locator('[data-testid="plan-panel"] [data-testid="plan-view"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="profile"]').innerText()).toContain("*");
    const firstInput = page.locator('[data-testid="what-if"] .whatif-row input[type="number"]').first();
    const value = Number(await firstInput.inputValue());
    await firstInput.fill(String(value * 3 + 10));
    await page.click('[data-testid="what-if-submit"]');
    await page.locator('[data-testid="what-if-result"]').waitFor({ timeout: 60_000 });
    expect(await chartPoints("what-if-waterfall")).toBeGreaterThan(0);
    await shot("customer");
  });

  it("lists customers with URL-addressable filters", async () => {
    await page.goto("/customers?risk=HIGH");
    await page.locator('[data-testid="customers-table"]').waitFor({ timeout: 60_000 });
    const badges = await page.locator('[data-testid="customers-table"] tbody .badge').allInnerTexts();
    expect(badges.length).toBeGreaterThan(0);
    expect(new Set(badges)).toEqual(new Set(["高风险"]));
    await shot("customers");
  });

  it("switches to English and remembers it", async () => {
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.locator("h1").innerText()).toBe("Overview");
    await page.reload();
    await expect.poll(() => page.locator("h1").innerText()).toBe("Overview");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await chartPoints("risk-histogram");
    await shot("overview-en");
    await page.goto("/shap");
    await chartPoints("beeswarm-chart");
    await shot("shap-en");
  });

  it("works on a 390 px phone", async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    for (const route of ["/", "/customers", "/plans", "/scoring"]) {
      await phone.goto(route);
      await phone.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${route} scrolls sideways`).toBeLessThanOrEqual(1);
      await phone.waitForTimeout(300);
      await shot(`phone${route === "/" ? "-overview" : route.replace(/\//g, "-")}`, phone);
    }
    await phone.close();
  });

  it("keeps Plotly out of every page's first-load JS and reports sizes", async () => {
    for (const route of ["/", "/model", "/shap", "/customers", "/customers/X", "/scoring", "/plans", "/login"]) {
      const m = await measureFirstLoadJs(server.url, route);
      console.log(`[e2e] first-load JS ${route.padEnd(14)} ${m.scripts} files, ${(m.bytes / 1024).toFixed(1)} KiB (${(m.gzipBytes / 1024).toFixed(1)} KiB gzip)`);
      expect(m.hasPlotly, route).toBe(false);
      expect(m.scripts).toBeGreaterThan(0);
    }
  });

  // The page policy allows scripts by per-response nonce, not 'unsafe-inline'. Markup injected
  // into the server's HTML (as stored or reflected XSS would be) is put into the real response
  // here, CSP header unchanged: its inline script and event handler must not run, while Next's own
  // scripts still do. (A script element created by already-running script is trusted under
  // 'strict-dynamic' by design, so that is not what this checks.) A page of its own: the
  // violations it provokes are expected and stay out of browser.problems (which watches `page`).
  it("does not run an inline script or event handler injected into a page", async () => {
    const probe = await context.newPage();
    await probe.addInitScript(() => {
      const w = window as unknown as { __violations: string[] };
      w.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await probe.route("**/login", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace(
        "<body>",
        '<body><script>window.__injectedScript = true</script><img alt="" src="data:," onerror="window.__injectedHandler = true">',
      );
      await route.fulfill({ response, body: html });
    });
    await probe.goto("/login");
    await probe.locator('[data-testid="login-form"]').waitFor();
    await probe.waitForFunction(() => typeof (window as { next?: unknown }).next === "object"); // Next's runtime booted
    await probe.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length >= 2);
    const result = await probe.evaluate(() => {
      const w = window as unknown as { __injectedScript?: boolean; __injectedHandler?: boolean; __violations: string[] };
      return { script: w.__injectedScript === true, handler: w.__injectedHandler === true, violations: [...w.__violations].sort() };
    });
    await probe.close();
    expect(result.script).toBe(false);
    expect(result.handler).toBe(false);
    expect(result.violations).toEqual(["script-src-attr inline", "script-src-elem inline"]);
  });

  it("saw no CSP violation, hydration error or page error", () => {
    expect(browser.problems).toEqual([]);
  });
});
