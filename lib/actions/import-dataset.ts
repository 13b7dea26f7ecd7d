import { z } from "zod";
import type { DatasetRow } from "../../db/schema";
import { writeDatasetRecords } from "../data/dataset-store";
import type { ImportFile } from "../data/import";
import { issuesCsv, RULE_ZH, TimelineImportError, type CellIssue, type ImportWarning, type IssueRule, type MappedColumn } from "../data/import/issues";
import { MappingProfileError, parseMappingProfile, parseMappingProfileJson, type FileKind, type MappingProfile } from "../data/import/mapping";
import { importTimelineInWorker, parseImportInWorker } from "../data/import/import-in-worker";
import type { TimelineImportResult, TimelineImportSummary } from "../data/import/timeline-import";
import { discardUpload, loadUpload, saveUpload, type StoredUpload } from "../data/import/upload-store";
import { checkZipBounds } from "../data/zip-bounds";
import { AppError } from "../errors/app-error";
import { defineAction, type ActionContext } from "./action";

const file = z.custom<ImportFile>((v) => typeof v === "object" && v !== null && typeof (v as ImportFile).name === "string" && (v as ImportFile).bytes instanceof Uint8Array, {
  error: "必须是文件 {name, bytes} (must be a file)",
});

/** Bad cells a preview lists in full; the downloadable CSV (importErrorsCsv) has all collected ones. */
export const PREVIEW_ERRORS_DEFAULT = 100;
const PREVIEW_ERRORS_MAX = 1000;

const filesInput = {
  /** Customer master (CSV/XLSX). */
  customers: file.nullish(),
  /** Dated activity (daily, weekly or monthly rows). With it the import is a timeline. */
  activity: file.nullish(),
  /** Optional churn events (closures, transfers-out, with dates). */
  events: file.nullish(),
  /** Legacy shape: weekly rows numbered 1..52 (no dates). Not combinable with activity. */
  weekly: file.nullish(),
  /** Files uploaded before (uploadImportFiles, REST POST /api/datasets/import/uploads) instead of sending them again. */
  uploadId: z.uuid({ error: "uploadId 必须是上传返回的编号 (must be the id an upload returned)" }).optional(),
  /** Mapping profile: an object, or its JSON text (a saved profile file). */
  mapping: z.union([z.string().max(1_000_000), z.record(z.string(), z.unknown())]).nullish(),
  /** The dataset is to be trained on: a missing label (no churn at any labelled as-of date) is then an error. */
  forTraining: z.boolean().optional(),
  name: z.string().max(200).optional(),
};

export const importDatasetInput = z
  .object({
    ...filesInput,
    onProgress: z.custom<(done: number, total: number) => void>((v) => typeof v === "function").optional(),
  })
  .strict();

export const previewImportInput = z
  .object({
    ...filesInput,
    /** How many bad cells to list (the counts per rule cover all of them). */
    maxErrors: z.number().int().min(0).max(PREVIEW_ERRORS_MAX).optional(),
  })
  .strict();

type FilesInput = z.output<z.ZodObject<typeof filesInput>>;

/** The input with an upload's files in place of `uploadId`; files sent with the call are refused alongside one. */
async function withUpload<T extends FilesInput>(ctx: ActionContext, input: T): Promise<T> {
  if (!input.uploadId) return input;
  if (input.customers || input.activity || input.events || input.weekly) {
    throw new AppError("BAD_USER_INPUT", "uploadId 与直接上传的文件只能二选一 (pass either uploadId or files)", { field: "uploadId" });
  }
  const files = await loadUpload(ctx.actor?.id ?? "anonymous", input.uploadId);
  return { ...input, customers: files.customers ?? null, activity: files.activity ?? null, events: files.events ?? null };
}

export const uploadImportFilesInput = z
  .object({
    customers: file,
    activity: file.nullish(),
    events: file.nullish(),
  })
  .strict();

/**
 * Keeps uploaded import files for an hour under an id, so previewImport and importDataset can
 * name them (GraphQL bodies are too small for files). Only the uploader can use the id.
 */
