import { eq } from "drizzle-orm";
import { z } from "zod";
import { datasets, type DatasetRow, type ScoringJobRow, type ScoringRunRow } from "../../db/schema";
import { recordCampaignOutcomes } from "../campaigns/outcomes";
import { appendTimeline } from "../data/dataset-store";
import type { ImportFile } from "../data/import";
import { exportImportFormat } from "../data/import/export-import-format";
import { discardUpload, loadUpload } from "../data/import/upload-store";
import { importTimelineInWorker } from "../data/import/import-in-worker";
import type { ImportWarning } from "../data/import/issues";
import { MappingProfileError, parseMappingProfile, parseMappingProfileJson, type MappingProfile } from "../data/import/mapping";
import type { TimelineImportSummary } from "../data/import/timeline-import";
import { checkZipBounds } from "../data/zip-bounds";
import { AppError } from "../errors/app-error";
import { recordOutcomes } from "../monitor/outcomes";
import { scoreArrivedWeeks } from "../services/scheduled-scoring";
import { defineAction } from "./action";

const file = z.custom<ImportFile>((v) => typeof v === "object" && v !== null && typeof (v as ImportFile).name === "string" && (v as ImportFile).bytes instanceof Uint8Array, {
  error: "必须是文件 {name, bytes} (must be a file)",
});

export const appendDatasetWeeksInput = z
  .object({
    datasetId: z.number({ error: "datasetId 必须是数据集编号 (dataset id)" }).int("datasetId 必须是整数 (an integer)").min(1).max(2_147_483_647),
    /** Dated activity of the new weeks only (daily, weekly or monthly rows), contiguous from the data date. */
    activity: file.nullish(),
    /** Files uploaded before (uploadImportFiles, REST POST /api/datasets/import/uploads) instead of sending them. */
    uploadId: z.uuid({ error: "uploadId 必须是上传返回的编号 (must be the id an upload returned)" }).optional(),
    /** New customers who join (ids already in the dataset keep their stored row). */
    customers: file.nullish(),
    /** Churn events dated on or after the data date. */
    events: file.nullish(),
    /** Mapping profile for the new files (object or JSON text); default: suggestions from their headers. */
    mapping: z.union([z.string().max(1_000_000), z.record(z.string(), z.unknown())]).nullish(),
    /** Wait for the scoring job the new weeks queue (the CLI, which runs no background runner). */
    waitForScoring: z.boolean().optional(),
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === "function").optional(),
  })
  .strict();

export interface AppendOutcome {
  dataset: DatasetRow;
  weeksAdded: number;
  warnings: ImportWarning[];
  profile: MappingProfile;
  summary: TimelineImportSummary;
  /** Past scoring runs that received their realised outcomes (t + H has passed). */
  outcomes: ScoringRunRow[];
  /** The scoring job queued for the new as-of date (null without an active model). */
  scoringJob: ScoringJobRow | null;
}

function profileOf(mapping: z.output<typeof appendDatasetWeeksInput>["mapping"]): MappingProfile | undefined {
  if (mapping === null || mapping === undefined) return undefined;
  try {
    return typeof mapping === "string" ? parseMappingProfileJson(mapping) : parseMappingProfile(mapping);
  } catch (e) {
    if (e instanceof MappingProfileError) throw new AppError("BAD_USER_INPUT", e.message, { field: `mapping.${e.field}`.replace(/\.profile$/, ""), cause: e });
    throw e;
  }
}

/**
 * New weeks of a brokerage's own data for a stored imported timeline: the activity (and
 * optionally joining customers and churn events) of the weeks after its data date. Every cell
 * is checked against the stored history (weeks new and contiguous, customers known or joining);
 * on any problem a TimelineImportError lists them and nothing is written. Otherwise one
 * transaction appends the rows, learns the labels now known and moves the as-of date; past
 * scoring runs whose t + H has passed get their realised outcomes, and a scoring job is queued
 * for the new as-of date — as `advanceDataset` does for a synthetic timeline.
 *
 * The stored history is read back through the import-format export, so the new weeks'
 * features are computed exactly as an import of the whole history would compute them.
 */
