import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bestCut } from "../../lib/ml/cost-threshold";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, loginCookie, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * Model page analysis (#16) in Chromium against the real server: pick two runs from the runs table
 * → both runs' ROC/PR/calibration curves drawn and the metric differences shown, the view kept in
 * the URL (?run=&compare=) across a reload; the threshold chosen by cost moves as
 * lib/ml/cost-threshold.ts says when the cost of a contact changes; no sideways scroll at 390 px.
 * Screenshots to test-artifacts/e2e/model-analysis.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "model-analysis");

let server: RunningServer;
let browser: Browser;
let page: Page;
let database: TestDb | undefined;
let cookie = "";
let artifacts = ARTIFACTS;
let strongId = 0;
let weakId = 0;

interface Evaluation {
  rows: number;
  positives: number;
  auc: number;
  gain: { threshold: number; flagged: number; truePositives: number }[];
  defaultContactCost: number;
  defaultRetainedValue: number;
  defaultSuccessRate: number;
}

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${server.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", cookie }, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function train(input: Record<string, unknown>): Promise<number> {
  const { trainModel } = await graphql<{ trainModel: { id: number } }>("mutation ($input: TrainModelInput) { trainModel(input: $input) { id } }", { input });
  // expect.poll only works inside a test: wait for the training run by hand.
  for (let status = ""; status !== "SUCCEEDED"; ) {
    status = (await graphql<{ modelRun: { status: string } }>("query ($id: Int!) { modelRun(id: $id) { status } }", { id: trainModel.id })).modelRun.status;
    if (status === "FAILED" || status === "CANCELLED") throw new Error(`training ${status}`);
    if (status !== "SUCCEEDED") await new Promise((r) => setTimeout(r, 1000));
  }
  return trainModel.id;
}

async function plotReady(testId: string): Promise<void> {
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute("data-plot-state") === "ready", testId, { timeout: 60_000 });
}

/** Names of the traces a chart drew, and how many points each has. */
function traces(testId: string): Promise<{ name: string; points: number }[]> {
  return page.locator(`[data-testid="${testId}"]`).evaluate((el) => {
    const gd = el.querySelector(".js-plotly-plot") as HTMLElement & { data: { name: string; x: unknown[] }[] };
    return gd.data.map((d) => ({ name: d.name, points: d.x.length }));
  });
}

async function comparisonShown(): Promise<void> {
  await page.locator('[data-testid="run-comparison"][data-ready="true"]').waitFor({ timeout: 120_000 });
  for (const id of ["compare-roc", "compare-pr", "compare-calibration"]) await plotReady(id);
}

async function chosen(): Promise<{ threshold: number | null; flagged: number }> {
  const el = page.locator('[data-testid="cost-best"]');
  const threshold = await el.getAttribute("data-threshold");
  return { threshold: threshold ? Number(threshold) : null, flagged: Number(await el.getAttribute("data-flagged")) };
}

