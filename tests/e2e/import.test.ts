import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { gbk } from "../fixtures/broker/broker-files";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The import page end to end, in Debian's Chromium against the real server: an admin follows the
 * nav link, uploads a GBK customer file and an activity file with Chinese headers, one bad cell
 * (an age of “四十”) is listed with its file, line and column and the errors CSV downloads; the
 * fixed file passes, the import runs with live progress and the new dataset is the active one.
 * Screenshots go to test-artifacts/e2e/import/.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "import");
const NAME = "端到端导入 E2E";

/** Four customers; `age` of K003 is the cell under test. */
function customersCsv(k003Age: string): string {
  return [
    "客户号,姓名,开户日期,年龄,风险等级,客户类型,佣金",
    "K001,张三,2024/3/15,45,稳健型,个人,万3",
    "K002,李四,2025-06-10,38,保守型,个人,万2.5",
    `K003,王五,2025-01-20,${k003Age},C4,高净值,万3`,
    "K004,赵六,2024-11-02,29,C2,个人,0.3‰",
  ].join("\r\n");
}

/** Three Monday–Sunday weeks of daily rows per customer (2026-01-05 … 2026-01-25). */
function activityCsv(): string {
  const lines = ["客户号,交易日期,登录次数,交易笔数,交易金额,总资产(万元)"];
  const days = ["2026-01-05", "2026-01-07", "2026-01-12", "2026-01-14", "2026-01-19", "2026-01-25"];
  for (const id of ["K001", "K002", "K003", "K004"]) days.forEach((d, i) => lines.push(`${id},${d},${i % 3},${i % 2},${1000 * (i + 1)},${50 + i}`));
  return lines.join("\r\n");
}

describeEachDb("import page (%s)", (kind) => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let database: TestDb | undefined;
  let artifacts = ARTIFACTS;
  let dir = "";

  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  async function uploadPair(customers: string): Promise<void> {
    // A new file each time (the same name): Chromium cannot read a chosen file that changed on disk since.
    const sub = mkdtempSync(path.join(dir, "v"));
    const c = path.join(sub, "客户主表.csv");
    writeFileSync(c, gbk(customers));
    await page.setInputFiles('[data-testid="import-file-customers"]', c);
    await page.click('[data-testid="import-upload"]');
  }

  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), "import-e2e-"));
    writeFileSync(path.join(dir, "活动.csv"), gbk(activityCsv()));
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

  it("the admin reaches the import page from the nav", async () => {
    await page.goto("/login?next=/");
    await page.fill('input[name="email"]', ADMIN.email);
    await page.fill('input[name="password"]', ADMIN.password);
    await Promise.all([page.waitForURL((u) => u.pathname === "/"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    const link = page.locator('nav a[href="/import"]');
    await link.waitFor({ timeout: 60_000 });
    expect(await link.innerText()).toBe("导入数据");
    await Promise.all([page.waitForURL((u) => u.pathname === "/import"), link.click()]);
    await page.locator('[data-testid="import-file-customers"]').waitFor({ timeout: 60_000 });
    expect(await page.locator("h1").innerText()).toBe("导入自有数据");
  });

  it("a bad cell is listed with file, line and column, counted by rule, and the errors CSV downloads", async () => {
    await page.setInputFiles('[data-testid="import-file-activity"]', path.join(dir, "活动.csv"));
    await uploadPair(customersCsv("四十"));
    await page.locator('[data-testid="import-report"][data-ok="false"]').waitFor({ timeout: 120_000 });
    // The bad row's six activity rows name a customer whose row is invalid: counted too.
    expect(await page.locator('[data-testid="import-bad"]').innerText()).toContain("7 处错误");
    // The suggested mapping read the Chinese headers of the GBK file.
    const ageSelect = page.locator('[data-testid="import-columns-customers"] select[aria-label^="年龄"]');
    expect(await ageSelect.inputValue()).toBe("age");
    const rows = page.locator('[data-testid="import-error-row"]');
    expect(await rows.count()).toBe(7);
    const cells = await rows.first().locator("td").allInnerTexts();
    expect(cells.slice(0, 5)).toEqual(["客户主表.csv", "4", "年龄", "四十", "number"]);
    const counts = await page.locator('[data-testid="import-rule-counts"]').innerText();
    expect(counts).toMatch(/\(number\)\s+1/);
    expect(counts).toMatch(/\(unknown_customer\)\s+6/);
    const link = page.locator('[data-testid="import-errors-csv"]');
    await link.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.replace(/^\uFEFF/, "").split("\n")[0]).toBe("文件,行,列,值,规则,说明");
    expect(csv).toContain("客户主表.csv,4,年龄,四十,number,");
    expect(csv.trim().split("\n")).toHaveLength(8);
    await shot("errors");
  });

  it("the fixed file passes; the import runs with progress and the new dataset is the active one", async () => {
    await page.fill('[data-testid="import-name"]', NAME);
    await uploadPair(customersCsv("41"));
    await page.locator('[data-testid="import-report"][data-ok="true"], .error-box').first().waitFor({ timeout: 120_000 });
    await shot("fixed");
    expect(await page.locator(".error-box").allInnerTexts()).toEqual([]);
    await page.locator('[data-testid="import-report"][data-ok="true"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="import-errors"]').count()).toBe(0);
    expect(await page.locator('[data-testid="import-summary"]').innerText()).toContain("4 位客户");
    await page.click('[data-testid="import-run"]');
    await page.locator('[data-testid="import-done"]').waitFor({ timeout: 180_000 });
    const progress = page.locator('[data-testid="import-progress"]');
    await progress.waitFor({ timeout: 30_000 });
    expect(await progress.innerText()).toMatch(/写入数据库 [\d,]+ \/ [\d,]+/);
    expect(await page.locator('[data-testid="import-done"]').innerText()).toContain(NAME);
    await shot("imported");
    const active = await page.evaluate(async () => {
      const r = await fetch("/api/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ dataset { name customerCount source } }" }) });
      return ((await r.json()) as { data: { dataset: { name: string; customerCount: number; source: string } } }).data.dataset;
    });
    expect(active).toEqual({ name: NAME, customerCount: 4, source: "import" });
    expect(browser.problems).toEqual([]);
  });
});
