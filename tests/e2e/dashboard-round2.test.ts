import { mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../support/fake-llm-server";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, loginCookie, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * Dashboard round 2 (issue #16), in Chromium against the real server with the fake LLM: sign-in
 * redirect, accessibility (axe-core) and header contrast on every page, controls by role,
 * compliance flags, readable live plan text, learning curve and threshold slider, what-if in
 * percent, English data words, Plotly's Chinese toolbar and file names, tab titles, favicon,
 * compressed GraphQL, phone cards without sideways scroll, and the live badge when the server
 * stops answering. Screenshots of every page at 1440 and 390 px go to test-artifacts/e2e/round2.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "round2");
const AXE_SOURCE = (createRequire(import.meta.url)("axe-core") as { source: string }).source;
const VIEWER = { email: "viewer@test.local", password: "viewer-password-123" };
const PAGES = ["/", "/model", "/shap", "/customers", "/scoring", "/monitoring", "/plans", "/account", "/admin"] as const;

let server: RunningServer;
let llm: FakeLlm;
let page: Page;
let browser: Browser;
let viewerBrowser: Browser | undefined;
let database: TestDb | undefined;
let artifacts = ARTIFACTS;
let customerId = "";

async function shot(name: string, p: Page = page): Promise<void> {
  await p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function ready(p: Page = page): Promise<void> {
  await p.locator('[data-ready="true"]').first().waitFor({ timeout: 60_000 });
}

async function plotReady(testId: string, p: Page = page): Promise<void> {
  await p.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-plot-state") === "ready", testId, { timeout: 60_000 });
}

/** axe-core's serious and critical violations on the page as it is (WCAG 2 A/AA rules). */
async function axeViolations(p: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (nonces only) does not block it.
  if (!(await p.evaluate(() => "axe" in window))) await p.evaluate(AXE_SOURCE);
  const result = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.targets.join(", ")}`);
}

async function signIn(p: Page, email: string, password: string): Promise<void> {
  await p.fill('input[name="email"]', email);
  await p.fill('input[name="password"]', password);
  await p.click('[data-testid="login-form"] button[type="submit"]');
}

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<Response> {
  const cookie = await loginCookie(server.url);
  return fetch(`${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "accept-encoding": "br, gzip" },
    body: JSON.stringify({ query, variables }),
  });
}

