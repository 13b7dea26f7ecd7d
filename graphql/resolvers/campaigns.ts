/**
 * Retention campaigns (issue 15): campaigns with their progress and outcomes, advisors'
 * assignments (an advisor-scoped account sees only its own), contact-status updates (mutation +
 * subscription) and the Excel round trip. Parses, calls one action or read, maps.
 */
import type { CampaignRow } from "../../db/schema";
import { assignCampaignAdvisors } from "../../lib/actions/assign-campaign-advisors";
import { createCampaign } from "../../lib/actions/create-campaign";
import { exportCampaignWorkbook } from "../../lib/actions/export-campaign-workbook";
import { importCampaignWorkbook } from "../../lib/actions/import-campaign-workbook";
import { registerCampaignAdvisor } from "../../lib/actions/register-campaign-advisor";
import { updateCampaignContact } from "../../lib/actions/update-campaign-contact";
import { advisorForUser, editorFor, listAdvisors, listAssignments, type AssignmentView } from "../../lib/campaigns/advisors";
import { campaignEvents, campaignTopic } from "../../lib/campaigns/campaign-events";
import { campaignProgress, getCampaign, listCampaigns } from "../../lib/campaigns/campaign-service";
import { CONTACT_STATUS_LABEL, type ContactStatus as StatusCode, type Selection } from "../../lib/campaigns/types";
import { AppError } from "../../lib/errors/app-error";
import { act, type GraphQLContext, requireRole, requireViewer } from "../context";
import { intInRange } from "../errors";
import type { Campaign, CampaignAssignment, CampaignContactEvent, CampaignSelection, ContactStatus, Resolvers } from "../generated/resolvers-types";

const upper = <T extends string>(s: string) => s.toUpperCase() as T;
const lower = <T extends string>(s: string) => s.toLowerCase() as T;

async function toCampaign(ctx: GraphQLContext, c: CampaignRow): Promise<Campaign> {
  const p = await campaignProgress(ctx.services.db, c.id);
  return {
    id: c.id,
    name: c.name,
    selection: upper<CampaignSelection>(c.selection),
    controlShare: c.controlShare,
    seed: c.seed,
    budget: c.budget,
    cost: c.cost,
    treatedCount: c.treatedCount,
    controlCount: c.controlCount,
    complianceExcluded: c.complianceExcluded,
    asOfWeek: c.asOfWeek,
    horizonWeeks: c.horizonWeeks,
    scoringRunId: c.scoringRunId,
    createdBy: c.createdBy,
    createdAt: c.createdAt,
    progress: {
      treated: p.treated,
      control: p.control,
      assigned: p.assigned,
      pending: p.byStatus.pending ?? 0,
      contacted: p.byStatus.contacted ?? 0,
      accepted: p.byStatus.accepted ?? 0,
      declined: p.byStatus.declined ?? 0,
      unreachable: p.byStatus.unreachable ?? 0,
    },
    outcome: c.outcome,
    outcomesAt: c.outcomesAt,
  };
}

const toAssignment = (a: AssignmentView): CampaignAssignment => ({
  ...a,
  status: upper<ContactStatus>(a.status),
  statusLabel: CONTACT_STATUS_LABEL[a.status].zh,
});

