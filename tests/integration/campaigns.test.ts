/**
 * Retention campaigns (issue 15) end to end through the actions, on both databases: a campaign
 * from a scoring run with a randomised control group and a budget, advisors with workload caps
 * who see and update only their own customers, control customers who never get a plan or an
 * advisor, and outcomes with the treated-vs-control difference once as-of + H has passed.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import { createRequire } from "node:module";
import { buildSchema } from "../../graphql/schema";
import { afterAll, beforeAll, expect, it } from "vitest";
import { campaignMembers, retentionPlans, type CampaignRow } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform, type Actor } from "../../lib/actions";
import { assignCampaignAdvisors } from "../../lib/actions/assign-campaign-advisors";
import { createCampaign } from "../../lib/actions/create-campaign";
import { exportCampaignWorkbook } from "../../lib/actions/export-campaign-workbook";
import { importCampaignWorkbook } from "../../lib/actions/import-campaign-workbook";
import { registerCampaignAdvisor } from "../../lib/actions/register-campaign-advisor";
import { updateCampaignContact } from "../../lib/actions/update-campaign-contact";
import { advisorForUser, listAssignments } from "../../lib/campaigns/advisors";
import { campaignEvents, campaignTopic, type CampaignEvent } from "../../lib/campaigns/campaign-events";
import { getCampaign } from "../../lib/campaigns/campaign-service";
import { SHEET, type CellIssue } from "../../lib/campaigns/excel";
import { outcomeOf } from "../../lib/campaigns/outcomes";
import { OFFER_COST } from "../../lib/campaigns/types";
import { createUser } from "../../lib/auth/accounts";
import { parseEnv } from "../../lib/config/env";
import { waitForRun } from "../../lib/ml/training-service";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";

// The executable schema is built by @graphql-tools (CommonJS), so execute with the same graphql module instance.
const { graphql, parse, subscribe } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`retention campaigns: control group, advisors, outcomes (${kind})`, () => {
    let db: TestDb;
    let s: AppServices;
    let campaign: CampaignRow;
    const advisors: Actor[] = [];
    let analyst: Actor;

    const actorFor = async (email: string, role: "viewer" | "analyst"): Promise<Actor> => {
      const u = await createUser(db.db, { email, password: "Campaign-pass-2026!", role });
      return { id: `user:${u.id}`, email, role, via: "session", userId: u.id, mustChangePassword: false };
    };

    beforeAll(async () => {
      db = await createTestDb(kind);
      const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
      s = await createAppServices(env, { dbHandle: db });
      await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 700, historyWeeks: 40, seed: 5 });
      const run = await perform(s, CLI_ACTOR, actions.trainModel, {});
      expect((await waitForRun(s.training, run.id)).status).toBe("succeeded");
      await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 10, generatePlans: false });
      advisors.push(await actorFor("li.adv@example.com", "viewer"), await actorFor("wang.adv@example.com", "analyst"));
      analyst = await actorFor("analyst@example.com", "analyst");
      await perform(s, CLI_ACTOR, registerCampaignAdvisor, { email: advisors[0]!.email, name: "李经理", workloadCap: 40 });
      await perform(s, CLI_ACTOR, registerCampaignAdvisor, { email: advisors[1]!.email, name: "王经理", workloadCap: 30 });
      campaign = await perform(s, analyst, createCampaign, { name: "11月挽留", size: 300, controlShare: 0.15, budget: 120_000, seed: 42 });
    }, 600_000);

    afterAll(async () => {
      await s?.close();
      await db?.destroy();
    });

    it("draws 15% per risk decile as control with the recorded seed, and keeps the treated offer cost within the budget", async () => {
      const members = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      expect(campaign.seed).toBe(42);
      expect(members.length).toBe(campaign.treatedCount + campaign.controlCount);
      expect(members.length).toBeGreaterThan(50);
      for (let d = 1; d <= 10; d++) {
        const inDecile = members.filter((m) => m.decile === d);
        expect(inDecile.filter((m) => m.arm === "control").length).toBe(Math.round(0.15 * inDecile.length));
      }
      const cost = members.filter((m) => m.arm === "treated").reduce((a, m) => a + m.offerCost, 0);
      expect(cost).toBe(campaign.cost);
      expect(cost).toBeLessThanOrEqual(120_000);
      expect(members.every((m) => Object.values(OFFER_COST).includes(m.offerCost))).toBe(true);
      // Synthetic data: the simulation's effect (how much a plan helps, how likely the contact) is recorded for everyone at creation.
      expect(members.every((m) => m.relativeEffect! > 0 && m.contactProbability! > 0 && m.contactProbability! < 1)).toBe(true);
    });

    it("control customers never get a plan, an advisor or a status — not even from a later prediction or a regeneration", async () => {
      const members = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      const control = members.filter((m) => m.arm === "control");
      const controlIds = control.map((m) => m.customerId);
      expect(control.length).toBeGreaterThan(5);
      expect(control.every((m) => m.planId === null && m.advisorId === null && m.status === null)).toBe(true);
      const treated = members.filter((m) => m.arm === "treated");
      expect(treated.every((m) => m.planId !== null && m.status === "pending")).toBe(true);

      const predicted = await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 400 });
      expect(predicted.highRisk.some((c) => controlIds.includes(c.id))).toBe(true);
      const plansForControl = await db.db.select().from(retentionPlans).where(inArray(retentionPlans.customerId, controlIds));
      expect(plansForControl.filter((p) => p.status !== "cancelled")).toEqual([]);
      await expect(perform(s, CLI_ACTOR, actions.regeneratePlan, { customerId: controlIds[0]! })).rejects.toMatchObject({ code: "FAILED_PRECONDITION" });

      for (const a of advisors) {
        const advisor = await advisorForUser(db.db, a.userId);
        const mine = await listAssignments(db.db, { advisorId: advisor!.id });
        expect(mine.filter((m) => controlIds.includes(m.customerId))).toEqual([]);
      }
      const all = await listAssignments(db.db, { campaignId: campaign.id, limit: 10_000 });
      expect(all.length).toBe(campaign.treatedCount);
      expect(all.filter((m) => controlIds.includes(m.customerId))).toEqual([]);
    });

    it("assigns within each advisor's workload cap; an advisor sees and updates only their own customers", async () => {
      const [li, wang] = await Promise.all(advisors.map((a) => advisorForUser(db.db, a.userId)));
      const liList = await listAssignments(db.db, { advisorId: li!.id });
      const wangList = await listAssignments(db.db, { advisorId: wang!.id });
      expect(liList.length).toBe(Math.min(40, campaign.treatedCount));
      expect(wangList.length).toBeLessThanOrEqual(30);
      expect(liList.every((m) => m.advisorId === li!.id)).toBe(true);
      const unassigned = (await listAssignments(db.db, { campaignId: campaign.id, limit: 10_000 })).filter((m) => m.advisorId === null);
      expect(unassigned.length).toBe(campaign.treatedCount - liList.length - wangList.length);
      // Nothing frees up: assigning again assigns nobody.
      expect((await perform(s, analyst, assignCampaignAdvisors, { campaignId: campaign.id })).assigned).toBe(0);

      const events: CampaignEvent[] = [];
      const off = campaignEvents().subscribe(campaignTopic(campaign.id), (e) => events.push(e));
      const mine = liList[0]!;
      await perform(s, advisors[0]!, updateCampaignContact, { campaignId: campaign.id, customerId: mine.customerId, status: "contacted", note: "电话沟通，客户关心费率" });
      await perform(s, advisors[0]!, updateCampaignContact, { campaignId: campaign.id, customerId: mine.customerId, status: "accepted" });
      off();
      expect(events.map((e) => e.status)).toEqual(["contacted", "accepted"]);
      const [row] = await db.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, campaign.id), eq(campaignMembers.customerId, mine.customerId)));
      expect(row!.status).toBe("accepted");
      expect(row!.statusBy).toBe(advisors[0]!.email);
      expect(row!.statusAt).toBeInstanceOf(Date);

      // Someone else's customer, a control customer, a move that skips a step: refused, nothing written.
      await expect(perform(s, advisors[0]!, updateCampaignContact, { campaignId: campaign.id, customerId: wangList[0]!.customerId, status: "contacted" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const controlId = (await db.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, campaign.id), eq(campaignMembers.arm, "control"))))[0]!.customerId;
      await expect(perform(s, analyst, updateCampaignContact, { campaignId: campaign.id, customerId: controlId, status: "contacted" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
      await expect(perform(s, advisors[0]!, updateCampaignContact, { campaignId: campaign.id, customerId: liList[1]!.customerId, status: "accepted" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
      await expect(perform(s, advisors[0]!, updateCampaignContact, { campaignId: campaign.id, customerId: mine.customerId, status: "gone" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
      const changed = await db.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, campaign.id), isNotNull(campaignMembers.statusAt)));
      expect(changed.map((m) => m.customerId)).toEqual([mine.customerId]);
    });

    it("Excel round trip: an advisor's workbook comes back with statuses; hostile workbooks are refused cell by cell with nothing changed", async () => {
      const li = advisors[0]!;
      const xlsx = await perform(s, li, exportCampaignWorkbook, { campaignId: campaign.id });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.bytes.buffer.slice(xlsx.bytes.byteOffset, xlsx.bytes.byteOffset + xlsx.bytes.byteLength) as ArrayBuffer);
      const ws = wb.getWorksheet(SHEET)!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ""));
      const col = (h: string) => header.indexOf(h);
      const liAdvisor = await advisorForUser(db.db, li.userId);
      const mine = await listAssignments(db.db, { advisorId: liAdvisor!.id, limit: 10_000 });
      expect(ws.rowCount - 1).toBe(mine.length);
      const idsInSheet = Array.from({ length: ws.rowCount - 1 }, (_, i) => String(ws.getRow(i + 2).getCell(col("客户编号")).value));
      expect(new Set(idsInSheet)).toEqual(new Set(mine.map((m) => m.customerId)));
      const pendingRow = idsInSheet.findIndex((id) => mine.find((m) => m.customerId === id)!.status === "pending") + 2;
      const pendingId = idsInSheet[pendingRow - 2]!;

      // Good file: one status filled in.
      ws.getRow(pendingRow).getCell(col("联系状态")).value = "已联系";
      ws.getRow(pendingRow).getCell(col("备注")).value = "已电话沟通";
      const good = new Uint8Array(await wb.xlsx.writeBuffer());
      expect(await perform(s, li, importCampaignWorkbook, { campaignId: campaign.id, bytes: good })).toMatchObject({ updated: 1 });
      const [after] = await db.db.select().from(campaignMembers).where(and(eq(campaignMembers.campaignId, campaign.id), eq(campaignMembers.customerId, pendingId)));
      expect([after!.status, after!.note]).toEqual(["contacted", "已电话沟通"]);

      // Hostile file: a formula, a wrong id, a control customer's row, a status that doesn't exist — and one valid change.
      const before = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      const controlId = before.find((m) => m.arm === "control")!.customerId;
      const other = idsInSheet.findIndex((id, i) => i + 2 !== pendingRow && mine.find((m) => m.customerId === id)!.status === "pending") + 2;
      ws.getRow(other).getCell(col("联系状态")).value = "已联系";
      ws.getRow(pendingRow).getCell(col("联系状态")).value = { formula: 'IF(1,"接受","拒绝")', result: "接受" };
      const n = ws.rowCount;
      ws.getRow(n + 1).values = header.map((h) => (h === "活动编号" ? campaign.id : h === "客户编号" ? "C9999999" : h === "联系状态" ? "已联系" : h === "备注" ? "" : undefined));
      ws.getRow(n + 2).values = header.map((h) => (h === "活动编号" ? campaign.id : h === "客户编号" ? controlId : h === "联系状态" ? "已联系" : h === "备注" ? "" : undefined));
      ws.getRow(2 === pendingRow || 2 === other ? 4 : 2).getCell(col("联系状态")).value = "完成";
      const hostile = new Uint8Array(await wb.xlsx.writeBuffer());
      const err = await perform(s, li, importCampaignWorkbook, { campaignId: campaign.id, bytes: hostile }).then(
        () => null,
        (e: unknown) => e as { code: string; details: CellIssue[]; message: string },
      );
      expect(err?.code).toBe("BAD_USER_INPUT");
      const rules = err!.details.map((d) => d.rule).sort();
      expect(rules).toEqual(["control", "formula", "unknown_id", "unknown_status"]);
      for (const d of err!.details) {
        expect(d.sheet).toBe(SHEET);
        expect(d.row).toBeGreaterThan(1);
        expect(d.column).toMatch(/^[A-Z]+/);
        expect(d.message.length).toBeGreaterThan(0);
      }
      expect(err!.details.find((d) => d.rule === "formula")!.row).toBe(pendingRow);
      expect(err!.details.find((d) => d.rule === "unknown_id")!.value).toBe("C9999999");
      expect(err!.details.find((d) => d.rule === "control")!.value).toBe(controlId);
      expect(err!.details.find((d) => d.rule === "unknown_status")!.value).toBe("完成");
      const unchanged = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      expect(unchanged).toEqual(before);
    });

    it("GraphQL: an advisor's list holds only their own customers; a status mutation reaches a subscriber live", async () => {
      const schema = buildSchema();
      const run = async (viewer: Actor, source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues, contextValue: { services: s, viewer } });
      const li = advisors[0]!;
      const mine = await run(li, "query { myCampaignCustomers { customerId status statusLabel campaignId } }");
      expect(mine.errors).toBeUndefined();
      const rows = (mine.data as { myCampaignCustomers: { customerId: string; status: string; statusLabel: string; campaignId: number }[] }).myCampaignCustomers;
      const liAdvisor = await advisorForUser(db.db, li.userId);
      expect(rows.map((r) => r.customerId).sort()).toEqual((await listAssignments(db.db, { advisorId: liAdvisor!.id })).map((a) => a.customerId).sort());
      // The full list asks for analyst or the scope: an advisor still gets only their own.
      const listed = await run(li, "query ($id: Int!) { campaignAssignments(campaignId: $id, limit: 5000) { customerId } }", { id: campaign.id });
      expect((listed.data as { campaignAssignments: unknown[] }).campaignAssignments.length).toBe(rows.length);

      const target = rows.find((r) => r.status === "PENDING")!;
      const sub = (await subscribe({ schema, document: parse("subscription ($id: Int!) { campaignContacts(campaignId: $id) { customerId status } }"), variableValues: { id: campaign.id }, contextValue: { services: s, viewer: analyst } })) as AsyncGenerator<{ data?: { campaignContacts: { customerId: string; status: string } } }>;
      // Replay first: the statuses recorded so far.
      const replayed: string[] = [];
      let next = sub.next();
      for (;;) {
        const n = await Promise.race([next, new Promise<null>((r) => setTimeout(() => r(null), 500))]);
        if (!n || n.done) break;
        replayed.push(n.value.data!.campaignContacts.customerId);
        next = sub.next();
      }
      expect(replayed.length).toBeGreaterThan(0);
      const m = await run(li, "mutation ($i: CampaignContactInput!) { updateCampaignContact(input: $i) { status } }", { i: { campaignId: campaign.id, customerId: target.customerId, status: "UNREACHABLE", note: "无人接听" } });
      expect(m.errors).toBeUndefined();
      const live = await next;
      expect(live.value!.data!.campaignContacts).toEqual({ customerId: target.customerId, status: "UNREACHABLE" });
      await sub.return?.(undefined);
    });

    it("once as-of + H has passed, the campaign shows treated vs control with a 95% interval, by decile, cost vs assets saved and a Qini curve", async () => {
      expect(outcomeOf(await getCampaign(db.db, campaign.id))).toBeNull();
      await perform(s, CLI_ACTOR, actions.advanceDataset, { weeks: 12 });
      const done = await getCampaign(db.db, campaign.id);
      const o = outcomeOf(done)!;
      expect(o).not.toBeNull();
      expect(o.treated.customers).toBe(campaign.treatedCount);
      expect(o.control.customers).toBe(campaign.controlCount);
      expect(o.difference!.low).toBeLessThan(o.difference!.estimate);
      expect(o.difference!.high).toBeGreaterThan(o.difference!.estimate);
      expect(o.byDecile.length).toBe(10);
      expect(o.qini.length).toBeGreaterThan(5);
      expect(o.cost).toBe(campaign.cost);
      expect(o.contacted.randomised).toBe(false);
      expect(o.trueEffect).toBeGreaterThan(0);
      console.info(
        `${kind}: campaign of ${o.treated.customers}+${o.control.customers}: churn treated ${o.treated.churnRate.toFixed(3)} vs control ${o.control.churnRate.toFixed(3)}, ` +
          `difference ${o.difference!.estimate.toFixed(3)} [${o.difference!.low.toFixed(3)}, ${o.difference!.high.toFixed(3)}], true ${o.trueEffect!.toFixed(3)}, cost ${o.cost}, assets saved ${o.assetsSaved?.toFixed(0)}`,
      );
      // The control group is released: its customers may get plans again.
      const members = await db.db.select().from(campaignMembers).where(eq(campaignMembers.campaignId, campaign.id));
      expect(members.every((m) => m.outcome !== null && m.naturalOutcome !== null)).toBe(true);
      // Only treated churners can be kept; control outcomes are the timeline's.
      expect(members.filter((m) => m.arm === "control").every((m) => m.outcome === m.naturalOutcome)).toBe(true);
      expect(members.every((m) => m.outcome! <= m.naturalOutcome!)).toBe(true);
    }, 600_000);
  });
}
