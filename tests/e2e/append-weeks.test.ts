import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The append control on /import (#13) in Debian's Chromium against the real server: an admin
 * imports four customers with three weeks of activity (through the REST import, as setup), then
 * appends the next week from the page: the page reports one week added and the dataset's data
 * date (GraphQL asOfDate) moves a week. A file overlapping a stored week is refused on the page
 * naming the column and the rule, and the dataset is unchanged.
 */

const IDS = ["K001", "K002", "K003", "K004"];
const CUSTOMERS = [
  "客户号,姓名,开户日期,年龄,风险等级,客户类型,佣金",
  "K001,张三,2024/3/15,45,稳健型,个人,万3",
  "K002,李四,2025-06-10,38,保守型,个人,万2.5",
  "K003,王五,2025-01-20,41,C4,高净值,万3",
  "K004,赵六,2024-11-02,29,C2,个人,0.3‰",
].join("\r\n");
const ACTIVITY_HEADER = "客户号,交易日期,登录次数,交易笔数,交易金额,总资产(万元)";

/** Daily activity rows of every customer on these days. */
function activityCsv(days: string[]): string {
  const lines = [ACTIVITY_HEADER];
  for (const id of IDS) days.forEach((d, i) => lines.push(`${id},${d},${(i % 3) + 1},${i % 2},${1000 * (i + 1)},${50 + i}`));
  return lines.join("\r\n");
}

/** Three Monday–Sunday weeks, 2026-01-05 … 2026-01-25: the data date is Monday 2026-01-26. */
const FIRST_WEEKS = ["2026-01-05", "2026-01-07", "2026-01-12", "2026-01-14", "2026-01-19", "2026-01-25"];
/** The week after the data date. */
const NEXT_WEEK = ["2026-01-26", "2026-01-28", "2026-02-01"];
/** A stored week again (2026-01-19 … 25) plus the next one. */
const OVERLAPPING = ["2026-01-20", "2026-01-27"];

interface DatasetView {
  id: number;
  asOfDate: string | null;
  historyWeeks: number;
  customerCount: number;
}

describeEachDb("append weeks on the import page (%s)", (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let database: TestDb | undefined;
  let dir = "";
  let before: DatasetView;

  const activeDataset = () =>
    page.evaluate(async () => {
      const r = await fetch("/api/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ dataset { id asOfDate historyWeeks customerCount } }" }) });
      return ((await r.json()) as { data: { dataset: DatasetView } }).data.dataset;
    });

  async function append(name: string, csv: string): Promise<void> {
    // A new directory each time: Chromium cannot read a chosen file that changed on disk since.
    const file = path.join(mkdtempSync(path.join(dir, "v")), name);
    writeFileSync(file, csv);
    await page.fill('[data-testid="append-dataset-id"]', String(before.id));
    await page.setInputFiles('[data-testid="append-activity"]', file);
    await page.click('[data-testid="append-submit"]');
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "append-e2e-"));
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    browser = await launchBrowser(server.url);
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("setup: the admin signs in and imports three weeks through the REST import", async () => {
    await page.goto("/login?next=/import");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/import"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    const status = await page.evaluate(
      async ({ customers, activity }) => {
        const form = new FormData();
        form.set("customers", new File([customers], "客户主表.csv", { type: "text/csv" }));
        form.set("activity", new File([activity], "活动.csv", { type: "text/csv" }));
        form.set("name", "追加端到端 E2E");
        const r = await fetch("/api/datasets/import", { method: "POST", body: form, credentials: "same-origin" });
        return { status: r.status, body: await r.text() };
      },
      { customers: CUSTOMERS, activity: activityCsv(FIRST_WEEKS) },
    );
    expect(status.status, status.body).toBe(200);
    before = await activeDataset();
    expect(before).toMatchObject({ asOfDate: "2026-01-26", historyWeeks: 3, customerCount: 4 });
  }, 180_000);

  it("a file of the next week: the page reports the week added and the data date moves a week", async () => {
    await page.reload();
    await page.locator('[data-testid="append-weeks"]').waitFor({ timeout: 60_000 });
    await append("新周活动.csv", activityCsv(NEXT_WEEK));
    const result = page.locator('[data-testid="append-result"]');
    await page.locator('[data-testid="append-result"], [data-testid="append-rejected"], .error-box').first().waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="append-rejected"], .error-box').allInnerTexts()).toEqual([]);
    expect(await result.innerText()).toContain(`已追加 1 周：数据集 #${before.id} 现有 4 周、4 位客户`);
    const after = await activeDataset();
    expect(after).toEqual({ id: before.id, asOfDate: "2026-02-02", historyWeeks: 4, customerCount: 4 });
    before = after;
  }, 180_000);

  it("a file overlapping a stored week is refused naming the column and the rule; nothing changes", async () => {
    await append("重叠活动.csv", activityCsv(OVERLAPPING));
    const refusal = page.locator('[data-testid="append-rejected"]');
    await page.locator('[data-testid="append-rejected"], .error-box').first().waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="append-result"]').count()).toBe(0);
    const text = await refusal.innerText();
    expect(text).toContain("未写入任何数据");
    expect(text).toContain("交易日期");
    // The rule (append_overlap) in the words the page shows, with the data date it enforces.
    expect(text).toContain("与数据集已有的周重叠");
    expect(text).toContain(`数据日期 ${before.asOfDate}`);
    expect(await activeDataset()).toEqual(before);
    expect(browser.problems).toEqual([]);
  }, 180_000);
});
