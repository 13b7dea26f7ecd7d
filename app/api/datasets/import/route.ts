import { handle, readMultipart, signedIn } from "../../_lib/rest";

export const dynamic = "force-dynamic";

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
const HINT = "请以 multipart/form-data 上传 customers（和可选的 weekly）文件 (upload customers and optionally weekly as multipart/form-data)";

/**
 * multipart/form-data with `customers` (CSV/XLSX) and optionally `weekly`, at most 200 MB in
 * all. The caller is known before the upload is read; all rows are checked and nothing is
 * half-imported.
 */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => {
    const caller = signedIn(who);
    const form = await readMultipart(request, MAX_UPLOAD_BYTES, HINT);
    const file = async (field: string) => {
      const v = form.get(field);
      return v instanceof File ? { name: v.name, bytes: new Uint8Array(await v.arrayBuffer()) } : null;
    };
    return a.importDataset(caller, { customers: await file("customers"), weekly: await file("weekly") });
  });
}
