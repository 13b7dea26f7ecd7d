/**
 * Worker thread: reads, validates and converts an import (importTimeline) off the server's event
 * loop. The records go back as plain data — customer rows, weekly rows packed column-wise in typed
 * arrays, snapshots' typed arrays — transferred rather than copied where they are buffers.
 */
import { parentPort } from "node:worker_threads";
import type { CustomerInput, DatasetRecords } from "../dataset-store";
import { ImportValidationError, parseImport } from "../import";
import { TimelineImportError } from "./issues";
import { importTimeline } from "./timeline-import";
import { WEEK_COLUMNS, type ImportWorkerMessage, type ImportWorkerRequest, type PackedWeeks } from "./import-in-worker";

const port = parentPort;
if (!port) throw new Error("import-worker must run in a worker thread");

port.once("message", (req: ImportWorkerRequest) => {
  void (async () => {
    try {
      let timeline: Awaited<ReturnType<typeof importTimeline>> | undefined;
      let rec: DatasetRecords;
      if (req.kind === "timeline") {
        timeline = await importTimeline(req.files, req.options);
        rec = timeline.records;
      } else rec = await parseImport(req.input, req.name);
      const customers: CustomerInput[] = new Array(rec.count);
      const offsets = new Int32Array(rec.count + 1);
      let total = 0;
      for (let i = 0; i < rec.count; i++) {
        customers[i] = rec.customer(i);
        offsets[i] = total;
        total += rec.weeks(i).length;
      }
      offsets[rec.count] = total;
      const columns = Object.fromEntries(WEEK_COLUMNS.map((c) => [c, new Float64Array(total)])) as PackedWeeks["columns"];
      for (let i = 0; i < rec.count; i++) {
        rec.weeks(i).forEach((w, j) => {
          for (const c of WEEK_COLUMNS) columns[c][offsets[i] + j] = w[c];
        });
      }
      const buffers: ArrayBuffer[] = [offsets.buffer, ...Object.values(columns).map((a) => a.buffer as ArrayBuffer)];
      for (const s of rec.snapshots ?? []) for (const a of [s.customers, s.X, s.labels, s.labelled, s.trueProbability]) buffers.push(a.buffer as ArrayBuffer);
      const { customer: _c, weeks: _w, ...plain } = rec;
      const msg: ImportWorkerMessage = {
        type: "done",
        records: plain,
        customers,
        weeks: { offsets, columns },
        ...(timeline ? { timeline: { columns: timeline.columns, warnings: timeline.warnings, profile: timeline.profile, summary: timeline.summary } } : {}),
      };
      port.postMessage(msg, [...new Set(buffers)]);
    } catch (e) {
      // TimelineImportError is an ImportValidationError too: test the narrower class first.
      if (e instanceof TimelineImportError) {
        port.postMessage({ type: "rejected", issues: e.issues, byRule: e.byRule, total: e.total, preview: e.preview } satisfies ImportWorkerMessage);
      } else if (e instanceof ImportValidationError) {
        port.postMessage({ type: "legacy-rejected", errors: e.errors, total: e.total } satisfies ImportWorkerMessage);
      } else {
        const field = (e as { field?: unknown }).field;
        const code = (e as { code?: unknown }).code;
        port.postMessage({
          type: "error",
          message: e instanceof Error ? e.message : String(e),
          field: typeof field === "string" ? field : undefined,
          code: typeof code === "string" ? code : undefined,
        } satisfies ImportWorkerMessage);
      }
    }
  })();
});