describeEachDb("dashboard round 2 (%s)", (kind) => {
  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    // The first customer whose plan is written gets one that promises returns (a rejected plan).
    let promised: string | undefined;
    llm = await startFakeLlm({
      latencyMs: 400,
      chunkDelayMs: 40,
      chunkSize: 10,
      scenario: (ctx) => {
        promised ??= ctx.customerId;
        return ctx.customerId === promised ? "promise-returns" : "normal";
      },
    });
    server = await startTestServer({
      databaseUrl: database?.url,
      env: { LLM_BASE_URL: llm.url, LLM_API_KEY: "test-key", LLM_MODEL: "fake-model", LLM_CONCURRENCY: "1" },
    });
    browser = await launchBrowser(server.url);
    ({ page } = browser);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    await viewerBrowser?.close();
    await browser?.close();
    if (server && server.process.exitCode === null) {
      try {
        process.kill(server.process.pid!, "SIGCONT");
      } catch {
        // already gone
      }
    }
    await server?.stop();
    await llm?.close();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("sends a visitor who is not signed in to /login and back to the page asked for", async () => {
    await page.goto("/customers?risk=HIGH");
    await page.waitForURL((u) => u.pathname === "/login", { timeout: 30_000 });
    expect(new URL(page.url()).searchParams.get("next")).toBe("/customers?risk=HIGH");
    expect(await page.locator(".error-box").count()).toBe(0);
    await Promise.all([page.waitForURL((u) => u.pathname === "/customers", { timeout: 30_000 }), signIn(page, ADMIN.email, ADMIN.password)]);
    expect(new URL(page.url()).search).toBe("?risk=HIGH");
  });

  it("serves /favicon.ico and gives each page its own tab title", async () => {
    const icon = await fetch(`${server.url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/icon/);
    const titles = new Set<string>();
    for (const route of PAGES) {
      await page.goto(route);
      await ready();
      titles.add(await page.title());
    }
    expect(titles.size).toBe(PAGES.length);
  });

  it("generates, trains (learning-curve AUC drawn afterwards) and predicts with plans", async () => {
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.fill('input[name="nCustomers"]', "500");
    await page.fill('input[name="historyWeeks"]', "40");
    await page.click('[data-testid="generate-button"]');
    await page.locator('[data-testid="dataset-metrics"]').waitFor({ timeout: 120_000 });
    await page.fill('input[name="rounds"]', "60");
    await page.click('[data-testid="train-button"]');
    await page.locator('[data-testid="model-metrics"]').waitFor({ timeout: 300_000 });

    await page.goto("/model");
    await page.locator('[data-testid="metric-cards"]').waitFor({ timeout: 60_000 });
    await plotReady("learning-curve");
    // After training (not live): each AUC line has several points and a drawn path.
    const auc = await page.locator('[data-testid="learning-curve"]').evaluate((el) => {
      const gd = el.querySelector(".js-plotly-plot") as HTMLElement & { data: { name: string; x: unknown[]; y: unknown[] }[] };
      const traces = gd.data.filter((d) => d.name.includes("AUC"));
      const paths = [...el.querySelectorAll(".scatterlayer .trace .js-line")].map((p) => p.getAttribute("d") ?? "");
      return { points: traces.map((d) => d.y.filter((v) => v != null).length), nulls: traces.map((d) => d.y.filter((v) => v == null).length), drawn: paths.filter((d) => d.length > 10).length };
    });
    expect(auc.points.length).toBe(2);
    for (const n of auc.points) expect(n).toBeGreaterThan(1);
    expect(auc.nulls).toEqual([0, 0]);
    expect(auc.drawn).toBeGreaterThanOrEqual(4);

    // The slider starts at the chosen threshold shown on the cards, in steps of 0.01.
    const cards = await page.locator('[data-testid="metric-cards"]').innerText();
    const slider = page.locator('[data-testid="threshold-slider"]');
    const shown = await page.locator('[data-testid="threshold-value"]').innerText();
    expect(cards).toContain(shown.replace(/0+$/, "").slice(0, 4));
    const first = await page.locator('[data-testid="threshold-value"]').innerText();
    await slider.focus();
    await page.keyboard.press("ArrowRight");
    const next = await page.locator('[data-testid="threshold-value"]').innerText();
    expect(Math.abs(Number(next) - Number(first))).toBeLessThanOrEqual(0.0100001);
    expect(Number(next)).not.toBe(Number(first));

    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.fill('input[name="selector"]', "6");
    await Promise.all([page.waitForURL(/\/plans\?batch=\d+/, { timeout: 120_000 }), page.click('[data-testid="predict-button"]')]);
  });

  it("streams readable plan fields, not JSON, with a live badge", async () => {
    const progress = page.locator('[data-testid="batch-progress"]');
    await progress.waitFor({ timeout: 60_000 });
    let sawFields = false;
    let sawLive = false;
    let shotTaken = false;
    const raw: string[] = [];
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const texts = await page.locator('[data-testid="live-fields"]').allInnerTexts().catch(() => [] as string[]);
      for (const text of texts) {
        if (/[{}]|"riskSummary"|"actions"/.test(text)) raw.push(text.slice(0, 120));
        if (text.includes("风险") && text.length > 10) sawFields = true;
      }
      if (sawFields && !shotTaken && (await page.locator(".live-badge").innerText().catch(() => "")) === "实时") {
        sawLive = true;
        shotTaken = true;
        await shot("plans-streaming");
      }
      if ((await progress.getAttribute("data-status")) === "DONE") break;
      await page.waitForTimeout(80);
    }
    expect(await progress.getAttribute("data-status")).toBe("DONE");
    expect(sawFields).toBe(true);
    expect(sawLive).toBe(true);
    expect(raw).toEqual([]);
  });

  it("flags the plan that promises returns, explains the rule in words and filters by compliance", async () => {
    await page.reload();
    await ready();
    const rejected = page.locator('[data-testid="plans-table"] tbody tr[data-compliance="REJECTED"]');
    await expect.poll(() => rejected.count(), { timeout: 30_000 }).toBe(1);
    expect(await rejected.locator('[data-testid="compliance-badge"]').innerText()).toContain("⚠");
    await rejected.getByRole("button").click();
    const alert = page.locator('[data-testid="plan-detail"] [data-testid="compliance-alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain("不得");
    expect(text).toContain("承诺收益");
    expect(text).not.toContain("promised-return");
    expect(await page.locator('[data-testid="plan-detail"] [data-testid="offending-text"]').count()).toBeGreaterThan(0);
    await shot("plans-rejected");

    await page.selectOption('[data-testid="compliance-filter"]', "REJECTED");
    await expect.poll(() => page.locator('[data-testid="plans-table"] tbody tr').count()).toBe(1);
    await page.selectOption('[data-testid="compliance-filter"]', "OK");
    await expect.poll(() => page.locator('[data-testid="plans-table"] tbody tr[data-compliance="REJECTED"]').count()).toBe(0);
    expect(await page.locator('[data-testid="plans-table"] tbody tr').count()).toBeGreaterThan(0);
    customerId = (await page.locator('[data-testid="plans-table"] tbody tr a').first().innerText()).trim();
  });

  it("keeps the plans page on the real batch after one plan is regenerated", async () => {
    await page.goto("/plans");
    await ready();
    const batch = await page.locator('[data-testid="batch-select"]').inputValue();
    await page.goto(`/customers/${encodeURIComponent(customerId)}`);
    await ready();
    expect(await page.title()).toContain(customerId);
    await page.locator('[data-testid="plan-panel"] [data-testid="plan-view"]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid="regenerate-plan"]');
    await expect.poll(() => page.locator('[data-testid="plan-panel"] [data-testid="plan-view"]').getAttribute("data-status"), { timeout: 60_000 }).toBe("DONE");
    await page.goto("/plans");
    await ready();
    await expect.poll(() => page.locator('[data-testid="batch-select"] option').count(), { timeout: 30_000 }).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="batch-select"]').inputValue()).toBe(batch);
  });

  it("customer page: what-if in percent with percentage points, distinct legend colours, English data words, Plotly in Chinese with named exports", async () => {
    await page.goto(`/customers/${encodeURIComponent(customerId)}`);
    await ready();
    await plotReady("behaviour-charts");
    const colours = await page.locator('[data-testid="behaviour-charts"]').evaluate((el) => {
      const gd = el.querySelector(".js-plotly-plot") as HTMLElement & { data: { marker?: { color?: unknown }; line?: { color?: unknown } }[] };
      return gd.data.map((d) => {
        const c = d.marker?.color ?? d.line?.color;
        return Array.isArray(c) ? String(c[0]) : String(c);
      });
    });
    expect(new Set(colours).size).toBe(colours.length);

    // Plotly speaks Chinese and names exported files after the chart.
    const plot = await page.locator('[data-testid="behaviour-charts"]').evaluate((el) => {
      const gd = el.querySelector(".js-plotly-plot") as HTMLElement & { _context: { locale: string; toImageButtonOptions: { filename: string } } };
      const titles = [...el.querySelectorAll(".modebar-btn")].map((b) => b.getAttribute("data-title") ?? "");
      return { locale: gd._context.locale, filename: gd._context.toImageButtonOptions.filename, titles };
    });
    expect(plot.locale).toBe("zh-CN");
    expect(plot.filename).toMatch(/^behaviour-charts-\d{4}-\d{2}-\d{2}$/);
    expect(plot.titles.join(" ")).toContain("下载图片");

    // What-if: a fraction shown as a percentage is edited in percent; the change is in percentage points.
    await page.locator('[data-testid="what-if"] select').last().selectOption({ label: "最大回撤" }).catch(() => undefined);
    const row = page.locator('[data-testid="what-if"] .whatif-row', { has: page.locator('input[data-percent="true"]') }).first();
    const percentInput = row.locator('input[data-percent="true"]');
    await percentInput.waitFor();
    const display = await row.locator(".muted").innerText();
    const shownPct = Number(/(-?[\d.]+)%/.exec(display.replace("−", "-"))?.[1]);
    const edited = Number(await percentInput.inputValue());
    expect(Math.abs(edited - shownPct)).toBeLessThan(0.06);
    await percentInput.fill(String(edited + 30));
    await page.click('[data-testid="what-if-submit"]');
    await page.locator('[data-testid="what-if-delta"]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-testid="what-if-delta"]').innerText()).toMatch(/个百分点$/);
    await shot("customer");

    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 10_000 }).toBe("en");
    const profile = await page.locator('[data-testid="profile"]').innerText();
    const typeLine = profile.split("\n").find((l, i, all) => all[i - 1]?.trim() === "Customer type") ?? profile;
    expect(typeLine).not.toMatch(/[\u4e00-\u9fff]/);
    expect(profile).not.toMatch(/\d+\s*岁/);
    await plotReady("behaviour-charts");
    await shot("customer-en");
    await page.click('[data-testid="lang-switch"]');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
  });

  it("shows roles and audit actions as words", async () => {
    await page.goto("/account");
    await ready();
    expect(await page.locator('[data-testid="account-role"]').innerText()).not.toMatch(/^[A-Z]+$/);
    await page.goto("/admin");
    await ready();
    const actions = await page.locator('[data-testid="audit-action"]').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).not.toMatch(/^[a-z_]+$/);
  });

  it("compresses GraphQL responses (br)", async () => {
    const r = await graphql("query { shapSummary { modelRunId baseValue importance { key labelZh labelEn meanAbsShap } } }");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-encoding")).toBe("br");
    expect((await r.json()) as unknown).toHaveProperty("data");
  });

  it("has no serious accessibility violations and white header buttons on every page, at 1440 and 390 px", async () => {
    const problems: string[] = [];
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const route of [...PAGES, `/customers/${encodeURIComponent(customerId)}`, "/login"]) {
        await page.goto(route);
        await ready();
        await page.waitForTimeout(300);
        if (route !== "/login") {
          const colour = await page.locator('[data-testid="lang-switch"]').evaluate((el) => getComputedStyle(el).color);
          expect(colour, route).toBe("rgb(255, 255, 255)");
        }
        for (const v of await axeViolations(page)) problems.push(`${width} ${route}: ${v}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (width === 390) expect(overflow, `${route} scrolls sideways at 390 px`).toBeLessThanOrEqual(1);
        const name = route === "/" ? "overview" : route.slice(1).replace(/\//g, "-").replace(/[^\w-]/g, "_");
        await shot(`${name}-${width}`);
      }
    }
    // Every page's own check is tests/e2e/accessibility.test.ts; here, the pages this walk reaches.
    expect(problems).toEqual([]);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("on a phone: customers are cards with probability visible, plans 查看 scrolls to the detail", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/customers");
    await ready();
    const firstProb = page.locator('[data-testid="customers-table"] tbody tr').first().locator('td[data-label="流失概率"], td.num').first();
    const box = await firstProb.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.goto("/plans");
    await ready();
    const view = page.locator('[data-testid="plans-table"] tbody tr').last().getByRole("button");
    await view.scrollIntoViewIfNeeded();
    const vb = await view.boundingBox();
    expect(vb!.x + vb!.width).toBeLessThanOrEqual(390);
    await view.click();
    await expect
      .poll(() => page.locator('[data-testid="plan-detail"]').evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 5_000 })
      .toBeLessThan(844);
    await shot("plans-phone-detail");
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it("a viewer sees the controls they cannot use disabled with the reason, and no Excel link", async () => {
    const created = await graphql("mutation($input: CreateUserInput!) { createUser(input: $input) { email role } }", { input: { ...VIEWER, role: "VIEWER" } });
    expect(((await created.json()) as { data?: { createUser?: { role: string } } }).data?.createUser?.role).toBe("VIEWER");
    viewerBrowser = await launchBrowser(server.url);
    const v = viewerBrowser.page;
    await v.goto("/login?next=/");
    await Promise.all([v.waitForURL((u) => u.pathname === "/"), signIn(v, VIEWER.email, VIEWER.password)]);
    await v.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await v.locator('[data-testid="role-note"]').first().waitFor();
    for (const id of ["generate-button", "train-button", "predict-button"]) {
      expect(await v.locator(`[data-testid="${id}"]`).isDisabled(), id).toBe(true);
    }
    expect(await v.locator('[data-testid="role-note"]').first().innerText()).toContain("管理员");
    await v.goto("/plans");
    await ready(v);
    await v.locator('[data-testid="role-note"]').first().waitFor();
    expect(await v.locator('[data-testid="excel-download"]').count()).toBe(0);
    expect(await v.locator('[data-testid="report-button"]').isDisabled()).toBe(true);
    await v.goto(`/customers/${encodeURIComponent(customerId)}`);
    await ready(v);
    await v.locator('[data-testid="plan-panel"] [data-testid="role-note"]').waitFor();
    expect(await v.locator('[data-testid="regenerate-plan"]').isDisabled()).toBe(true);
    await shot("viewer-customer", v);
    expect(viewerBrowser.problems).toEqual([]);
  });

  it("the live badge turns to 'reconnecting' within seconds when the server stops answering, and back", async () => {
    // A long batch keeps the plans page subscribed.
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.fill('input[name="selector"]', "60");
    await Promise.all([page.waitForURL(/\/plans\?batch=\d+/, { timeout: 120_000 }), page.click('[data-testid="predict-button"]')]);
    const badge = page.locator(".live-badge");
    await expect.poll(() => badge.innerText().catch(() => ""), { timeout: 60_000 }).toBe("实时");
    // Frozen, not killed: the socket stays open and only the unanswered ping can tell.
    process.kill(server.process.pid!, "SIGSTOP");
    try {
      await expect.poll(() => badge.innerText().catch(() => ""), { timeout: 10_000, interval: 250 }).toContain("中断");
      await shot("plans-live-lost");
    } finally {
      process.kill(server.process.pid!, "SIGCONT");
    }
    await expect.poll(() => badge.innerText().catch(() => ""), { timeout: 60_000 }).toBe("实时");
  });

  it("saw no CSP violation, hydration error or page error", () => {
    expect(browser.problems).toEqual([]);
  });
});