export const uploadImportFiles = defineAction({
  name: "upload_import_files",
  policy: { role: "admin", cost: 1, audited: false },
  input: uploadImportFilesInput,
  async run(ctx, input): Promise<StoredUpload> {
    checkXlsxBounds(input);
    return saveUpload(ctx.actor?.id ?? "anonymous", { customers: input.customers, ...(input.activity ? { activity: input.activity } : {}), ...(input.events ? { events: input.events } : {}) });
  },
});

/**
 * An .xlsx whose zip directory declares too much (or lies in a way JSZip would read differently)
 * is refused here, naming the input field, before a worker is started; the worker checks again
 * with each entry inflated against its declared size.
 */
function checkXlsxBounds(input: Partial<Record<"customers" | "activity" | "events" | "weekly", ImportFile | null | undefined>>): void {
  for (const key of ["customers", "activity", "events", "weekly"] as const) {
    const f = input[key];
    if (f && f.name.toLowerCase().endsWith(".xlsx")) checkZipBounds(f.bytes, key);
  }
}

/** The worker names an archive error by the file's name; the caller knows the file by its input field. */
async function withFieldNames<T>(input: FilesInput, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AppError && (e.code === "ARCHIVE_INVALID" || e.code === "ARCHIVE_TOO_LARGE")) {
      const key = (["customers", "activity", "events", "weekly"] as const).find((k) => input[k]?.name === e.field);
      if (key) throw new AppError(e.code, e.message.replace(`${e.field}: `, `${key} (${e.field}): `), { field: key });
    }
    throw e;
  }
}

function profileOf(mapping: FilesInput["mapping"]): MappingProfile | undefined {
  if (mapping === null || mapping === undefined) return undefined;
  try {
    return typeof mapping === "string" ? parseMappingProfileJson(mapping) : parseMappingProfile(mapping);
  } catch (e) {
    if (e instanceof MappingProfileError) throw new AppError("BAD_USER_INPUT", e.message, { field: `mapping.${e.field}`.replace(/\.profile$/, ""), cause: e });
    throw e;
  }
}

function timelineFiles(input: FilesInput) {
  if (!input.customers) throw new AppError("BAD_USER_INPUT", "缺少客户文件 customers (CSV 或 XLSX) (customers file required)", { field: "customers" });
  if (input.weekly && input.activity) throw new AppError("BAD_USER_INPUT", "weekly（旧格式周序号）与 activity（带日期的活动）只能提供一个 (weekly and activity are exclusive)", { field: "weekly" });
  if (input.events && !input.activity) throw new AppError("BAD_USER_INPUT", "事件文件 events 需要与带日期的活动文件 activity 一起导入 (events need an activity file)", { field: "events" });
  if (input.mapping && !input.activity) throw new AppError("BAD_USER_INPUT", "映射配置 mapping 用于带日期的活动导入，请同时提供 activity 文件 (mapping needs an activity file)", { field: "mapping" });
  return input.activity ? { customers: input.customers, activity: input.activity, ...(input.events ? { events: input.events } : {}) } : null;
}

function runTimeline(input: FilesInput): Promise<TimelineImportResult> | null {
  const files = timelineFiles(input);
  if (!files) return null;
  // Parsing and validation run in a worker thread: the server keeps answering during a large import.
  return importTimelineInWorker(files, { profile: profileOf(input.mapping), name: input.name, forTraining: input.forTraining });
}

export interface RuleCount {
  rule: IssueRule;
  ruleZh: string;
  count: number;
}

export interface ImportPreview {
  /** True when importDataset with the same files and mapping would write the dataset. */
  ok: boolean;
  /** The mapping used: the one given, or suggestions from the headers (edit and pass back as `mapping`). */
  profile: MappingProfile | null;
  columns: Partial<Record<FileKind, MappedColumn[]>>;
  summary: TimelineImportSummary | null;
  warnings: ImportWarning[];
  errorTotal: number;
  errorsByRule: RuleCount[];
  /** The first `maxErrors` bad cells, in file order. */
  errors: CellIssue[];
}

export interface ImportOutcome {
  dataset: DatasetRow;
  warnings: ImportWarning[];
  profile: MappingProfile | null;
  summary: TimelineImportSummary | null;
}

