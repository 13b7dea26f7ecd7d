import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * Customers list and segment view (issue 16), in Chromium against the real server: page size,
 * search by id fragment, branch and status filters, all kept in the URL; the segments page's
 * click-through lands on the customers list filtered to the segment with the same count; no
 * sideways scroll at 390 px. Screenshots go to test-artifacts/e2e/customers-segments. Needs `.next`.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "customers-segments");

let server: RunningServer;
let browser: Browser;
let page: Page;
let database: TestDb | undefined;
let artifacts = ARTIFACTS;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function totalCount(): Promise<number> {
  return Number(await page.locator('[data-testid="total-count"]').getAttribute("data-count"));
}

const rowCount = () => page.locator('[data-testid="customers-table"] tbody tr').count();

/** Waits until the rows on screen answer the query of the current URL (not the previous one's). */
async function settled(): Promise<void> {
  const search = new URL(page.url()).search;
  await page.waitForFunction(
    (s) => [...document.querySelectorAll("[data-view]")].some((el) => el.getAttribute("data-view") === s && el.getAttribute("data-current") === "true"),
    search,
    { timeout: 60_000 },
  );
}

async function noSidewaysScroll(): Promise<{ scroll: number; client: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
}

describeEachDb("customers list and segments (%s)", (kind) => {
  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    browser = await launchBrowser(server.url);
    page = browser.page;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/login?next=/");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
    await page.fill('input[name="nCustomers"]', "400");
    await page.fill('input[name="historyWeeks"]', "40");
    await page.click('[data-testid="generate-button"]');
    await page.locator('[data-testid="dataset-metrics"]').waitFor({ timeout: 120_000 });
    await page.fill('input[name="rounds"]', "60");
    await page.click('[data-testid="train-button"]');
    await page.locator('[data-testid="training-progress"][data-status="SUCCEEDED"]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="risk-counts"]').waitFor({ timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("chooses the page size, kept in the URL", async () => {
    await page.goto("/customers");
    await settled();
    const total = await totalCount();
    expect(total).toBeGreaterThan(50);
    expect(await rowCount()).toBe(20);
    await Promise.all([page.waitForURL(/size=50/), page.selectOption('[data-testid="page-size"]', "50")]);
    await settled();
    expect(await rowCount()).toBe(50);
    await page.reload();
    await settled();
    expect(await rowCount()).toBe(50);
    expect(await page.locator('[data-testid="page-size"]').inputValue()).toBe("50");
    await shot("customers-size-50");
  });

  it("searches by an id fragment", async () => {
    await page.goto("/customers?size=100");
    await settled();
    const id = (await page.locator('[data-testid="customers-table"] tbody tr td a').nth(3).innerText()).trim();
    const fragment = id.slice(-3);
    await page.fill('[data-testid="customer-search"]', fragment);
    await Promise.all([page.waitForURL((u) => u.searchParams.get("q") === fragment), page.click('form[role="search"] button[type="submit"]')]);
    await settled();
    const ids = (await page.locator('[data-testid="customers-table"] tbody tr td:first-child a').allInnerTexts()).map((s) => s.trim());
    expect(ids).toContain(id);
    expect(ids.every((x) => x.toLowerCase().includes(fragment.toLowerCase()))).toBe(true);
    expect(new URL(page.url()).searchParams.get("size")).toBe("100");
  });

  it("filters by branch and by status together, both in the URL", async () => {
    await page.goto("/customers");
    await settled();
    const all = await totalCount();
    const options = await page.locator('[data-testid="branch-filter"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
    expect(options.length).toBeGreaterThan(3);
    const branch = options[0]!;
    await page.selectOption('[data-testid="branch-filter"]', branch);
    await Promise.all([page.waitForURL((u) => u.searchParams.get("branch") === branch), page.click('form[role="search"] button[type="submit"]')]);
    await settled();
    const inBranch = await totalCount();
    expect(inBranch).toBeGreaterThan(0);
    expect(inBranch).toBeLessThan(all);
    const branches = await page.locator('[data-testid="row-branch"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-branch")));
    expect(branches.length).toBeGreaterThan(0);
    expect(branches.every((b) => b === branch)).toBe(true);
    await shot("customers-branch");

    await Promise.all([page.waitForURL(/status=churned/), page.click('[data-testid="status-filter"] [data-status="CHURNED"]')]);
    await settled();
    expect(new URL(page.url()).searchParams.get("branch")).toBe(branch);
    const rows = await page.locator('[data-testid="customers-table"] tbody tr').evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((s) => s === "CHURNED")).toBe(true);
    const churnedBranches = await page.locator('[data-testid="row-branch"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-branch")));
    expect(churnedBranches.every((b) => b === branch)).toBe(true);
    await shot("customers-branch-churned");
  });

  it("exports the whole filtered list as CSV (every matching row, in the page's order), not the page on screen", async () => {
    await page.goto("/customers?status=all&channel=1&order=ASSETS_DESC");
    await settled();
    const total = await totalCount();
    // More rows than one page, so a page-sized export would be caught.
    expect(total).toBeGreaterThan(20);
    expect(await rowCount()).toBe(20);
    const firstOnScreen = (await page.locator('[data-testid="customers-table"] tbody tr td:first-child a').first().innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="csv-list"]')]);
    const csv = readFileSync((await download.path())!, "utf8").replace(/^\uFEFF/, "");
    const lines = csv.split("\r\n").filter((l) => l !== "");
    expect(lines[0]).toContain("姓名");
    expect(lines.length - 1).toBe(total);
    const [id, name] = lines[1]!.split(",");
    expect(id).toBe(firstOnScreen);
    // An admin's export carries names (the list's search reads them too).
    expect(name?.length).toBeGreaterThan(0);
  });

  it("segments open the customers list filtered to them, with the same counts", async () => {
    await page.goto("/segments");
    await page.locator('[data-testid="segments"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="segments-table"]').waitFor();
    expect(await page.locator('[data-testid="segments-note"]').innerText()).toContain("活跃客户");
    await shot("segments-branch");
    for (const dim of ["branch", "risk-tolerance", "asset-band"]) {
      await page.goto(`/segments?dim=${dim}`);
      await page.locator('[data-testid="segments-table"]').waitFor({ timeout: 60_000 });
      const row = page.locator('[data-testid="segments-table"] tbody tr').filter({ has: page.locator('[data-testid="segment-link"]') }).first();
      const expected = Number(await row.getAttribute("data-customers"));
      expect(expected).toBeGreaterThan(0);
      await Promise.all([page.waitForURL((u) => u.pathname === "/customers", { timeout: 30_000 }), row.locator('[data-testid="segment-link"]').click()]);
      await settled();
      expect({ dim, n: await totalCount() }).toEqual({ dim, n: expected });
      if (dim === "asset-band") await shot("customers-from-asset-band");
    }
  });

  it("has no sideways scroll at 390 px on the segments page and the filtered list", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/segments?dim=branch");
    await page.locator('[data-testid="segments-table"]').waitFor({ timeout: 60_000 });
    const seg = await noSidewaysScroll();
    expect(seg.scroll).toBeLessThanOrEqual(seg.client);
    await shot("segments-390");
    await page.goto("/customers?channel=1&size=50");
    await settled();
    const list = await noSidewaysScroll();
    expect(list.scroll).toBeLessThanOrEqual(list.client);
    await shot("customers-390");
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