export const appendDatasetWeeks = defineAction({
  name: "append_dataset_weeks",
  policy: { role: "admin", cost: 1 },
  input: appendDatasetWeeksInput,
  async run(ctx, raw): Promise<AppendOutcome> {
    const s = ctx.services;
    let input = raw;
    if (raw.uploadId) {
      if (raw.customers || raw.activity || raw.events) throw new AppError("BAD_USER_INPUT", "uploadId 与直接上传的文件只能二选一 (pass either uploadId or files)", { field: "uploadId" });
      const up = await loadUpload(ctx.actor?.id ?? "anonymous", raw.uploadId);
      input = { ...raw, activity: up.activity ?? null, customers: up.customers ?? null, events: up.events ?? null };
    }
    const activity = input.activity;
    if (!activity) throw new AppError("BAD_USER_INPUT", "缺少新周的活动文件 activity (the new weeks' activity file is required)", { field: "activity" });
    const [dataset] = await s.db.select().from(datasets).where(eq(datasets.id, input.datasetId)).limit(1);
    if (!dataset) throw new AppError("NOT_FOUND", `数据集 ${input.datasetId} 不存在 (dataset not found)`, { field: "datasetId" });
    if (dataset.kind !== "timeline" || !dataset.startDate) {
      throw new AppError("BAD_USER_INPUT", `数据集 ${dataset.id} 不是时间线数据集，无法追加周数据 (only a timeline dataset has weeks to append to)`, { field: "datasetId" });
    }
    if (dataset.generator) {
      throw new AppError("BAD_USER_INPUT", `数据集 ${dataset.id} 是合成时间线，请用 advance 推进 (a synthetic timeline moves on with advance)`, { field: "datasetId" });
    }
    for (const key of ["activity", "customers", "events"] as const) {
      const f = input[key];
      if (f && f.name.toLowerCase().endsWith(".xlsx")) checkZipBounds(f.bytes, key);
    }
    const stored = await exportImportFormat(s.db, dataset.id);
    if (!stored) throw new AppError("NOT_FOUND", `数据集 ${input.datasetId} 不存在 (dataset not found)`, { field: "datasetId" });
    const bytes = (f: { name: string; text: string }): ImportFile => ({ name: f.name, bytes: new TextEncoder().encode(f.text) });
    const parsed = await importTimelineInWorker(
      { activity, ...(input.customers ? { customers: input.customers } : {}), ...(input.events ? { events: input.events } : {}) },
      {
        profile: profileOf(input.mapping),
        name: dataset.name,
        append: {
          base: { customers: bytes(stored.customers), activity: bytes(stored.activity), events: bytes(stored.events), profile: stored.profile },
          startDate: dataset.startDate,
          nWeeks: dataset.nWeeks,
          lookbackWeeks: dataset.lookbackWeeks,
          horizonWeeks: dataset.horizonWeeks,
        },
      },
    );
    const weeksAdded = parsed.records.nWeeks - dataset.nWeeks;
    // Two appends of the same weeks cannot both land: the second one's weekly rows collide with
    // the first one's primary keys and its whole transaction rolls back.
    const appended = await appendTimeline(s.db, dataset, parsed.records, input.onProgress, (tx, row) =>
      ctx.audit(tx, {
        target: `dataset:${row.id}`,
        details: { weeksAdded, nWeeks: row.nWeeks, asOfWeek: row.asOfWeek, customers: row.nCustomers, mapping: parsed.profile.name, churnSource: parsed.summary.churnSource },
      }),
    );
    const outcomes = await recordOutcomes(s.db, appended);
    await recordCampaignOutcomes(s.db, appended);
    const scoringJob = await scoreArrivedWeeks(s, appended, "import", { wait: input.waitForScoring ?? false });
    s.cache.invalidate();
    if (raw.uploadId) await discardUpload(raw.uploadId);
    return { dataset: appended, weeksAdded, warnings: parsed.warnings, profile: parsed.profile, summary: parsed.summary, outcomes, scoringJob };
  },
});
