import { z } from "zod";
import { upsertAdvisor } from "../campaigns/advisors";
import { defineAction } from "./action";

/** Gives an account the advisor scope (客户经理) with a name and a workload cap, or changes them. */
export const registerCampaignAdvisor = defineAction({
  name: "register_campaign_advisor",
  policy: { role: "admin", cost: 1 },
  input: z
    .object({
      email: z.string().min(3, "email 不能为空 (required)").max(254, "email 最长 254 个字符 (at most 254 characters)"),
      name: z.string().trim().min(1, "name 不能为空 (required)").max(40, "name 最长 40 个字符 (at most 40 characters)"),
      workloadCap: z.number().int("workloadCap 必须是整数 (an integer)").min(1, "workloadCap 最小为 1 (at least 1)").max(2000, "workloadCap 最大为 2000 (at most 2000)"),
    })
    .strict(),
  async run(ctx, input) {
    return ctx.services.db.transaction(async (tx) => {
      const advisor = await upsertAdvisor(tx, input);
      await ctx.audit(tx, { target: `advisor:${advisor.id}`, details: { email: input.email, workloadCap: input.workloadCap } });
      return advisor;
    });
  },
});
