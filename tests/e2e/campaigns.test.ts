import { rmSync } from "node:fs";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaignMembers } from "../../db/schema";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { ADMIN, loginCookie, startTestServer, type RunningServer } from "../support/server";
import { launchBrowser, type Browser } from "./support/browser";

/**
 * Retention campaigns (issue 15) in Chromium against the real server: an admin creates a campaign
 * from the latest scoring with a 15% control group and sees its counts; an advisor opens their
 * list on a 390 px phone, sees only their own customers (never a control customer), records a
 * contact with a note; the admin's page shows it.
 */

const ADVISOR = { email: "li.advisor@test.local", password: "advisor-password-123" };

let server: RunningServer;
let admin: Browser;
let advisor: Browser | undefined;
let database: TestDb | undefined;
let adminCookie = "";
let campaign: { id: number; treatedCount: number; controlCount: number } | null = null;
let advisorId = 0;
let chosen = "";

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const r = await fetch(`${server.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: adminCookie },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function signIn(p: Page, who: { email: string; password: string }, next: string): Promise<void> {
  await p.goto(`/login?next=${encodeURIComponent(next)}`);
  await p.fill('input[name="email"]', who.email);
  await p.fill('input[name="password"]', who.password);
  await Promise.all([p.waitForURL((u) => u.pathname === next, { timeout: 60_000 }), p.click('[data-testid="login-form"] button[type="submit"]')]);
}

describeEachDb("retention campaigns in the browser (%s)", (kind) => {
  beforeAll(async () => {
    database = kind === "postgres" ? await createTestDb("postgres") : undefined;
    server = await startTestServer({ databaseUrl: database?.url });
    adminCookie = await loginCookie(server.url);
    await graphql("mutation { generateDataset(input: { nCustomers: 600, historyWeeks: 40, seed: 3 }) { id } }");
    const { trainModel } = await graphql<{ trainModel: { id: number } }>("mutation { trainModel { id } }");
    // expect.poll only works inside a test: wait for the training run by hand.
    for (let status = ""; status !== "SUCCEEDED"; ) {
      status = (await graphql<{ modelRun: { status: string } }>("query ($id: Int!) { modelRun(id: $id) { status } }", { id: trainModel.id })).modelRun.status;
      if (status === "FAILED" || status === "CANCELLED") throw new Error(`training ${status}`);
      if (status !== "SUCCEEDED") await new Promise((r) => setTimeout(r, 1000));
    }
    await graphql("mutation { predictRisk(input: { topK: 10, generatePlans: false }) { scoredCount } }");
    await graphql("mutation ($input: CreateUserInput!) { createUser(input: $input) { email } }", { input: { ...ADVISOR, role: "VIEWER" } });
    const reg = await graphql<{ registerCampaignAdvisor: { id: number } }>('mutation ($e: String!) { registerCampaignAdvisor(email: $e, name: "李经理", workloadCap: 12) { id } }', {
      e: ADVISOR.email,
    });
    advisorId = reg.registerCampaignAdvisor.id;
    admin = await launchBrowser(server.url);
    await admin.page.setViewportSize({ width: 1440, height: 900 });
    await signIn(admin.page, ADMIN, "/campaigns");
  }, 600_000);

  afterAll(async () => {
    await advisor?.close();
    await admin?.close();
    await server?.stop();
    if (server?.pgliteDir) rmSync(server.pgliteDir, { recursive: true, force: true });
    await database?.destroy();
  });

  it("an admin creates a campaign from the latest scoring with a 15% control group and sees its counts", async () => {
    const p = admin.page;
    await p.locator('[data-testid="campaigns"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await p.getByLabel("名称", { exact: true }).fill("E2E 挽留");
    await p.getByLabel("客户数上限").fill("100");
    await p.getByLabel("对照组比例 (%)").fill("15");
    await p.getByLabel("预算（元）").fill("1000000");
    await p.getByRole("button", { name: "创建" }).click();
    await expect
      .poll(async () => (await graphql<{ campaigns: { id: number; name: string; treatedCount: number; controlCount: number; controlShare: number }[] }>("{ campaigns { id name treatedCount controlCount controlShare } }")).campaigns.find((c) => c.name === "E2E 挽留") ?? null, {
        timeout: 60_000,
      })
      .not.toBeNull();
    const { campaigns } = await graphql<{ campaigns: { id: number; name: string; treatedCount: number; controlCount: number; controlShare: number }[] }>("{ campaigns { id name treatedCount controlCount controlShare } }");
    const c = campaigns.find((x) => x.name === "E2E 挽留")!;
    campaign = c;
    expect(c.controlShare).toBeCloseTo(0.15);
    expect(c.controlCount).toBeGreaterThan(0);
    expect(c.treatedCount + c.controlCount).toBeLessThanOrEqual(100);
    const card = p.locator(`[data-testid="campaign-${c.id}"]`);
    await card.waitFor({ timeout: 60_000 });
    const text = await card.innerText();
    expect(text).toContain("E2E 挽留");
    expect(text).toContain(`实验组 ${c.treatedCount}`);
    expect(text).toContain(`对照组 ${c.controlCount} (15.0%`);
    expect(text).toContain(`联系进度 0/${c.treatedCount}`);
    // The advisor got their share at creation (workload cap 12).
    expect(text).toContain(`已分配 ${Math.min(12, c.treatedCount)}`);
    expect(await card.locator('a[href$="/workbook"]').count()).toBe(1);
    expect(admin.problems).toEqual([]);
  });

  it("an advisor on a 390 px phone sees only their own customers (no control customer) and records a contact with a note", async () => {
    const c = campaign!;
    advisor = await launchBrowser(server.url);
    const p = advisor.page;
    await p.setViewportSize({ width: 390, height: 844 });
    await signIn(p, ADVISOR, "/campaigns/mine");
    await p.locator('[data-testid="my-customers"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const cards = p.locator('[data-testid="my-customer"]');
    await cards.first().waitFor({ timeout: 60_000 });
    const shown = (await cards.locator(".card-head strong").allInnerTexts()).map((t) => t.split(" · ").pop()!.trim());

    const { campaignAssignments } = await graphql<{ campaignAssignments: { customerId: string; advisorId: number | null }[] }>(
      "query ($id: Int!) { campaignAssignments(campaignId: $id, limit: 1000) { customerId advisorId } }",
      { id: c.id },
    );
    expect(campaignAssignments.length).toBe(c.treatedCount);
    const own = campaignAssignments.filter((a) => a.advisorId === advisorId).map((a) => a.customerId);
    expect(own.length).toBe(Math.min(12, c.treatedCount));
    expect(new Set(shown)).toEqual(new Set(own));
    if (database) {
      // Straight from the database: none of them is in the control group.
      const control = await database.db.select({ id: campaignMembers.customerId }).from(campaignMembers).where(and(eq(campaignMembers.campaignId, c.id), eq(campaignMembers.arm, "control")));
      expect(control.length).toBe(c.controlCount);
      expect(shown.filter((id) => control.some((m) => m.id === id))).toEqual([]);
    }
    // Fits the phone: nothing scrolls sideways.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    chosen = shown[0]!;
    const card = cards.filter({ hasText: chosen }).first();
    await card.getByLabel("备注").fill("电话已沟通，客户关心佣金");
    await card.getByRole("button", { name: "已联系" }).click();
    await expect.poll(() => card.locator(".badge").innerText(), { timeout: 30_000 }).toBe("已联系");
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain("电话已沟通，客户关心佣金");
    expect(advisor.problems).toEqual([]);
  });

  it("the admin's campaign page reflects the advisor's update", async () => {
    const c = campaign!;
    const p = admin.page;
    await p.reload();
    await p.locator('[data-testid="campaigns"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const card = p.locator(`[data-testid="campaign-${c.id}"]`);
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain(`联系进度 1/${c.treatedCount}`);
    expect(await card.innerText()).toContain("已联系 1");
    const { campaignAssignments } = await graphql<{ campaignAssignments: { customerId: string; statusLabel: string; note: string | null; statusBy: string | null }[] }>(
      "query ($id: Int!) { campaignAssignments(campaignId: $id, limit: 1000) { customerId statusLabel note statusBy } }",
      { id: c.id },
    );
    expect(campaignAssignments.find((a) => a.customerId === chosen)).toMatchObject({ statusLabel: "已联系", note: "电话已沟通，客户关心佣金", statusBy: ADVISOR.email });
    expect(admin.problems).toEqual([]);
  });
});
