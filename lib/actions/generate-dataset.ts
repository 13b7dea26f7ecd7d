import { z } from "zod";
import { generateAndStoreDataset, type DatasetProgress } from "../data/dataset-service";
import { DatasetInputError } from "../data/generator";
import { badInput } from "../errors/app-error";
import { defineAction } from "./action";

/** The generator's option names as this action's callers spell them. */
const FIELD: Record<string, string> = { customers: "nCustomers", lookbackWeeks: "nWeeks" };

export const generateDatasetInput = z
  .object({
    nCustomers: z.unknown().optional(),
    /** The lookback window (the seed's n_weeks). */
    nWeeks: z.unknown().optional(),
    historyWeeks: z.unknown().optional(),
    horizonWeeks: z.unknown().optional(),
    seed: z.unknown().optional(),
    churnRate: z.unknown().optional(),
    /** Injected drift (#14): from this week on, covariate shift in driftFeatures and/or concept drift. */
    driftWeek: z.unknown().optional(),
    driftFeatures: z.unknown().optional(),
    conceptDrift: z.unknown().optional(),
    name: z.string().max(200).optional(),
    onProgress: z.custom<DatasetProgress>((v) => typeof v === "function").optional(),
  })
  .strict();

/**
 * Simulates a timeline (customers, dated weekly activity, churn events) and makes it the active
 * dataset. It is not scored by a model trained
 * on other data: that happens when someone predicts or trains (the pages say it is unscored).
 */
export const generateDataset = defineAction({
  name: "generate_dataset",
  policy: { role: "admin", cost: 1 },
  input: generateDatasetInput,
  async run(ctx, input) {
    const s = ctx.services;
    const d = await generateAndStoreDataset(
      s.db,
      { customers: input.nCustomers, lookbackWeeks: input.nWeeks, historyWeeks: input.historyWeeks, horizonWeeks: input.horizonWeeks, seed: input.seed, churnRate: input.churnRate, driftWeek: input.driftWeek, driftFeatures: input.driftFeatures, conceptDrift: input.conceptDrift },
      { name: input.name, onProgress: input.onProgress, inTransaction: (tx, row) => ctx.audit(tx, { target: `dataset:${row.id}`, details: { customers: row.nCustomers, weeks: row.nWeeks, seed: row.seed } }) },
    ).catch((e: unknown) => {
      if (e instanceof DatasetInputError && e.field) throw badInput(FIELD[e.field] ?? e.field, e.message.replaceAll(e.field, FIELD[e.field] ?? e.field));
      throw e;
    });
    s.cache.invalidate();
    return d;
  },
});
