/**
 * importTimeline in a worker thread: the same result (same code), while the server keeps
 * answering. A rejection comes back as the same TimelineImportError (every collected issue,
 * counts per rule, the mapping read so far).
 */
import { AppError } from "../../errors/app-error";
import { ERROR_CODES, type ErrorCode } from "../../errors/registry";
import { spawnTsWorker } from "../../workers/spawn-ts-worker";
import type { CustomerInput, DatasetRecords } from "../dataset-store";
import type { WeekRecord } from "../generator";
import { IssueList, TimelineImportError, type CellIssue, type ImportFileColumns, type IssueRule } from "./issues";
import type { TimelineImportFiles, TimelineImportOptions, TimelineImportResult } from "./timeline-import";

export const WEEK_COLUMNS = ["week", "logins", "trades", "tradeAmount", "totalAssets", "netInflow", "serviceContacts", "complaints", "weeklyReturn"] as const satisfies readonly (keyof WeekRecord)[];

export interface PackedWeeks {
  /** Customer i's rows are [offsets[i], offsets[i + 1]). */
  offsets: Int32Array;
  columns: Record<(typeof WEEK_COLUMNS)[number], Float64Array>;
}

export interface ImportWorkerRequest {
  files: TimelineImportFiles;
  options: TimelineImportOptions;
}

export type ImportWorkerMessage =
  | {
      type: "done";
      records: Omit<DatasetRecords, "customer" | "weeks">;
      customers: CustomerInput[];
      weeks: PackedWeeks;
      columns: TimelineImportResult["columns"];
      warnings: TimelineImportResult["warnings"];
      profile: TimelineImportResult["profile"];
      summary: TimelineImportResult["summary"];
    }
  | { type: "rejected"; issues: CellIssue[]; byRule: Partial<Record<IssueRule, number>>; total: number; preview?: ImportFileColumns }
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

export function importTimelineInWorker(files: TimelineImportFiles, options: TimelineImportOptions = {}): Promise<TimelineImportResult> {
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(new URL("./import-worker.ts", import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (m: ImportWorkerMessage) => {
      if (m.type === "done") {
        const records: DatasetRecords = { ...m.records, customer: (i) => m.customers[i]!, weeks: unpackWeeks(m.weeks) };
        finish(() => resolve({ records, columns: m.columns, warnings: m.warnings, profile: m.profile, summary: m.summary }));
      } else if (m.type === "rejected") finish(() => reject(rejection(m)));
      else finish(() => reject(m.code && m.code in ERROR_CODES ? new AppError(m.code as ErrorCode, m.message, { field: m.field }) : new Error(m.message)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`导入校验线程意外退出 (import worker exited with code ${code})`))));
    worker.postMessage({ files, options } satisfies ImportWorkerRequest);
  });
}
