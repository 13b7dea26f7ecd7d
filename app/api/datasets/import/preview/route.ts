import { AppError } from "../../../../../lib/errors/app-error";
import { handle } from "../../../_lib/rest";
import { readImportUpload } from "../upload";

export const dynamic = "force-dynamic";

/**
 * Checks an import without writing (same multipart fields as POST /api/datasets/import):
 * the mapping used (suggested from the headers when none is given), each file's columns and
 * their fields, warnings (unknown columns, missing features), counts per rule and the first
 * `?maxErrors=` (default 100, at most 1000) bad cells. 200 whether or not the files are valid;
 * `ok` says which.
 */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => {
    const caller = a.mayUpload(who, "dataset");
    const raw = new URL(request.url).searchParams.get("maxErrors");
    const maxErrors = raw === null ? null : Number(raw);
    if (maxErrors !== null && !(Number.isInteger(maxErrors) && maxErrors >= 0 && maxErrors <= 1000)) {
      throw new AppError("BAD_USER_INPUT", "maxErrors 必须是 0 到 1000 的整数 (maxErrors must be an integer in 0..1000)", { field: "maxErrors" });
    }
    return a.importPreview(caller, await readImportUpload(request), maxErrors);
  });
}
