import { z } from "zod";
import { buildPlansWorkbook } from "../plans/excel";
import { defineAction } from "./action";

/** The retention plans of a batch (default: the latest) as an Excel workbook. */
export const exportPlans = defineAction({
  name: "export_plans",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ batchId: z.number().int().min(1).max(2_147_483_647).optional() }).strict(),
  async run(ctx, input) {
    const bytes = await buildPlansWorkbook(ctx.services.db, input.batchId === undefined ? {} : { batchId: input.batchId });
    await ctx.audit(ctx.services.db, { target: input.batchId ? `plan_batch:${input.batchId}` : "latest" });
    return { bytes: new Uint8Array(bytes), filename: `retention_plans${input.batchId ? `_${input.batchId}` : ""}.xlsx` };
  },
});
