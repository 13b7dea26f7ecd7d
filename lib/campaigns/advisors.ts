/**
 * Advisors' workflow. An advisor (客户经理) is a scope on an existing account, not a new role:
 * a campaign_advisors row gives the account a name and a workload cap, and from then on the
 * campaign surfaces show it only its own customers and let it update only those. Treated
 * customers are assigned in selection order to the advisors with the most free capacity; a
 * control customer is never assigned (it gets no contact).
 */
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignAdvisors, campaignMembers, campaigns, customers, retentionPlans, users, type CampaignAdvisorRow } from "../../db/schema";
import { roleAtLeast, type Principal } from "../auth/accounts";
import { AppError } from "../errors/app-error";
import { campaignEvents, campaignTopic } from "./campaign-events";
import { NEXT_STATUSES, OPEN_STATUSES, type ContactStatus } from "./types";

export async function advisorForUser(db: Db, userId: number | undefined): Promise<CampaignAdvisorRow | null> {
  if (userId === undefined) return null;
  const [a] = await db.select().from(campaignAdvisors).where(eq(campaignAdvisors.userId, userId)).limit(1);
  return a ?? null;
}

/** Makes an account an advisor (or changes its name and cap). */
export async function upsertAdvisor(db: Db, input: { email: string; name: string; workloadCap: number }): Promise<CampaignAdvisorRow> {
  const [u] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email.trim().toLowerCase())).limit(1);
  if (!u) throw new AppError("NOT_FOUND", `账户 ${input.email} 不存在 (no account with this email)`, { field: "email" });
  const [row] = await db
    .insert(campaignAdvisors)
    .values({ userId: u.id, name: input.name, workloadCap: input.workloadCap })
    .onConflictDoUpdate({ target: campaignAdvisors.userId, set: { name: input.name, workloadCap: input.workloadCap } })
    .returning();
  return row!;
}

export interface AdvisorLoad extends CampaignAdvisorRow {
  open: number;
  email: string;
}

export async function listAdvisors(db: Db): Promise<AdvisorLoad[]> {
  const rows = await db
    .select({
      a: campaignAdvisors,
      email: users.email,
      open: sql<number>`(select count(*)::int from ${campaignMembers} m where m.advisor_id = ${campaignAdvisors.id} and m.status in ('pending', 'contacted'))`,
    })
    .from(campaignAdvisors)
    .innerJoin(users, eq(users.id, campaignAdvisors.userId))
    .where(eq(users.disabled, false))
    .orderBy(asc(campaignAdvisors.id));
  return rows.map((r) => ({ ...r.a, email: r.email, open: Number(r.open) }));
}

/**
 * Assigns a campaign's unassigned treated customers, in selection order, each to the advisor with
 * the most free capacity (cap − open assignments over all campaigns). Customers beyond every
 * advisor's cap stay unassigned until advisors are added or free up. Returns how many were assigned.
 */
export async function assignUnassigned(db: Db, campaignId: number): Promise<number> {
  const advisors = await listAdvisors(db);
  const free = new Map(advisors.map((a) => [a.id, a.workloadCap - a.open]));
  const waiting = await db
    .select({ customerId: campaignMembers.customerId })
    .from(campaignMembers)
    .where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.arm, "treated"), isNull(campaignMembers.advisorId), inArray(campaignMembers.status, [...OPEN_STATUSES])))
    .orderBy(asc(campaignMembers.rank));
  const byAdvisor = new Map<number, string[]>();
  for (const w of waiting) {
    let best: number | null = null;
    for (const [id, f] of free) if (f > 0 && (best === null || f > free.get(best)!)) best = id;
    if (best === null) break;
    free.set(best, free.get(best)! - 1);
    const list = byAdvisor.get(best) ?? [];
    list.push(w.customerId);
    byAdvisor.set(best, list);
  }
  let n = 0;
  for (const [advisorId, ids] of byAdvisor) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .update(campaignMembers)
        .set({ advisorId })
        .where(and(eq(campaignMembers.campaignId, campaignId), eq(campaignMembers.arm, "treated"), inArray(campaignMembers.customerId, ids.slice(i, i + 500))));
    }
    n += ids.length;
  }
  return n;
}

export interface AssignmentView {
  campaignId: number;
  campaignName: string;
  customerId: string;
  customerName: string;
  phone: string;
  rank: number;
  probability: number;
  assets: number;
  advisorId: number | null;
  status: ContactStatus;
  note: string | null;
  statusAt: Date | null;
  statusBy: string | null;
  planId: number | null;
  planScript: string | null;
  planOffer: string | null;
}

/**
 * Treated customers of campaigns with their contact status: all of them for a campaign, or only
 * one advisor's. Control customers are never listed (they have no status and no advisor).
 */
