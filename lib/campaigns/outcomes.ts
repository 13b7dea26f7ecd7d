/**
 * A campaign's outcomes: once its as-of date + H weeks lies inside the data, every member learns
 * whether it churned within H weeks. On synthetic data the timeline knows nothing of the
 * campaign, so a treated member's churn passes through the simulation (simulation.ts) with the
 * true effect recorded at creation; imported data gives the outcome as it is.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaignMembers, campaigns, customers, featureVectors, type CampaignRow, type DatasetRow } from "../../db/schema";
import { realiseMember } from "./simulation";
import { wasContacted, type ContactStatus } from "./types";
import { campaignOutcome, type CampaignOutcome, type MemberOutcome } from "./uplift-stats";

export async function realiseCampaign(db: Db, campaign: CampaignRow): Promise<CampaignOutcome> {
  const end = campaign.asOfWeek + campaign.horizonWeeks;
  const rows = await db
    .select({ m: campaignMembers, churnWeek: customers.churnWeek, p: featureVectors.trueProbability })
    .from(campaignMembers)
    .innerJoin(customers, and(eq(customers.datasetId, campaign.datasetId), eq(customers.id, campaignMembers.customerId)))
    .leftJoin(featureVectors, and(eq(featureVectors.datasetId, campaign.datasetId), eq(featureVectors.asOfWeek, campaign.asOfWeek), eq(featureVectors.customerId, campaignMembers.customerId)))
    .where(eq(campaignMembers.campaignId, campaign.id))
    .orderBy(asc(campaignMembers.rank));
  const members: MemberOutcome[] = [];
  const updates: { customerId: string; natural: 0 | 1; outcome: 0 | 1; contacted: boolean | null; trueEffect: number | null }[] = [];
  for (const { m, churnWeek, p } of rows) {
    const natural: 0 | 1 = churnWeek !== null && churnWeek < end ? 1 : 0;
    const simulated = m.relativeEffect !== null && m.contactProbability !== null;
    const r = realiseMember(campaign.seed, m.customerId, m.arm, natural, simulated ? { relative: m.relativeEffect!, contactProbability: m.contactProbability! } : null);
    // Simulated data: contact is what the simulation drew; real data: what the advisors recorded.
    const contacted = simulated ? r.contacted : wasContacted(m.status as ContactStatus | null);
    // The true churn probability at the as-of date is known now that its horizon has passed.
    const trueEffect = simulated && p !== null && Number.isFinite(p) ? p * m.relativeEffect! * m.contactProbability! : null;
    updates.push({ customerId: m.customerId, natural, outcome: r.outcome, contacted: simulated ? r.contacted : null, trueEffect });
    members.push({ arm: m.arm, decile: m.decile, assets: m.assets, offerCost: m.offerCost, outcome: r.outcome, contacted, score: -m.rank, trueEffect });
  }
  const outcome = campaignOutcome(members);
  await db.transaction(async (tx) => {
    for (const u of updates) {
      await tx
        .update(campaignMembers)
        .set({ naturalOutcome: u.natural, outcome: u.outcome, simulatedContact: u.contacted, trueEffect: u.trueEffect })
        .where(and(eq(campaignMembers.campaignId, campaign.id), eq(campaignMembers.customerId, u.customerId)));
    }
    await tx.update(campaigns).set({ outcome: outcome as unknown as Record<string, unknown>, outcomesAt: new Date() }).where(eq(campaigns.id, campaign.id));
  });
  return outcome;
}

/** Records outcomes for every campaign of the dataset whose horizon has passed and that has none yet. */
export async function recordCampaignOutcomes(db: Db, dataset: Pick<DatasetRow, "id" | "asOfWeek">): Promise<CampaignRow[]> {
  const due = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.datasetId, dataset.id), isNull(campaigns.outcomesAt), sql`${campaigns.asOfWeek} + ${campaigns.horizonWeeks} <= ${dataset.asOfWeek}`));
  for (const c of due) await realiseCampaign(db, c);
  return due;
}

export function outcomeOf(c: CampaignRow): CampaignOutcome | null {
  return (c.outcome as unknown as CampaignOutcome | null) ?? null;
}
