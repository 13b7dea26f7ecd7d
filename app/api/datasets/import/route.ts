import { handle, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** multipart/form-data with `customers` (CSV/XLSX) and optionally `weekly`. All rows are checked; nothing is half-imported. */
export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_UPLOAD_BYTES) return toResponse({ status: 413, json: { status: "error", message: "上传文件超过 200MB (upload too large)" } });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return toResponse({ status: 400, json: { status: "error", message: "请以 multipart/form-data 上传 customers（和可选的 weekly）文件" } });
  }
  const file = async (field: string) => {
    const v = form.get(field);
    return v instanceof File ? { name: v.name, bytes: new Uint8Array(await v.arrayBuffer()) } : null;
  };
  const customers = await file("customers");
  const weekly = await file("weekly");
  return handle(request, (a, who) => a.importDataset(who, { customers, weekly }));
}
