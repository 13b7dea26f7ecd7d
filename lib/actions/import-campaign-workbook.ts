import { z } from "zod";
import { editorFor } from "../campaigns/advisors";
import { applyCampaignWorkbook } from "../campaigns/excel";
import { checkZipBounds } from "../data/zip-bounds";
import { defineAction } from "./action";

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Advisors upload the campaign workbook with the 联系状态 column filled in: every cell is checked
 * first (formulas, ids, control customers, statuses, moves), then all updates are written in one
 * transaction, or none.
 */
export const importCampaignWorkbook = defineAction({
  name: "import_campaign_workbook",
  policy: { role: "signed-in", cost: 2 },
  input: z
    .object({
      campaignId: z.number().int().min(1).max(2_147_483_647),
      bytes: z.instanceof(Uint8Array, { error: "file 必须是 .xlsx 文件内容 (file must be .xlsx bytes)" }).refine((b) => b.byteLength <= MAX_BYTES, { message: `file 最大 10 MB (at most 10 MB)` }),
    })
    .strict(),
  async run(ctx, input) {
    // A workbook that declares too much is refused before anything else is looked at.
    checkZipBounds(input.bytes, "file");
    const db = ctx.services.db;
    const editor = await editorFor(db, ctx.actor);
    return applyCampaignWorkbook(db, input.campaignId, editor, input.bytes, (tx) =>
      ctx.audit(tx, { target: `campaign:${input.campaignId}`, details: { bytes: input.bytes.byteLength } }),
    );
  },
});
