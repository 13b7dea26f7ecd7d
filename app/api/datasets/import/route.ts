import { handle } from "../../_lib/rest";
import { readImportUpload, rejectedImport } from "./upload";

export const dynamic = "force-dynamic";

/**
 * Imports a brokerage's own data: multipart/form-data with `customers` and `activity` (CSV/XLSX),
 * optionally `events` and `mapping` (a mapping profile's JSON, as a file or a text field),
 * `forTraining=true` and `name`; at most 200 MB in all. The legacy shape (`customers` and
 * optionally `weekly` with week numbers) still works. The caller is known before the upload is
 * read; every cell is checked and nothing is written on any error (400 with each bad cell, counts
 * per rule and a link to the full error CSV).
 */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => {
    const caller = a.mayUpload(who, "dataset");
    const upload = await readImportUpload(request);
    return a.importDataset(caller, upload).catch(rejectedImport);
  });
}
