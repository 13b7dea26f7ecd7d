import { z } from "zod";
import { cancelPlanBatch as cancel } from "../plans/plan-service";
import { defineAction } from "./action";

export const cancelPlanBatch = defineAction({
  name: "cancel_plan_batch",
  policy: { role: "analyst" },
  input: z.object({ id: z.number().int().min(1).max(2_147_483_647) }).strict(),
  async run(ctx, input) {
    const batch = await cancel(ctx.services.plans, input.id);
    await ctx.audit(ctx.services.db, { target: `plan_batch:${input.id}` });
    ctx.services.cache.invalidate();
    return batch;
  },
});
