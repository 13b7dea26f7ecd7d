import { z } from "zod";
import { heldInControl } from "../campaigns/campaign-service";
import { AppError } from "../errors/app-error";
import { regeneratePlan as regenerate } from "../plans/plan-service";
import { defineAction } from "./action";

/** Writes one customer's plan again (a new pending row the runner fills in). */
export const regeneratePlan = defineAction({
  name: "regenerate_plan",
  policy: { role: "analyst", cost: 1 },
  input: z.object({ customerId: z.string().min(1, "customerId 不能为空 (required)").max(64, "customerId 最长 64 个字符 (at most 64 characters)") }).strict(),
  async run(ctx, input) {
    if ((await heldInControl(ctx.services.db, "active", [input.customerId])).size > 0) {
      throw new AppError("FAILED_PRECONDITION", `客户 ${input.customerId} 在挽留活动的对照组中，活动结果出来前不发放计划 (a control-group customer gets no plan until the campaign's outcomes are in)`, { field: "customerId" });
    }
    const plan = await regenerate(ctx.services.plans, input.customerId, ctx.actor?.email, (tx, row) =>
      ctx.audit(tx, { target: `customer:${input.customerId}`, details: { batchId: row.batchId } }),
    );
    ctx.services.cache.invalidate();
    ctx.services.planRunner.kick();
    return plan;
  },
});
