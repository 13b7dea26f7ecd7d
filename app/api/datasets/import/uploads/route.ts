import { handle } from "../../../_lib/rest";
import { readImportUpload } from "../upload";

export const dynamic = "force-dynamic";

/**
 * Keeps uploaded import files (multipart `customers`, `activity`, optional `events`) for an
 * hour and answers `{ upload_id, expires_at, files }`; GraphQL previewImport / importDataset
 * then take `uploadId` instead of the files. Only the uploader can use the id.
 */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => a.importUploadFiles(a.mayUpload(who, "dataset"), await readImportUpload(request)));
}
