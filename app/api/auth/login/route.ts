import { jsonBody, restFacade, SESSION_COOKIE, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const f = restFacade();
  if (!f) return toResponse({ status: 503, json: { status: "error", message: "服务尚未就绪" } });
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  if (origin && host && new URL(origin).host !== host) return toResponse({ status: 403, json: { status: "error", message: "跨站请求被拒绝" } });
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const clientKey = request.headers.get("x-churn-client-ip") ?? "unknown";
  const { sessionToken, ...result } = await f.login(body.value, clientKey);
  const res = toResponse(result);
  if (sessionToken) {
    const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
    res.headers.append("set-cookie", `${SESSION_COOKIE}=${sessionToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200${secure}`);
  }
  return res;
}
