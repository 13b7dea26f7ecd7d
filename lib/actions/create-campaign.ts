import { randomInt } from "node:crypto";
import { z } from "zod";
import { createCampaign as create } from "../campaigns/campaign-service";
import { DEFAULT_CONTROL_SHARE, SELECTIONS } from "../campaigns/types";
import { latestUpliftScores } from "../campaigns/uplift-model";
import { publishBatch } from "../plans/batch-runner";
import { defineAction } from "./action";

/**
 * A retention campaign from a scoring run: the top of the chosen order, a randomised control
 * group per risk decile (recorded seed), plans for the treated within the budget and the
 * compliance gate, and advisor assignments. With an LLM configured the plans are a queued batch
 * that the plan runner writes and streams like any other (template fallback per plan).
 */
export const createCampaign = defineAction({
  name: "create_campaign",
  policy: { role: "analyst", cost: (i) => 1 + Math.floor(i.size / 1000) },
  input: z
    .object({
      name: z.string().trim().min(1, "name 不能为空 (required)").max(80, "name 最长 80 个字符 (at most 80 characters)"),
      scoringRunId: z.number().int().min(1).max(2_147_483_647).optional(),
      selection: z.enum(SELECTIONS, { error: `selection 必须是 ${SELECTIONS.join("、")} 之一 (one of ${SELECTIONS.join(", ")})` }).default("probability"),
      size: z.number().int("size 必须是整数 (an integer)").min(10, "size 最小为 10 (at least 10)").max(10_000, "size 最大为 10000 (at most 10000)").default(200),
      controlShare: z.number().min(0.05, "controlShare 最小为 0.05 (at least 0.05)").max(0.5, "controlShare 最大为 0.5 (at most 0.5)").default(DEFAULT_CONTROL_SHARE),
      budget: z.number().min(0, "budget 不能为负 (at least 0)").max(1e9, "budget 最大为 10 亿元 (at most 1e9)"),
      seed: z.number().int().min(0).max(2_147_483_647).optional(),
    })
    .strict(),
  async run(ctx, input) {
    const db = ctx.services.db;
    const seed = input.seed ?? randomInt(0, 2_147_483_647);
    const uplift = input.selection === "expected_saved" ? ((await latestUpliftScores(db, input.scoringRunId)) ?? undefined) : undefined;
    const campaign = await create(db, {
      ...input,
      seed,
      uplift,
      llmModel: ctx.services.llm?.model ?? null,
      actor: ctx.actor?.email ?? "system",
      inTransaction: (tx, c) =>
        ctx.audit(tx, {
          target: `campaign:${c.id}`,
          details: { selection: c.selection, treated: c.treatedCount, control: c.controlCount, controlShare: c.controlShare, seed: c.seed, budget: c.budget, cost: c.cost },
        }),
    });
    ctx.services.cache.invalidate();
    if (ctx.services.llm && campaign.planBatchId !== null) {
      publishBatch(ctx.services.events, campaign.planBatchId);
      ctx.services.planRunner.kick();
    }
    return campaign;
  },
});
