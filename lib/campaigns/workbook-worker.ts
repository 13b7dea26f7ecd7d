/** Worker thread: reads one campaign workbook (readCampaignWorkbook) off the server's event loop. */
import { parentPort } from "node:worker_threads";
import { readCampaignWorkbook } from "./workbook-read";
import type { WorkbookWorkerMessage } from "./workbook-in-worker";

const port = parentPort;
if (!port) throw new Error("workbook-worker must run in a worker thread");

port.once("message", (bytes: Uint8Array) => {
  readCampaignWorkbook(bytes).then(
    (cells) => port.postMessage({ type: "done", cells } satisfies WorkbookWorkerMessage),
    (e: unknown) => {
      const field = (e as { field?: unknown }).field;
      const code = (e as { code?: unknown }).code;
      port.postMessage({
        type: "error",
        message: e instanceof Error ? e.message : String(e),
        ...(typeof field === "string" ? { field } : {}),
        ...(typeof code === "string" ? { code } : {}),
      } satisfies WorkbookWorkerMessage);
    },
  );
});
