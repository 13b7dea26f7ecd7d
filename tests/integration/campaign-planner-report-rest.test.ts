/**
 * Retention campaigns (issue 15), the remainder, on both databases: a campaign's plans go through
 * the real plan runner (LLM over the OpenAI SDK against a local stand-in, a 429 honoured with its
 * retry-after, an LLM error turned into a template plan for that customer only, progress streamed
 * like any batch); the workbook down and up over REST (an advisor sees only their own customers,
 * hostile uploads refused cell by cell with nothing written); and the churn report's section per
 * campaign, pending until t + H and then treated vs control with its interval.
 */
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { registerRestAdapter } from "../../app/api/_lib/registry";
import { createRestAdapter } from "../../app/api/_lib/rest-adapter";
import * as workbookRoute from "../../app/api/campaigns/[id]/workbook/route";
import { campaignMembers, planBatches, retentionPlans, type CampaignRow } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { createCampaign } from "../../lib/actions/create-campaign";
import { registerCampaignAdvisor } from "../../lib/actions/register-campaign-advisor";
import { createUser } from "../../lib/auth/accounts";
import { advisorForUser, listAssignments } from "../../lib/campaigns/advisors";
import { getCampaign } from "../../lib/campaigns/campaign-service";
import { SHEET, type CellIssue } from "../../lib/campaigns/excel";
import { outcomeOf } from "../../lib/campaigns/outcomes";
import { parseEnv } from "../../lib/config/env";
import { batchTopic, type PlanEvent } from "../../lib/events";
import { waitForRun } from "../../lib/ml/training-service";
import { OUTCOME_PENDING } from "../../lib/plans/report-campaign-results";
import { PROMPT_VERSION } from "../../lib/plans/prompt";
import { TEMPLATE_VERSION } from "../../lib/plans/template-planner";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { currentReport } from "../../lib/services/report-cache";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";
import { startFakeLlm, type FakeLlm, type Scenario } from "../support/fake-llm-server";

