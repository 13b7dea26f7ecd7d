/**
 * importTimeline in a worker thread: the same result (same code), while the server keeps
 * answering. A rejection comes back as the same TimelineImportError (every collected issue,
 * counts per rule, the mapping read so far).
 */
import { AppError } from "../../errors/app-error";
import { ERROR_CODES, type ErrorCode } from "../../errors/registry";
import { runWorkerJob } from "../../workers/run-worker-job";
import type { CustomerInput, DatasetRecords } from "../dataset-store";
import type { WeekRecord } from "../generator";
import { ImportValidationError, type ImportInput, type ImportIssue } from "../import";
import { IssueList, TimelineImportError, type CellIssue, type ImportFileColumns, type IssueRule } from "./issues";
import type { TimelineImportFiles, TimelineImportOptions, TimelineImportResult } from "./timeline-import";

export const WEEK_COLUMNS = ["week", "logins", "trades", "tradeAmount", "totalAssets", "netInflow", "serviceContacts", "complaints", "weeklyReturn"] as const satisfies readonly (keyof WeekRecord)[];

export interface PackedWeeks {
  /** Customer i's rows are [offsets[i], offsets[i + 1]). */
  offsets: Int32Array;
  columns: Record<(typeof WEEK_COLUMNS)[number], Float64Array>;
}

export type ImportWorkerRequest =
  | { kind: "timeline"; files: TimelineImportFiles; options: TimelineImportOptions }
  /** The legacy exact shape (customers [+ weekly rows numbered 1..52]): same parser, off the event loop too. */
  | { kind: "legacy"; input: ImportInput; name?: string };

export type ImportWorkerMessage =
  | {
      type: "done";
      records: Omit<DatasetRecords, "customer" | "weeks">;
      customers: CustomerInput[];
      weeks: PackedWeeks;
      /** What importTimeline says beyond the records; absent for the legacy shape. */
      timeline?: Omit<TimelineImportResult, "records">;
    }
  | { type: "rejected"; issues: CellIssue[]; byRule: Partial<Record<IssueRule, number>>; total: number; preview?: ImportFileColumns }
  | { type: "legacy-rejected"; errors: ImportIssue[]; total: number }
  | { type: "error"; message: string; field?: string; code?: string };

function unpackWeeks(p: PackedWeeks): (i: number) => WeekRecord[] {
  return (i) => {
    const out: WeekRecord[] = [];
    for (let r = p.offsets[i]!; r < p.offsets[i + 1]!; r++) {
      const w = {} as WeekRecord;
      for (const c of WEEK_COLUMNS) w[c] = p.columns[c][r]!;
      out.push(w);
    }
    return out;
  };
}

function rejection(m: Extract<ImportWorkerMessage, { type: "rejected" }>): TimelineImportError {
  const list = new IssueList();
  list.list.push(...m.issues);
  Object.assign(list.byRule, m.byRule);
  list.total = m.total;
  const e = new TimelineImportError(list);
  e.preview = m.preview;
  return e;
}

type Done = Extract<ImportWorkerMessage, { type: "done" }>;

function runImportWorker(request: ImportWorkerRequest): Promise<Done & { records: DatasetRecords }> {
  return runWorkerJob<ImportWorkerMessage, Done & { records: DatasetRecords }>({
    entry: new URL("./import-worker.ts", import.meta.url),
    request,
    onMessage: (m, job) => {
      if (m.type === "done") {
        const records: DatasetRecords = { ...m.records, customer: (i) => m.customers[i]!, weeks: unpackWeeks(m.weeks) };
        job.resolve({ ...m, records });
      } else if (m.type === "rejected") job.reject(rejection(m));
      else if (m.type === "legacy-rejected") job.reject(new ImportValidationError(m.errors, m.total));
      else job.reject(m.code && m.code in ERROR_CODES ? new AppError(m.code as ErrorCode, m.message, { field: m.field }) : new Error(m.message));
    },
    exitError: (code) => new Error(`导入校验线程意外退出 (import worker exited with code ${code})`),
  });
}

export async function importTimelineInWorker(files: TimelineImportFiles, options: TimelineImportOptions = {}): Promise<TimelineImportResult> {
  const m = await runImportWorker({ kind: "timeline", files, options });
  if (!m.timeline) throw new Error("import worker answered a timeline import without its mapping and summary");
  return { ...m.timeline, records: m.records };
}

/** parseImport (the legacy exact shape) in a worker thread: a 20,000-customer file with a million weekly rows no longer stalls the server while it is read. */
export async function parseImportInWorker(input: ImportInput, name?: string): Promise<DatasetRecords> {
  return (await runImportWorker({ kind: "legacy", input, ...(name !== undefined ? { name } : {}) })).records;
}