export const campaignResolvers: Resolvers = {
  Query: {
    campaigns: async (_p, args, ctx) => {
      requireRole(ctx, "ANALYST");
      const limit = intInRange("limit", args.limit ?? 50, 1, 200) ?? 50;
      return Promise.all((await listCampaigns(ctx.services.db, limit)).map((c) => toCampaign(ctx, c)));
    },
    campaign: async (_p, args, ctx) => {
      requireViewer(ctx);
      await editorFor(ctx.services.db, ctx.viewer);
      try {
        return await toCampaign(ctx, await getCampaign(ctx.services.db, args.id));
      } catch (e) {
        if (e instanceof AppError && e.code === "NOT_FOUND") return null;
        throw e;
      }
    },
    campaignAssignments: async (_p, args, ctx) => {
      requireViewer(ctx);
      const editor = await editorFor(ctx.services.db, ctx.viewer);
      const limit = intInRange("limit", args.limit ?? 500, 1, 5000) ?? 500;
      const offset = intInRange("offset", args.offset ?? 0, 0, 1_000_000) ?? 0;
      const rows = await listAssignments(ctx.services.db, { campaignId: args.campaignId, limit, offset, ...(editor.advisorId !== null ? { advisorId: editor.advisorId } : {}) });
      return rows.map(toAssignment);
    },
    myCampaignCustomers: async (_p, _args, ctx) => {
      const viewer = requireViewer(ctx);
      const advisor = await advisorForUser(ctx.services.db, viewer.userId);
      if (!advisor) return [];
      return (await listAssignments(ctx.services.db, { advisorId: advisor.id, limit: 2000 })).map(toAssignment);
    },
    campaignAdvisors: async (_p, _args, ctx) => {
      requireRole(ctx, "ANALYST");
      return (await listAdvisors(ctx.services.db)).map((a) => ({ id: a.id, name: a.name, email: a.email, workloadCap: a.workloadCap, open: a.open }));
    },
    campaignWorkbook: async (_p, args, ctx) => {
      const r = await act(ctx, exportCampaignWorkbook, { campaignId: args.campaignId }, "");
      return { filename: r.filename, base64: Buffer.from(r.bytes).toString("base64") };
    },
  },
  Mutation: {
    createCampaign: async (_p, args, ctx) => {
      const i = args.input;
      const c = await act(ctx, createCampaign, {
        name: i.name,
        ...(i.scoringRunId != null ? { scoringRunId: i.scoringRunId } : {}),
        ...(i.selection != null ? { selection: lower<Selection>(i.selection) } : {}),
        ...(i.size != null ? { size: i.size } : {}),
        ...(i.controlShare != null ? { controlShare: i.controlShare } : {}),
        budget: i.budget,
        ...(i.seed != null ? { seed: i.seed } : {}),
      });
      return toCampaign(ctx, c);
    },
    updateCampaignContact: async (_p, args, ctx) => {
      const i = args.input;
      const r = await act(ctx, updateCampaignContact, { campaignId: i.campaignId, customerId: i.customerId, status: lower<StatusCode>(i.status), note: i.note ?? null });
      return { campaignId: r.campaignId, customerId: r.customerId, status: upper<ContactStatus>(r.status), note: r.note, at: new Date(), by: r.by };
    },
    registerCampaignAdvisor: async (_p, args, ctx) => {
      const a = await act(ctx, registerCampaignAdvisor, { email: args.email, name: args.name, workloadCap: args.workloadCap }, "");
      const load = (await listAdvisors(ctx.services.db)).find((x) => x.id === a.id);
      return { id: a.id, name: a.name, email: load?.email ?? args.email, workloadCap: a.workloadCap, open: load?.open ?? 0 };
    },
    assignCampaignAdvisors: async (_p, args, ctx) => (await act(ctx, assignCampaignAdvisors, { campaignId: args.campaignId }, "")).assigned,
    importCampaignWorkbook: async (_p, args, ctx) => {
      if (args.base64.length > 14_000_000) throw new AppError("PAYLOAD_TOO_LARGE", "base64 最大约 10 MB (file at most 10 MB)", { field: "base64" });
      return act(ctx, importCampaignWorkbook, { campaignId: args.campaignId, bytes: new Uint8Array(Buffer.from(args.base64, "base64")) }, "");
    },
  },
  Subscription: {
    campaignContacts: {
      // The caller is checked before the stream starts, so a refusal is FORBIDDEN, not a failed stream.
      subscribe: async (_p, args, ctx) => {
        requireViewer(ctx);
        const editor = await editorFor(ctx.services.db, ctx.viewer);
        return contactStream(ctx, args.campaignId, editor.advisorId);
      },
    },
  },
};

/** Replay: the statuses already recorded (an advisor's own customers only), then live changes. */
async function* contactStream(ctx: GraphQLContext, campaignId: number, advisorId: number | null): AsyncGenerator<{ campaignContacts: CampaignContactEvent }> {
  const own = advisorId !== null ? new Set((await listAssignments(ctx.services.db, { campaignId, advisorId, limit: 100_000 })).map((a) => a.customerId)) : null;
  const live = campaignEvents().iterate(campaignTopic(campaignId));
  try {
    for (const a of await listAssignments(ctx.services.db, { campaignId, limit: 100_000, ...(advisorId !== null ? { advisorId } : {}) })) {
      if (a.statusAt) yield { campaignContacts: { campaignId: a.campaignId, customerId: a.customerId, status: upper<ContactStatus>(a.status), note: a.note, at: a.statusAt, by: a.statusBy ?? "" } };
    }
    for await (const e of live) {
      if (own && !own.has(e.customerId)) continue;
      yield { campaignContacts: { campaignId: e.campaignId, customerId: e.customerId, status: upper<ContactStatus>(e.status), note: e.note, at: e.at, by: e.by } };
    }
  } finally {
    await live.return?.();
  }
}