const PASSWORD = "Campaign-pass-2026!";

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`campaigns: plans through the plan runner, workbook over REST, the churn report (${kind})`, () => {
    let db: TestDb;
    let s: AppServices;
    let fake: FakeLlm;
    let campaign: CampaignRow;
    const planEvents: PlanEvent[] = [];
    const script = new Map<string, Scenario>();
    const cookies: Record<"li" | "wang" | "admin", string> = { li: "", wang: "", admin: "" };
    const userIds: Record<"li" | "wang", number> = { li: 0, wang: 0 };

    const signIn = async (email: string) => {
      const r = await perform(s, null, actions.login, { email, password: PASSWORD });
      return `cg_session=${r.token}`;
    };

    beforeAll(async () => {
      db = await createTestDb(kind);
      fake = await startFakeLlm({ chunkSize: 40, retryAfterSeconds: 1, scenario: ({ customerId }) => (customerId && script.get(customerId)) || "normal" });
      const env = parseEnv({
        ...process.env,
        LLM_BASE_URL: fake.url,
        LLM_API_KEY: "sk-campaign-test-0123456789",
        LLM_MODEL: "fake-model",
        LLM_MAX_RETRIES: "1",
        LLM_TIMEOUT_MS: "10000",
        ARK_API_KEY: "",
        LOG_LEVEL: "warn",
      });
      // The runner starts once the failures are scripted (below), so no plan is claimed before.
      s = await createAppServices(env, { dbHandle: db, runPlans: false });
      registerRestAdapter(createRestAdapter(s));
      await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 700, historyWeeks: 40, seed: 7 });
      const run = await perform(s, CLI_ACTOR, actions.trainModel, {});
      expect((await waitForRun(s.training, run.id)).status).toBe("succeeded");
      await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 10, generatePlans: false });
      for (const [key, email, role] of [
        ["li", "li.rest@example.com", "viewer"],
        ["wang", "wang.rest@example.com", "viewer"],
        ["admin", "admin.rest@example.com", "admin"],
      ] as const) {
        const u = await createUser(db.db, { email, password: PASSWORD, role });
        if (key !== "admin") userIds[key] = u.id;
        cookies[key] = await signIn(email);
      }
      await perform(s, CLI_ACTOR, registerCampaignAdvisor, { email: "li.rest@example.com", name: "李经理", workloadCap: 15 });
      await perform(s, CLI_ACTOR, registerCampaignAdvisor, { email: "wang.rest@example.com", name: "王经理", workloadCap: 15 });
      campaign = await perform(s, CLI_ACTOR, createCampaign, { name: "LLM 挽留", size: 40, selection: "expected_loss", controlShare: 0.15, budget: 1_000_000, seed: 11 });
    }, 600_000);

    afterAll(async () => {
      registerRestAdapter(undefined);
      await s?.close();
      await fake?.close();
      await db?.destroy();
    });

    it("writes the campaign's plans with the plan runner: LLM text streamed, a 429 waited out, an LLM error → a template plan for that customer only, an LLM offer above the budgeted one → the budgeted template plan", async () => {
      expect(campaign.planBatchId).not.toBeNull();
      const batchId = campaign.planBatchId!;
      const [queued] = await db.db.select().from(planBatches).where(eq(planBatches.id, batchId));
      expect(queued).toMatchObject({ status: "pending", planner: "llm", llmModel: "fake-model", promptVersion: PROMPT_VERSION, total: campaign.treatedCount });
      const pendingRows = await db.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batchId)).orderBy(retentionPlans.position);
      expect(pendingRows.every((r) => r.status === "pending" && r.plan === null)).toBe(true);
      const members = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      const treatedIds = members.filter((m) => m.arm === "treated").map((m) => m.customerId);
      expect(new Set(pendingRows.map((r) => r.customerId))).toEqual(new Set(treatedIds));
      const [limited, broken] = [pendingRows[0]!.customerId, pendingRows[1]!.customerId];
      script.set(limited, "rate-limit-once");
      script.set(broken, "error-always");
      // Customers whose budgeted (template) offer is below 高 get an LLM plan offering 高: over budget.
      const strong = members
        .filter((m) => m.arm === "treated" && m.offerCost < 500 && m.customerId !== limited && m.customerId !== broken)
        .slice(0, 3)
        .map((m) => m.customerId);
      expect(strong.length).toBeGreaterThan(0);
      for (const id of strong) script.set(id, "strong-offer");

      const done = new Promise<void>((resolve) =>
        s.events.plans.subscribe(batchTopic(batchId), async (e) => {
          planEvents.push(e);
          const [b] = await db.db.select({ status: planBatches.status }).from(planBatches).where(eq(planBatches.id, batchId));
          if (b?.status === "done") resolve();
        }),
      );
      s.planRunner.start();
      await done;

      const rows = await db.db.select().from(retentionPlans).where(eq(retentionPlans.batchId, batchId));
      const by = new Map(rows.map((r) => [r.customerId, r]));
      expect(rows.every((r) => r.status === "done")).toBe(true);
      expect(by.get(broken)).toMatchObject({ source: "template", promptVersion: TEMPLATE_VERSION, llmModel: null, error: null });
      expect((by.get(broken)!.plan as { actions?: unknown[] }).actions?.length).toBeGreaterThan(0);
      // An LLM offer above the one the budget was computed from (the template plan's) is replaced
      // by that template plan: the fake LLM offers 高 to the scripted customers and 低 to the rest.
      const costOf = { 无: 0, 低: 50, 中: 200, 高: 500 } as const;
      const budgeted = new Map(members.map((m) => [m.customerId, m.offerCost]));
      const overBudget = (id: string) => (strong.includes(id) ? 500 : 50) > budgeted.get(id)!;
      for (const r of rows.filter((x) => x.customerId !== broken)) {
        if (overBudget(r.customerId)) {
          expect(r).toMatchObject({ source: "template", promptVersion: TEMPLATE_VERSION });
          expect(costOf[(r.plan as { offerStrength: keyof typeof costOf }).offerStrength]).toBe(budgeted.get(r.customerId));
        } else {
          expect(r).toMatchObject({ source: "llm", promptVersion: PROMPT_VERSION, llmModel: "fake-model" });
        }
      }
      expect(strong.every(overBudget)).toBe(true);
      expect(rows.filter((r) => r.source === "llm").length).toBeGreaterThan(0);
      // The 429 was retried after the server's retry-after (1 s), then answered.
      const limitedReqs = fake.requests.filter((r) => r.customerId === limited);
      expect(limitedReqs.map((r) => r.status)).toEqual([429, 200]);
      expect(limitedReqs[1]!.at - limitedReqs[0]!.at).toBeGreaterThanOrEqual(900);
      expect(fake.requests.filter((r) => r.customerId === broken).map((r) => r.status)).toEqual([500, 500]);
      // Streamed like any batch: text deltas and one done per plan.
      const streamed = new Set(planEvents.filter((e) => e.kind === "delta").map((e) => e.customerId));
      expect(streamed).toEqual(new Set(rows.filter((r) => r.customerId !== broken).map((r) => r.customerId)));
      expect(planEvents.filter((e) => e.kind === "done").length).toBe(campaign.treatedCount);
      // No control customer was asked for, or got, a plan.
      const controlIds = new Set(members.filter((m) => m.arm === "control").map((m) => m.customerId));
      expect(fake.requests.some((r) => r.customerId !== undefined && controlIds.has(r.customerId))).toBe(false);
      expect(rows.some((r) => controlIds.has(r.customerId))).toBe(false);
    }, 300_000);

    const call = (method: "GET" | "POST", who: keyof typeof cookies, id: number | string, body?: FormData) =>
      (method === "GET" ? workbookRoute.GET : workbookRoute.POST)(
        new Request(`http://localhost/api/campaigns/${id}/workbook`, { method, headers: { cookie: cookies[who] }, body }),
        { params: Promise.resolve({ id: String(id) }) },
      );

    async function sheetOf(res: Response) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.getWorksheet(SHEET)!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
      const col = (h: string) => header.indexOf(h);
      const ids = Array.from({ length: ws.rowCount - 1 }, (_, i) => String(ws.getRow(i + 2).getCell(col("客户编号")).value));
      return { wb, ws, header, col, ids };
    }

    const upload = async (wb: ExcelJS.Workbook) => {
      const fd = new FormData();
      fd.append("file", new Blob([new Uint8Array(await wb.xlsx.writeBuffer())]), "campaign.xlsx");
      return fd;
    };

    it("REST workbook: an advisor downloads only their own customers, an admin all treated; uploads are checked cell by cell, nothing written on error", async () => {
      const li = await advisorForUser(db.db, userIds.li);
      const mine = await listAssignments(db.db, { advisorId: li!.id, limit: 10_000 });
      expect(mine.length).toBeGreaterThan(3);
      const own = await sheetOf(await call("GET", "li", campaign.id));
      expect(new Set(own.ids)).toEqual(new Set(mine.map((m) => m.customerId)));
      const all = await sheetOf(await call("GET", "admin", campaign.id));
      expect(all.ids.length).toBe(campaign.treatedCount);
      expect((await call("GET", "li", "0x1")).status).toBe(400);

      // Hostile upload: a formula, a control customer's row, a status that doesn't exist, another advisor's customer.
      const before = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      const controlId = before.find((m) => m.arm === "control")!.customerId;
      const wangAdvisor = await advisorForUser(db.db, userIds.wang);
      const wangsId = before.find((m) => m.advisorId === wangAdvisor!.id)!.customerId;
      const { wb, ws, header, col } = own;
      ws.getRow(2).getCell(col("联系状态")).value = { formula: 'IF(1,"接受","拒绝")', result: "接受" };
      ws.getRow(3).getCell(col("联系状态")).value = "完成";
      const n = ws.rowCount;
      const row = (id: string) => header.map((h) => (h === "活动编号" ? campaign.id : h === "客户编号" ? id : h === "联系状态" ? "已联系" : h === "备注" ? "" : undefined));
      ws.getRow(n + 1).values = row(controlId);
      ws.getRow(n + 2).values = row(wangsId);
      const bad = await call("POST", "li", campaign.id, await upload(wb));
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { code: string; field: string; total_errors: number; errors: CellIssue[] };
      expect(body.code).toBe("BAD_USER_INPUT");
      expect(body.errors.map((e) => e.rule).sort()).toEqual(["control", "formula", "not_yours", "unknown_status"]);
      expect(body.total_errors).toBe(4);
      expect(body.errors.find((e) => e.rule === "formula")).toMatchObject({ sheet: SHEET, row: 2 });
      expect(body.errors.find((e) => e.rule === "unknown_status")).toMatchObject({ row: 3, value: "完成" });
      expect(body.errors.find((e) => e.rule === "control")).toMatchObject({ row: n + 1, value: controlId });
      expect(body.errors.find((e) => e.rule === "not_yours")).toMatchObject({ row: n + 2, value: wangsId });
      for (const e of body.errors) expect(e.column).toMatch(/^[A-Z]+/);
      expect(await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id))).toEqual(before);

      // A good upload: one status with a note.
      const fresh = await sheetOf(await call("GET", "li", campaign.id));
      const target = fresh.ids[0]!;
      fresh.ws.getRow(2).getCell(fresh.col("联系状态")).value = "已联系";
      fresh.ws.getRow(2).getCell(fresh.col("备注")).value = "REST 上传：客户关心费率";
      const ok = await call("POST", "li", campaign.id, await upload(fresh.wb));
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: "success", updated: 1 });
      const [after] = await db.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, campaign.id), eq(campaignMembers.customerId, target)));
      expect([after!.status, after!.note, after!.statusBy]).toEqual(["contacted", "REST 上传：客户关心费率", "li.rest@example.com"]);

      // Not multipart, no file field, nobody signed in.
      const notMultipart = await workbookRoute.POST(new Request(`http://localhost/api/campaigns/${campaign.id}/workbook`, { method: "POST", headers: { cookie: cookies.li, "content-type": "application/json" }, body: "{}" }), { params: Promise.resolve({ id: String(campaign.id) }) });
      expect(notMultipart.status).toBe(415);
      const noFile = new FormData();
      noFile.append("other", "x");
      const missing = await call("POST", "li", campaign.id, noFile);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ field: "file" });
      const anon = await workbookRoute.GET(new Request(`http://localhost/api/campaigns/${campaign.id}/workbook`), { params: Promise.resolve({ id: String(campaign.id) }) });
      expect(anon.status).toBe(401);
    });

    it("the churn report has a section per campaign: 结果待定 until t + H, then treated vs control with the 95% interval, cost vs assets saved, contacted-vs-not labelled non-randomised", async () => {
      const pending = await currentReport(s.db, s.reports);
      for (const text of [pending.markdown, pending.html]) {
        expect(text).toContain("挽留活动效果");
        expect(text).toContain(`活动 #${campaign.id}「LLM 挽留」`);
        expect(text).toContain(OUTCOME_PENDING);
      }

      await perform(s, CLI_ACTOR, actions.advanceDataset, { weeks: 12 });
      const o = outcomeOf(await getCampaign(db.db, campaign.id))!;
      expect(o).not.toBeNull();
      const r = await currentReport(s.db, s.reports);
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      for (const text of [r.markdown, r.html]) {
        expect(text).toContain(`活动 #${campaign.id}「LLM 挽留」`);
        expect(text).not.toContain(OUTCOME_PENDING);
        expect(text).toContain("流失率差（对照 − 干预，95% 置信区间）");
        expect(text).toContain(pct(o.treated.churnRate));
        expect(text).toContain(pct(o.control.churnRate));
        expect(text).toContain("活动成本");
        expect(text).toContain("挽回资产 / 成本");
        expect(text).toContain("非随机分组");
        expect(text).toContain(`${o.treated.customers}`);
      }
      const d = o.difference!;
      const signed = (x: number) => `${x >= 0 ? "+" : "−"}${pct(Math.abs(x))}`;
      expect(r.markdown).toContain(`${signed(d.estimate)}（${signed(d.low)} ~ ${signed(d.high)}）`);
      // The markdown table rows name both randomised arms.
      expect(r.markdown).toMatch(/\| 干预组 \| \d+ \|/);
      expect(r.markdown).toMatch(/\| 对照组 \| \d+ \|/);
    }, 600_000);
  });
}