export async function listAssignments(db: Db, filter: { campaignId?: number; advisorId?: number; limit?: number; offset?: number }): Promise<AssignmentView[]> {
  const conds = [eq(campaignMembers.arm, "treated")];
  if (filter.campaignId !== undefined) conds.push(eq(campaignMembers.campaignId, filter.campaignId));
  if (filter.advisorId !== undefined) conds.push(eq(campaignMembers.advisorId, filter.advisorId));
  const rows = await db
    .select({ m: campaignMembers, campaignName: campaigns.name, customerName: customers.name, phone: customers.phone, plan: retentionPlans.plan })
    .from(campaignMembers)
    .innerJoin(campaigns, eq(campaigns.id, campaignMembers.campaignId))
    .innerJoin(customers, and(eq(customers.datasetId, campaigns.datasetId), eq(customers.id, campaignMembers.customerId)))
    .leftJoin(retentionPlans, eq(retentionPlans.id, campaignMembers.planId))
    .where(and(...conds))
    .orderBy(asc(campaignMembers.campaignId), asc(campaignMembers.rank))
    .limit(filter.limit ?? 500)
    .offset(filter.offset ?? 0);
  return rows.map(({ m, campaignName, customerName, phone, plan }) => {
    const p = plan as { script?: string; offer?: string } | null;
    return {
      campaignId: m.campaignId,
      campaignName,
      customerId: m.customerId,
      customerName,
      phone,
      rank: m.rank,
      probability: m.probability,
      assets: m.assets,
      advisorId: m.advisorId,
      status: (m.status ?? "pending") as ContactStatus,
      note: m.note,
      statusAt: m.statusAt,
      statusBy: m.statusBy,
      planId: m.planId,
      planScript: p?.script ?? null,
      planOffer: p?.offer ?? null,
    };
  });
}

export interface StatusUpdate {
  campaignId: number;
  customerId: string;
  status: ContactStatus;
  note?: string | null;
}

/**
 * Who may touch a campaign member: an account with the advisor scope only its own customers;
 * any other account from analyst up, every treated customer. Throws FORBIDDEN / NOT_FOUND.
 */
export interface Editor {
  email: string;
  advisorId: number | null;
  /** Analyst or above without the advisor scope. */
  manager: boolean;
}

/**
 * Applies status updates in one transaction after checking them all: each must name a treated
 * member the editor may touch, and follow the allowed moves (待联系 → 已联系 → 接受/拒绝/无法联系).
 * Any bad update → nothing is written; the error lists every bad update.
 */
export async function applyStatusUpdates(
  db: Db,
  editor: Editor,
  updates: readonly StatusUpdate[],
  options: { at?: Date; inTransaction?: (tx: Db) => Promise<void> } = {},
): Promise<number> {
  const at = options.at ?? new Date();
  const problems: { index: number; customerId: string; message: string }[] = [];
  const byCampaign = new Map<number, StatusUpdate[]>();
  updates.forEach((u) => byCampaign.set(u.campaignId, [...(byCampaign.get(u.campaignId) ?? []), u]));
  const current = new Map<string, { arm: string; status: ContactStatus | null; advisorId: number | null }>();
  for (const [campaignId, us] of byCampaign) {
    const ids = [...new Set(us.map((u) => u.customerId))];
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .select({ customerId: campaignMembers.customerId, arm: campaignMembers.arm, status: campaignMembers.status, advisorId: campaignMembers.advisorId })
        .from(campaignMembers)
        .where(and(eq(campaignMembers.campaignId, campaignId), inArray(campaignMembers.customerId, ids.slice(i, i + 1000))));
      for (const r of rows) current.set(`${campaignId}:${r.customerId}`, { arm: r.arm, status: r.status as ContactStatus | null, advisorId: r.advisorId });
    }
  }
  updates.forEach((u, index) => {
    const m = current.get(`${u.campaignId}:${u.customerId}`);
    if (!m) return problems.push({ index, customerId: u.customerId, message: `客户 ${u.customerId} 不在活动 ${u.campaignId} 中 (not in the campaign)` });
    if (m.arm === "control") return problems.push({ index, customerId: u.customerId, message: `客户 ${u.customerId} 属于对照组，不得联系 (a control-group customer is not contacted)` });
    if (editor.advisorId !== null ? m.advisorId !== editor.advisorId : !editor.manager) {
      return problems.push({ index, customerId: u.customerId, message: `客户 ${u.customerId} 不是您负责的客户 (not your customer)` });
    }
    const from = m.status ?? "pending";
    if (u.status !== from && !NEXT_STATUSES[from].includes(u.status)) {
      return problems.push({ index, customerId: u.customerId, message: `状态不能从 ${from} 改为 ${u.status} (status cannot move from ${from} to ${u.status})` });
    }
  });
  if (problems.length) {
    const forbidden = problems.every((p) => p.message.includes("not your customer"));
    throw new AppError(forbidden ? "FORBIDDEN" : "BAD_USER_INPUT", problems.map((p) => p.message).join("; "), { field: "updates", details: problems });
  }
  await db.transaction(async (tx) => {
    for (const u of updates) {
      await tx
        .update(campaignMembers)
        .set({ status: u.status, note: u.note ?? null, statusAt: at, statusBy: editor.email })
        .where(and(eq(campaignMembers.campaignId, u.campaignId), eq(campaignMembers.customerId, u.customerId)));
    }
    await options.inTransaction?.(tx);
  });
  for (const u of updates) {
    campaignEvents().publish(campaignTopic(u.campaignId), { campaignId: u.campaignId, customerId: u.customerId, status: u.status, note: u.note ?? null, at: at.toISOString(), by: editor.email });
  }
  return updates.length;
}

/**
 * The editing rights of an actor over campaign members (see applyStatusUpdates): an advisor
 * scope, or analyst and above; anyone else is refused here (FORBIDDEN).
 */
export async function editorFor(db: Db, actor: Principal | null): Promise<Editor> {
  if (!actor) throw new AppError("UNAUTHENTICATED", "请先登录或提供 API 令牌 (authentication required)");
  const advisor = await advisorForUser(db, actor.userId);
  const editor = { email: actor.email, advisorId: advisor?.id ?? null, manager: roleAtLeast(actor.role, "analyst") };
  if (editor.advisorId === null && !editor.manager) throw new AppError("FORBIDDEN", "权限不足：需要 analyst 角色或客户经理身份 (forbidden: requires analyst or the advisor scope)");
  return editor;
}
