/**
 * readCampaignWorkbook in a worker thread: exceljs holds the event loop (and its memory) for as
 * long as the workbook takes to inflate and parse. The zip directory is checked here first, so a
 * workbook declaring too much is refused before a worker starts; the worker checks it again with
 * each entry inflated against its declared size.
 */
import { AppError } from "../errors/app-error";
import { isErrorCode } from "../errors/registry";
import { checkZipBounds } from "../data/zip-bounds";
import { spawnTsWorker } from "../workers/spawn-ts-worker";
import type { WorkbookCells } from "./workbook-read";

export type WorkbookWorkerMessage = { type: "done"; cells: WorkbookCells } | { type: "error"; message: string; field?: string; code?: string };

export async function readCampaignWorkbookInWorker(bytes: Uint8Array): Promise<WorkbookCells> {
  checkZipBounds(bytes, "file");
  return new Promise((resolve, reject) => {
    const worker = spawnTsWorker(new URL("./workbook-worker.ts", import.meta.url));
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (m: WorkbookWorkerMessage) => {
      if (m.type === "done") finish(() => resolve(m.cells));
      else finish(() => reject(isErrorCode(m.code) ? new AppError(m.code, m.message, m.field ? { field: m.field } : {}) : new Error(m.message)));
    });
    worker.on("error", (e) => finish(() => reject(e)));
    worker.on("exit", (code) => finish(() => reject(new Error(`工作簿读取线程意外退出 (workbook worker exited with code ${code})`))));
    worker.postMessage(bytes);
  });
}
