import { handle } from "../../../_lib/rest";
import { readImportUpload } from "../upload";

export const dynamic = "force-dynamic";

/**
 * Every bad cell of an import as a CSV download (文件,行,列,值,规则,说明; UTF-8 with BOM for
 * Excel), for the same multipart upload as POST /api/datasets/import. Nothing is written. The
 * `x-import-error-count` header holds the total (the CSV lists up to 10,000).
 */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => a.importErrorsCsv(a.mayUpload(who, "dataset"), await readImportUpload(request)));
}