describeEachDb("model page: run comparison and threshold by cost (%s)", (kind) => {
  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    cookie = await loginCookie(server.url);
    await graphql("mutation { generateDataset(input: { nCustomers: 600, historyWeeks: 40, seed: 3 }) { id } }");
    strongId = await train({ rounds: 80 });
    // Two depth-1 rounds: a clearly weaker run to compare with.
    weakId = await train({ rounds: 2, maxDepth: 1, earlyStoppingRounds: 0 });
    browser = await launchBrowser(server.url);
    ({ page } = browser);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/login?next=${encodeURIComponent("/model")}`);
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/model", { timeout: 60_000 }), page.click('[data-testid="login-form"] button[type="submit"]')]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("picks two runs from the runs table: both curves drawn, the metric differences shown, and a reload keeps the view from the URL", async () => {
    await page.goto(`/model?run=${strongId}`);
    await page.locator(`[data-testid="runs-table"] tr[data-run-id="${strongId}"].selected`).waitFor({ timeout: 60_000 });
    await page.click(`[data-testid="compare-run-${weakId}"]`);
    await page.waitForURL((u) => u.searchParams.get("compare") === String(weakId) && u.searchParams.get("run") === String(strongId), { timeout: 30_000 });
    await comparisonShown();

    for (const id of ["compare-roc", "compare-pr", "compare-calibration"]) {
      const drawn = await traces(id);
      const runs = drawn.filter((t) => t.name === `#${strongId}` || t.name === `#${weakId}`);
      expect(runs.map((t) => t.name).sort(), id).toEqual([`#${strongId}`, `#${weakId}`].sort());
      for (const t of runs) expect(t.points, `${id} ${t.name}`).toBeGreaterThanOrEqual(2);
    }
    const { runComparison: c } = await graphql<{ runComparison: { a: Evaluation; b: Evaluation; aucDiff: number } }>(
      "query ($a: Int!, $b: Int!) { runComparison(runA: $a, runB: $b) { aucDiff a { auc } b { auc } } }",
      { a: strongId, b: weakId },
    );
    const shownDelta = Number(await page.locator('[data-testid="delta-auc"]').getAttribute("data-value"));
    expect(shownDelta).toBeCloseTo(c.b.auc - c.a.auc, 10);
    expect(shownDelta).toBeLessThan(0);
    for (const key of ["average-precision", "precision-at-k", "recall-at-k", "brier", "log-loss"]) {
      expect(await page.locator(`[data-testid="delta-${key}"]`).innerText(), key).toMatch(/^[+−]\d/);
    }
    await page.locator('[data-testid="comparison"], #comparison-title').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, "comparison-1440.png"), fullPage: true });

    await page.reload();
    await comparisonShown();
    expect(new URL(page.url()).searchParams.get("compare")).toBe(String(weakId));
    expect(await page.locator(`[data-testid="runs-table"] tr[data-run-id="${strongId}"]`).getAttribute("class")).toContain("selected");
    expect(Number(await page.locator('[data-testid="delta-auc"]').getAttribute("data-value"))).toBeCloseTo(shownDelta, 12);
    expect(browser.problems).toEqual([]);
  });

  it("changing the cost of a contact moves the chosen threshold as the expected-value maths says", async () => {
    await page.goto(`/model?run=${strongId}`);
    await page.locator('[data-testid="cost-threshold"][data-ready="true"]').waitFor({ timeout: 120_000 });
    for (const id of ["ev-chart", "gain-chart", "lift-chart"]) await plotReady(id);
    const { runEvaluation: e } = await graphql<{ runEvaluation: Evaluation }>(
      "query ($id: Int!) { runEvaluation(runId: $id, bins: 200) { rows positives auc gain { threshold flagged truePositives } defaultContactCost defaultRetainedValue defaultSuccessRate } }",
      { id: strongId },
    );
    const table = { total: e.rows, positives: e.positives, cuts: e.gain };
    const costs = (contactCost: number) => ({ contactCost, retainedValue: e.defaultRetainedValue, successRate: e.defaultSuccessRate });

    const atDefault = bestCut(table, costs(e.defaultContactCost));
    expect(await chosen()).toEqual({ threshold: atDefault.threshold, flagged: atDefault.flagged });

    // A dearer contact: the maths picks a higher threshold and fewer customers, and so does the page.
    const dearCost = Math.round(e.defaultRetainedValue * e.defaultSuccessRate * 0.6);
    const dear = bestCut(table, costs(dearCost));
    expect(dear.flagged).toBeLessThan(atDefault.flagged);
    await page.fill('[data-testid="cost-contact"]', String(dearCost));
    await page.waitForFunction((n) => document.querySelector('[data-testid="cost-best"]')?.getAttribute("data-flagged") === String(n), dear.flagged, { timeout: 10_000 });
    expect(await chosen()).toEqual({ threshold: dear.threshold, flagged: dear.flagged });
    expect(dear.threshold!).toBeGreaterThan(atDefault.threshold ?? 0);
    await page.locator("#cost-threshold-title").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, "cost-threshold-1440.png"), fullPage: true });

    // A contact dearer than any churner is worth: contact nobody.
    await page.fill('[data-testid="cost-contact"]', String(Math.ceil(e.defaultRetainedValue * e.defaultSuccessRate) + 1));
    await page.waitForFunction(() => document.querySelector('[data-testid="cost-best"]')?.getAttribute("data-flagged") === "0", undefined, { timeout: 10_000 });
    expect(await chosen()).toEqual({ threshold: null, flagged: 0 });

    // A bad input is refused with the field named; the reset restores the default choice.
    await page.fill('[data-testid="cost-success"]', "150");
    await expect.poll(() => page.locator('[data-testid="cost-threshold"] .error-box').innerText()).toMatch(/成功率|successRate/);
    await page.click('[data-testid="cost-reset"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="cost-best"]')?.getAttribute("data-flagged") === String(n), atDefault.flagged, { timeout: 10_000 });
    expect(browser.problems).toEqual([]);
  });

  it("no sideways scroll at 390 px with the comparison and the cost charts open", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/model?run=${strongId}&compare=${weakId}`);
    await comparisonShown();
    await page.locator('[data-testid="cost-threshold"][data-ready="true"]').waitFor({ timeout: 120_000 });
    for (const id of ["ev-chart", "gain-chart", "lift-chart"]) await plotReady(id);
    const sideways = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    expect(sideways.scroll, `scrollWidth ${sideways.scroll}`).toBeLessThanOrEqual(sideways.inner);
    await page.screenshot({ path: path.join(artifacts, "model-390.png"), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
