/**
 * The multipart upload the import routes share: files `customers`, `activity`, optional
 * `events` (or the legacy `weekly`), the mapping profile as a `mapping` file or text field
 * (JSON), `forTraining` (true/1) and `name`; or `uploadId` (files uploaded before) instead of the files.
 */
import { AppError } from "../../../../lib/errors/app-error";
import { TimelineImportError } from "../../../../lib/data/import/issues";
import { ImportValidationError } from "../../../../lib/data/import";
import { readMultipart } from "../../_lib/rest";
import type { ImportUpload, RestResult } from "../../_lib/rest-types";

export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const HINT =
  "请以 multipart/form-data 上传 customers、activity（可选 events、mapping 映射配置 JSON、forTraining、name）(upload customers, activity and optionally events, mapping, forTraining, name as multipart/form-data)";

export async function readImportUpload(request: Request): Promise<ImportUpload> {
  const form = await readMultipart(request, MAX_UPLOAD_BYTES, HINT);
  const file = async (field: string) => {
    const v = form.get(field);
    return v instanceof File ? { name: v.name, bytes: new Uint8Array(await v.arrayBuffer()) } : null;
  };
  const text = async (field: string): Promise<string | null> => {
    const v = form.get(field);
    if (v === null) return null;
    return typeof v === "string" ? v : await v.text();
  };
  const flag = (await text("forTraining"))?.trim().toLowerCase() ?? "";
  if (flag !== "" && !["true", "1", "false", "0"].includes(flag)) {
    throw new AppError("BAD_USER_INPUT", "forTraining 必须是 true/false 或 1/0 (forTraining must be true or false)", { field: "forTraining" });
  }
  return {
    customers: await file("customers"),
    activity: await file("activity"),
    events: await file("events"),
    weekly: await file("weekly"),
    mapping: await text("mapping"),
    forTraining: flag === "true" || flag === "1",
    name: await text("name"),
    uploadId: await text("uploadId"),
  };
}

/** A rejected import as JSON: every collected bad cell's first 100, the total, counts per rule and where the full CSV is. */
export function rejectedImport(e: unknown): RestResult {
  if (!(e instanceof ImportValidationError)) throw e;
  const timeline = e instanceof TimelineImportError;
  return {
    status: 400,
    json: {
      status: "error",
      code: "BAD_USER_INPUT",
      message: e.message,
      field: "file",
      total_errors: e.total,
      ...(timeline ? { errors_by_rule: e.byRule } : {}),
      errors: timeline ? e.issues.slice(0, 100) : e.errors,
      errors_csv: "/api/datasets/import/errors",
    },
  };
}