function ruleCounts(byRule: Partial<Record<IssueRule, number>>): RuleCount[] {
  return Object.entries(byRule).map(([rule, count]) => ({ rule: rule as IssueRule, ruleZh: RULE_ZH[rule as IssueRule], count: count ?? 0 }));
}

/** Validates the files and mapping without writing anything: what the dashboard shows before importing. */
export async function previewFiles(input: z.output<typeof previewImportInput>): Promise<ImportPreview & { allErrors: CellIssue[] }> {
  const limit = input.maxErrors ?? PREVIEW_ERRORS_DEFAULT;
  checkXlsxBounds(input);
  const run = runTimeline(input);
  if (!run) throw new AppError("BAD_USER_INPUT", "预览需要客户文件和带日期的活动文件 activity (preview needs customers and activity files)", { field: "activity" });
  try {
    const r = await withFieldNames(input, run);
    return { ok: true, profile: r.profile, columns: r.columns, summary: r.summary, warnings: r.warnings, errorTotal: 0, errorsByRule: [], errors: [], allErrors: [] };
  } catch (e) {
    if (!(e instanceof TimelineImportError)) throw e;
    return {
      ok: false,
      profile: e.preview?.profile ?? null,
      columns: e.preview?.columns ?? {},
      summary: null,
      warnings: [],
      errorTotal: e.total,
      errorsByRule: ruleCounts(e.byRule),
      errors: e.issues.slice(0, limit),
      allErrors: e.issues,
    };
  }
}

/**
 * Checks a brokerage's files against a mapping profile and reports what an import would do:
 * the mapping (suggested when none is given), per-rule counts and the first bad cells, unknown
 * columns and missing features as warnings. Writes nothing.
 */
export const previewImport = defineAction({
  name: "preview_import",
  policy: { role: "admin", cost: 1, audited: false },
  input: previewImportInput,
  async run(ctx, input): Promise<ImportPreview> {
    const { allErrors: _all, ...preview } = await previewFiles(await withUpload(ctx, input));
    return preview;
  },
});

/** Every collected bad cell of a rejected import as CSV (UTF-8 with BOM); only the header line when the files are valid. */
export const importErrorsCsv = defineAction({
  name: "import_errors_csv",
  policy: { role: "admin", cost: 1, audited: false },
  input: previewImportInput,
  async run(ctx, input): Promise<{ body: string; filename: string; total: number }> {
    const p = await previewFiles(await withUpload(ctx, input));
    return { body: issuesCsv(p.allErrors), filename: "import_errors.csv", total: p.errorTotal };
  },
});

/**
 * Imports a brokerage's own files: customer master + dated activity (+ events) through a mapping
 * profile, or the legacy exact shape (customers [+ weekly]). Every cell is checked first and
 * nothing is written on any error. The new dataset becomes the active one but is not scored by
 * a model trained on other data.
 */
export const importDataset = defineAction({
  name: "import_dataset",
  policy: { role: "admin", cost: 1 },
  input: importDatasetInput,
  async run(ctx, raw): Promise<ImportOutcome> {
    const input = await withUpload(ctx, raw);
    if (!input.customers) throw new AppError("BAD_USER_INPUT", "缺少客户文件 customers (CSV 或 XLSX) (customers file required)", { field: "customers" });
    checkXlsxBounds(input);
    const timeline = runTimeline(input);
    const parsed = timeline
      ? await withFieldNames(input, timeline)
      : { records: await withFieldNames(input, parseImportInWorker({ customersFile: input.customers, ...(input.weekly ? { weeklyFile: input.weekly } : {}) }, input.name ?? undefined)), warnings: [], profile: null, summary: null };
    const { records, warnings, profile, summary } = parsed;
    const dataset = await writeDatasetRecords(ctx.services.db, records, input.onProgress, (tx, row) =>
      ctx.audit(tx, {
        target: `dataset:${row.id}`,
        details: { customers: row.nCustomers, weeks: row.nWeeks, ...(summary ? { mapping: profile?.name, missingFeatures: summary.missingFeatures, churnSource: summary.churnSource } : {}) },
      }),
    );
    ctx.services.cache.invalidate();
    if (raw.uploadId) await discardUpload(raw.uploadId);
    return { dataset, warnings, profile, summary };
  },
});
