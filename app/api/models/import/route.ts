import { handle, readText } from "../../_lib/rest";

export const dynamic = "force-dynamic";

const MAX_MODEL_BYTES = 50 * 1024 * 1024;

/** Upload an XGBoost JSON model (trained elsewhere: Python, Spark, Dask) as the request body; at most 50 MB. */
export async function POST(request: Request): Promise<Response> {
  return handle(request, async (a, who) => a.importModel(a.mayUpload(who, "model"), await readText(request, MAX_MODEL_BYTES)));
}
