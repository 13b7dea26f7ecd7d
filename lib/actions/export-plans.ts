import { z } from "zod";
import { openPlansWorkbook } from "../plans/excel";
import { defineAction } from "./action";

/**
 * The retention plans of a batch (default: the latest) as an Excel workbook, streamed: the bytes
 * are produced page by page while the caller reads them; the audit row records the start.
 */
export const exportPlans = defineAction({
  name: "export_plans",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ batchId: z.number().int().min(1).max(2_147_483_647).optional() }).strict(),
  async run(ctx, input) {
    const chunks = await openPlansWorkbook(ctx.services.db, input.batchId === undefined ? {} : { batchId: input.batchId });
    await ctx.audit(ctx.services.db, { target: input.batchId ? `plan_batch:${input.batchId}` : "latest" });
    return { chunks, filename: `retention_plans${input.batchId ? `_${input.batchId}` : ""}.xlsx` };
  },
});
