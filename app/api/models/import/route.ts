import { handle, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

const MAX_MODEL_BYTES = 50 * 1024 * 1024;

/** Upload an XGBoost JSON model (trained elsewhere: Python, Spark, Dask) as the request body. */
export async function POST(request: Request): Promise<Response> {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > MAX_MODEL_BYTES) return toResponse({ status: 413, json: { status: "error", message: "模型文件超过 50MB (model file too large)" } });
  const text = await request.text();
  if (text.length > MAX_MODEL_BYTES) return toResponse({ status: 413, json: { status: "error", message: "模型文件超过 50MB (model file too large)" } });
  return handle(request, (a, who) => a.importModel(who, text));
}
