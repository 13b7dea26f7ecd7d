import { z } from "zod";
import { applyStatusUpdates, editorFor } from "../campaigns/advisors";
import { CONTACT_STATUSES } from "../campaigns/types";
import { defineAction } from "./action";

export const contactUpdateSchema = z
  .object({
    campaignId: z.number().int().min(1).max(2_147_483_647),
    customerId: z.string().min(1, "customerId 不能为空 (required)").max(64, "customerId 最长 64 个字符 (at most 64 characters)"),
    status: z.enum(CONTACT_STATUSES, { error: `status 必须是 ${CONTACT_STATUSES.join("、")} 之一 (one of ${CONTACT_STATUSES.join(", ")})` }),
    note: z.string().max(500, "note 最长 500 个字符 (at most 500 characters)").nullish(),
  })
  .strict();

/**
 * An advisor records a contact: 待联系 → 已联系 → 接受 / 拒绝 / 无法联系, with a note and the time.
 * An advisor-scoped account may touch only its own customers; others need analyst.
 */
export const updateCampaignContact = defineAction({
  name: "update_campaign_contact",
  policy: { role: "signed-in", cost: 1 },
  input: contactUpdateSchema,
  async run(ctx, input) {
    const db = ctx.services.db;
    const editor = await editorFor(db, ctx.actor);
    await applyStatusUpdates(db, editor, [input], {
      inTransaction: (tx) => ctx.audit(tx, { target: `campaign:${input.campaignId}`, details: { customerId: input.customerId, status: input.status } }),
    });
    return { ...input, note: input.note ?? null, by: editor.email };
  },
});
