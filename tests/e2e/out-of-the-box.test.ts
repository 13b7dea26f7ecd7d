import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The README's first command on a fresh machine: no ADMIN_EMAIL/ADMIN_PASSWORD, no LLM key,
 * embedded PGlite. The admin signs in with the one-time password the console printed and is
 * asked to set their own before anything else; every plan is written by the template planner —
 * visible as such in the dashboard.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "out-of-the-box");

describe("first start on the embedded defaults (no LLM key, no preset admin)", () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startTestServer({ presetAdmin: false });
    browser = await launchBrowser(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
  });

  it("prints a one-time admin password that signs in and must be replaced first", async () => {
    const out = server.output();
    const email = /管理员账号 admin: (\S+)/.exec(out)?.[1];
    const password = /一次性密码 one-time password: (\S+)/.exec(out)?.[1];
    expect(email).toBeTruthy();
    expect(password?.length).toBeGreaterThanOrEqual(12);
    const { page } = browser;
    await page.goto("/login?next=/");
    await page.fill('input[name="email"]', email!);
    await page.fill('input[name="password"]', `${password!}x`);
    await page.click('[data-testid="login-form"] button[type="submit"]');
    await page.locator('.error-box[role="alert"]').waitFor();
    await page.fill('input[name="password"]', password!);
    // The one-time password went through the console: the dashboard asks for a real one first.
    await Promise.all([page.waitForURL((u) => u.pathname === "/account"), page.click('[data-testid="login-form"] button[type="submit"]')]);
    await page.locator('[data-testid="must-change-password"]').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, "account-must-change.png"), fullPage: true });
    await page.goto("/customers");
    await expect.poll(() => new URL(page.url()).pathname, { timeout: 30_000 }).toBe("/account");
    const form = page.locator('[data-testid="change-password-form"]');
    await form.locator('input[name="currentPassword"]').fill(password!);
    await form.locator('input[name="newPassword"]').fill("my-own-password-2026");
    await form.locator('input[name="confirmPassword"]').fill("my-own-password-2026x");
    await form.locator('button[type="submit"]').click();
    expect(await page.locator('.error-box[role="alert"]').innerText()).toContain("不一致");
    await form.locator('input[name="confirmPassword"]').fill("my-own-password-2026");
    await Promise.all([page.waitForURL((u) => u.pathname === "/customers"), form.locator('button[type="submit"]').click()]);
    await page.goto("/");
    await page.locator('[data-testid="overview"][data-ready="true"]').waitFor();
  });

  it("generates, trains and predicts; the template planner writes every plan", async () => {
    const { page } = browser;
    await page.fill('input[name="nCustomers"]', "600");
    await page.click('[data-testid="generate-button"]');
    await page.locator('[data-testid="dataset-metrics"]').waitFor({ timeout: 120_000 });
    await page.fill('input[name="rounds"]', "60");
    await page.click('[data-testid="train-button"]');
    await expect
      .poll(() => page.locator('[data-testid="training-progress"]').getAttribute("data-status"), { timeout: 300_000, interval: 200 })
      .toBe("SUCCEEDED");
    await page.locator('[data-testid="risk-counts"]').waitFor({ timeout: 60_000 });

    await page.fill('input[name="selector"]', "6");
    await Promise.all([page.waitForURL(/\/plans\?batch=\d+/, { timeout: 120_000 }), page.click('[data-testid="predict-button"]')]);
    const progress = page.locator('[data-testid="batch-progress"]');
    await expect.poll(() => progress.getAttribute("data-status"), { timeout: 300_000, interval: 200 }).toBe("DONE");
    expect(await progress.getAttribute("data-done")).toBe("6");
    expect(await progress.innerText()).toContain("模板（未配置大模型）");

    const rows = page.locator('[data-testid="plans-table"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(6);
    await rows.first().getByRole("button").click();
    const view = page.locator('[data-testid="plan-view"]').first();
    await view.waitFor();
    const text = await view.innerText();
    expect(text).toContain("来源: 模板");
    // A personal plan, not a placeholder: it names concrete actions and this customer's drivers.
    expect(text.length).toBeGreaterThan(150);
    await page.screenshot({ path: path.join(ARTIFACTS, "plans-template.png"), fullPage: true });
    expect(browser.problems).toEqual([]);
  });
});
