import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, ROOT, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * The admin page end to end, in Debian's Chromium against the real server: an admin creates an
 * analyst, disables it (the analyst cannot sign in, in a browser of their own), re-enables it and
 * resets its password (the analyst must change it at sign-in, then meets the API's FORBIDDEN on
 * /admin), creates an API token whose secret is shown once and works as a bearer token until it
 * is revoked, reads the audit log, and is refused by the API when disabling or demoting the last
 * admin. Then a 390 px phone. Screenshots go to test-artifacts/e2e/admin/.
 */

const ARTIFACTS = path.join(ROOT, "test-artifacts", "e2e", "admin");
const ANALYST = { email: "analyst@test.local", password: "analyst-initial-pw" };
const TEMP_PASSWORD = "temporary-pw-2026";
const OWN_PASSWORD = "analyst-own-pw-2026";
const TOKEN_NAME = "crm-sync-e2e";

describeEachDb("admin page (%s)", (kind) => {
  let server: RunningServer;
  let admin: Browser;
  let user: Browser;
  let page: Page;
  let database: TestDb | undefined;
  let artifacts = ARTIFACTS;
  let secret = "";

  const shot = (name: string, p: Page = page) => p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
  const userRow = (email: string, p: Page = page): Locator => p.locator(`[data-testid="user-row"][data-email="${email}"]`);
  const tokenRow = (name: string): Locator => page.locator(`[data-testid="token-row"][data-name="${name}"]`);
  const ready = (p: Page = page) => p.locator('[data-testid="admin"][data-ready="true"]').waitFor({ timeout: 60_000 });

  /**
   * `{ viewer { role } }` with the token as a bearer, the way an integration would call. `viewer`
   * alone answers null (no error) to an unknown token, so a field that needs a signed-in caller
   * rides along to make the API say UNAUTHENTICATED.
   */
  async function viewerWithToken(token: string): Promise<{ role?: string; code?: string }> {
    const r = await fetch(`${server.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ viewer { role } dataset { id } }" }),
    });
    const body = (await r.json()) as { data?: { viewer: { role: string } | null } | null; errors?: { extensions?: { code?: string } }[] };
    return { role: body.data?.viewer?.role, code: body.errors?.[0]?.extensions?.code };
  }

  async function signIn(p: Page, email: string, password: string): Promise<void> {
    await p.goto("/login?next=/admin");
    await p.fill('input[name="email"]', email);
    await p.fill('input[name="password"]', password);
    await p.click('[data-testid="login-form"] button[type="submit"]');
  }

  beforeAll(async () => {
    artifacts = kind === "pglite" ? ARTIFACTS : path.join(ARTIFACTS, kind);
    mkdirSync(artifacts, { recursive: true });
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    admin = await launchBrowser(server.url);
    user = await launchBrowser(server.url);
    page = admin.page;
  });

  afterAll(async () => {
    await user?.close();
    await admin?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("signs the admin in to /admin, linked from the nav", async () => {
    await Promise.all([page.waitForURL((u) => u.pathname === "/admin"), signIn(page, ADMIN.email, ADMIN.password)]);
    await ready();
    expect(await page.locator("h1").innerText()).toBe("管理");
    const link = page.locator('nav a[href="/admin"]');
    await link.waitFor();
    expect(await link.innerText()).toBe("管理");
    expect(await link.getAttribute("aria-current")).toBe("page");
    const me = userRow(ADMIN.email);
    expect(await me.innerText()).toContain("本人");
    expect(await me.locator('[data-testid="user-role"]').inputValue()).toBe("ADMIN");
    expect(await page.locator('[data-testid="audit-row"]').count()).toBeGreaterThan(0);
    await shot("admin");
  });

  it("creates an analyst account; a second one with the same email is refused next to the email field", async () => {
    const form = page.locator('[data-testid="create-user-form"]');
    await form.locator('input[name="email"]').fill(ANALYST.email);
    await form.locator('input[name="password"]').fill(ANALYST.password);
    await form.locator('select[name="role"]').selectOption("ANALYST");
    await form.locator('button[type="submit"]').click();
    expect(await page.locator('[data-testid="user-created"]').innerText()).toContain(ANALYST.email);
    const row = userRow(ANALYST.email);
    await row.waitFor();
    expect(await row.locator('[data-testid="user-role"]').inputValue()).toBe("ANALYST");
    expect(await row.locator('[data-testid="user-status"]').innerText()).toBe("启用");
    expect(await row.locator('[data-testid="user-must-change"]').count()).toBe(0);

    await form.locator('input[name="email"]').fill(ANALYST.email);
    await form.locator('input[name="password"]').fill(ANALYST.password);
    await form.locator('button[type="submit"]').click();
    const emailError = form.locator('input[name="email"] ~ .error[role="alert"]');
    await emailError.waitFor();
    expect(await emailError.innerText()).toContain("已存在");
    expect(await form.locator('input[name="email"]').getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator('[data-testid="user-row"]').count()).toBe(2);
  });

  it("disables the analyst, who then cannot sign in", async () => {
    const row = userRow(ANALYST.email);
    const toggle = row.locator('[data-testid="user-toggle-disabled"]');
    expect(await toggle.innerText()).toBe("停用");
    await toggle.click();
    const status = row.locator('[data-testid="user-status"]');
    await expect.poll(() => status.getAttribute("data-disabled"), { timeout: 30_000 }).toBe("true");
    expect(await status.innerText()).toBe("停用");
    await expect.poll(() => toggle.innerText()).toBe("启用");
    await shot("user-disabled");

    const p = user.page;
    await signIn(p, ANALYST.email, ANALYST.password);
    const error = p.locator('.error-box[role="alert"]');
    await error.waitFor();
    expect(await error.innerText()).toContain("邮箱或密码错误");
    expect(new URL(p.url()).pathname).toBe("/login");
    await shot("disabled-user-login", p);
  });

  it("re-enables the analyst and resets the password; the analyst must change it, then meets FORBIDDEN on /admin", async () => {
    const row = userRow(ANALYST.email);
    await row.locator('[data-testid="user-toggle-disabled"]').click();
    await expect.poll(() => row.locator('[data-testid="user-status"]').getAttribute("data-disabled"), { timeout: 30_000 }).toBe("false");

    const open = row.locator('[data-testid="user-reset-password"]');
    await open.click();
    expect(await open.getAttribute("aria-expanded")).toBe("true");
    const form = page.locator(`[data-testid="reset-password-form"][data-email="${ANALYST.email}"]`);
    await form.waitFor();
    expect(await form.innerText()).toContain("下次登录");
    // The input has focus: type straight in and submit with Enter.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("password");
    await page.keyboard.type(TEMP_PASSWORD);
    await page.keyboard.press("Enter");
    expect(await page.locator('[data-testid="reset-done"]').innerText()).toContain(ANALYST.email);
    await row.locator('[data-testid="user-must-change"]').waitFor();
    expect(await form.count()).toBe(0);
    await shot("password-reset");

    const p = user.page;
    // The old password no longer works.
    await signIn(p, ANALYST.email, ANALYST.password);
    await p.locator('.error-box[role="alert"]').waitFor();
    await Promise.all([p.waitForURL((u) => u.pathname === "/account"), signIn(p, ANALYST.email, TEMP_PASSWORD)]);
    await p.locator('[data-testid="must-change-password"]').waitFor();
    await shot("user-must-change", p);

    const change = p.locator('[data-testid="change-password-form"]');
    await change.locator('input[name="currentPassword"]').fill(TEMP_PASSWORD);
    await change.locator('input[name="newPassword"]').fill(OWN_PASSWORD);
    await change.locator('input[name="confirmPassword"]').fill(OWN_PASSWORD);
    await Promise.all([p.waitForURL((u) => u.pathname === "/admin"), change.locator('button[type="submit"]').click()]);
    await ready(p);
    const denied = p.locator('[data-testid="admin"] .error-box[role="alert"]');
    expect(await denied.innerText()).toContain("权限不足");
    expect(await p.locator('[data-testid="users-table"]').count()).toBe(0);
    // Signed in (the menu shows who), and still no admin link for an analyst.
    expect(await p.locator(".viewer-email").innerText()).toBe(ANALYST.email);
    expect(await p.locator('nav a[href="/plans"]').count()).toBe(1);
    expect(await p.locator('nav a[href="/admin"]').count()).toBe(0);
    await shot("analyst-forbidden", p);

    await page.reload();
    await ready();
    expect(await userRow(ANALYST.email).locator('[data-testid="user-must-change"]').count()).toBe(0);
  });

  it("creates an API token shown once, which works as a bearer token until it is revoked", async () => {
    const form = page.locator('[data-testid="create-token-form"]');
    await form.locator('input[name="name"]').fill(TOKEN_NAME);
    await form.locator('select[name="role"]').selectOption("ANALYST");
    await form.locator('button[type="submit"]').click();
    const panel = page.locator('[data-testid="token-secret-panel"]');
    await panel.waitFor();
    expect(await panel.innerText()).toContain("只显示这一次");
    const field = panel.locator('[data-testid="token-secret"]');
    expect(await field.getAttribute("readonly")).not.toBeNull();
    secret = await field.inputValue();
    expect(secret).toMatch(/^cgt_\S{20,}$/);
    const row = tokenRow(TOKEN_NAME);
    await row.waitFor();
    expect(await row.innerText()).toContain(secret.slice(0, 10));
    expect(await row.getAttribute("data-revoked")).toBe("false");
    await shot("token-created");

    expect(await viewerWithToken(secret)).toEqual({ role: "ANALYST", code: undefined });

    // Once: after a reload the page has no way to show it again.
    await page.reload();
    await ready();
    expect(await page.locator('[data-testid="token-secret-panel"]').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    // The first click only asks; Cancel leaves the token alone.
    const revoke = tokenRow(TOKEN_NAME).locator('[data-testid="token-revoke"]');
    await revoke.click();
    const confirm = page.locator('[data-testid="token-revoke-confirm"]');
    await confirm.waitFor();
    await confirm.getByRole("button", { name: "取消" }).click();
    expect(await confirm.count()).toBe(0);
    expect(await viewerWithToken(secret)).toEqual({ role: "ANALYST", code: undefined });

    // Then revoke for real, by keyboard: the confirm button has focus.
    await revoke.click();
    await confirm.waitFor();
    await shot("token-revoke-confirm");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("token-revoke-confirm-button");
    await page.keyboard.press("Enter");
    await expect.poll(() => tokenRow(TOKEN_NAME).getAttribute("data-revoked"), { timeout: 30_000 }).toBe("true");
    expect(await tokenRow(TOKEN_NAME).locator('[data-testid="token-revoked"]').innerText()).toBe("已吊销");
    expect(await tokenRow(TOKEN_NAME).locator('[data-testid="token-revoke"]').count()).toBe(0);
    expect(await viewerWithToken(secret)).toEqual({ role: undefined, code: "UNAUTHENTICATED" });
  });

  it("shows the changes in the audit log after a refresh", async () => {
    const actions = () => page.locator('[data-testid="audit-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    const before = await actions();
    // Loaded before the revocation, so not in the table until refreshed.
    expect(before).not.toContain("revoke_api_token");
    await page.click('[data-testid="audit-refresh"]');
    await expect.poll(actions, { timeout: 30_000 }).toContain("revoke_api_token");
    const now = await actions();
    for (const a of ["create_user", "update_user", "create_api_token", "revoke_api_token"]) expect(now, a).toContain(a);
    // Most recent first.
    expect(now[0]).toBe("revoke_api_token");
    const table = await page.locator('[data-testid="audit-table"]').innerText();
    expect(table).toContain(ADMIN.email);
    expect(table).toMatch(/api_token:\d+/);
    expect(await page.locator('[data-testid="audit-row"]').count()).toBeLessThanOrEqual(100);
    await shot("audit-log");
  });

  it("shows the API's refusal to disable or demote the last admin next to the action", async () => {
    const me = userRow(ADMIN.email);
    await me.locator('[data-testid="user-toggle-disabled"]').click();
    const toggleError = me.locator('[data-testid="user-toggle-error"] .error-box');
    await toggleError.waitFor();
    expect(await toggleError.innerText()).toContain("最后一个管理员");
    expect(await me.locator('[data-testid="user-status"]').getAttribute("data-disabled")).toBe("false");

    const role = me.locator('[data-testid="user-role"]');
    await role.selectOption("VIEWER");
    const roleError = me.locator('[data-testid="user-role-error"] .error-box');
    await roleError.waitFor();
    expect(await roleError.innerText()).toContain("最后一个管理员");
    await expect.poll(() => role.inputValue()).toBe("ADMIN");
    await shot("last-admin-refused");
    // Still an admin: the page reads everything after a reload.
    await page.reload();
    await ready();
    expect(await page.locator('[data-testid="users-table"]').count()).toBe(1);
  });

  it("does not scroll sideways on a 390 px phone, secret panel and reset form open", async () => {
    const phone = await admin.context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto("/admin");
      await ready(phone);
      const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(1);
      await shot("phone", phone);

      const form = phone.locator('[data-testid="create-token-form"]');
      await form.locator('input[name="name"]').fill("phone-check");
      await form.locator('button[type="submit"]').click();
      await phone.locator('[data-testid="token-secret-panel"]').waitFor();
      await userRow(ANALYST.email, phone).locator('[data-testid="user-reset-password"]').click();
      await phone.locator('[data-testid="reset-password-form"]').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(1);
      // Clicking scrolled the page; a full-page shot from the top keeps the sticky bar in place.
      await phone.evaluate(() => window.scrollTo(0, 0));
      await shot("phone-open", phone);
    } finally {
      await phone.close();
    }
    expect(admin.problems).toEqual([]);
    expect(user.problems).toEqual([]);
  });
});
