import { restAdapter, SESSION_COOKIE, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const f = restAdapter();
  if (!f) return toResponse({ status: 503, json: { status: "error", message: "服务尚未就绪" } });
  const token = /(?:^|;\s*)cg_session=([^;]+)/.exec(request.headers.get("cookie") ?? "")?.[1];
  const res = toResponse(await f.logout(token));
  res.headers.append("set-cookie", `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return res;
}
