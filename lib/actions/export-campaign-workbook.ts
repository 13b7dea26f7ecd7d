import { z } from "zod";
import { editorFor } from "../campaigns/advisors";
import { buildCampaignWorkbook } from "../campaigns/excel";
import { defineAction } from "./action";

/** A campaign's treated customers with a 联系状态 column (an advisor gets only their own). */
export const exportCampaignWorkbook = defineAction({
  name: "export_campaign_workbook",
  policy: { role: "signed-in", cost: 1 },
  input: z.object({ campaignId: z.number().int().min(1).max(2_147_483_647) }).strict(),
  async run(ctx, input) {
    const db = ctx.services.db;
    const editor = await editorFor(db, ctx.actor);
    const bytes = await buildCampaignWorkbook(db, input.campaignId, editor);
    await ctx.audit(db, { target: `campaign:${input.campaignId}`, details: { advisorId: editor.advisorId } });
    return { bytes: new Uint8Array(bytes), filename: `campaign_${input.campaignId}.xlsx` };
  },
});
