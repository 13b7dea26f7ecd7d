import { restAdapter, toResponse } from "../_lib/rest";

export const dynamic = "force-dynamic";

/** Open on purpose: load balancers and the seed's integrations probe it without credentials. */
export async function GET(): Promise<Response> {
  const f = restAdapter();
  if (!f) return toResponse({ status: 503, json: { status: "error", message: "服务尚未就绪" } });
  return toResponse(await f.health());
}
