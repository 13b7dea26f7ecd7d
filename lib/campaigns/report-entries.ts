/**
 * The churn report's view of the campaigns run on the active dataset (newest first, a few at
 * most): counts, and the randomised comparison once as-of + H has passed.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { campaigns, datasets } from "../../db/schema";
import type { ReportArm, ReportCampaignEntry } from "../plans/report-campaign-results";
import { outcomeOf } from "./outcomes";
import type { ArmFigures } from "./uplift-stats";

/** The report lists at most this many campaigns (the newest). */
export const REPORT_CAMPAIGNS_MAX = 10;

const arm = (a: ArmFigures): ReportArm => ({ customers: a.customers, churned: a.churned, churnRate: a.churnRate, assets: a.assets, retainedAssets: a.retainedAssets });

export async function campaignReportEntries(db: Db): Promise<ReportCampaignEntry[]> {
  const rows = await db
    .select({ c: campaigns })
    .from(campaigns)
    .innerJoin(datasets, and(eq(datasets.id, campaigns.datasetId), eq(datasets.isActive, true)))
    .orderBy(desc(campaigns.id))
    .limit(REPORT_CAMPAIGNS_MAX);
  return rows.map(({ c }) => {
    const o = outcomeOf(c);
    return {
      id: c.id,
      name: c.name,
      asOfWeek: c.asOfWeek,
      horizonWeeks: c.horizonWeeks,
      treatedCount: c.treatedCount,
      controlCount: c.controlCount,
      controlShare: c.controlShare,
      budget: c.budget,
      outcome: o
        ? {
            treated: arm(o.treated),
            control: arm(o.control),
            difference: o.difference ? { estimate: o.difference.estimate, low: o.difference.low, high: o.difference.high } : null,
            cost: o.cost,
            assetsSaved: o.assetsSaved,
            customersSaved: o.customersSaved,
            contacted: { contacted: arm(o.contacted.contacted), notContacted: arm(o.contacted.notContacted) },
          }
        : null,
    };
  });
}
