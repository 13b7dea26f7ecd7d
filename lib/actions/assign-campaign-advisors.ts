import { z } from "zod";
import { assignUnassigned } from "../campaigns/advisors";
import { getCampaign } from "../campaigns/campaign-service";
import { defineAction } from "./action";

/** Assigns a campaign's unassigned treated customers to advisors with free capacity. */
export const assignCampaignAdvisors = defineAction({
  name: "assign_campaign_advisors",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ campaignId: z.number().int().min(1).max(2_147_483_647) }).strict(),
  async run(ctx, input) {
    await getCampaign(ctx.services.db, input.campaignId);
    return ctx.services.db.transaction(async (tx) => {
      const assigned = await assignUnassigned(tx, input.campaignId);
      await ctx.audit(tx, { target: `campaign:${input.campaignId}`, details: { assigned } });
      return { assigned };
    });
  },
});
