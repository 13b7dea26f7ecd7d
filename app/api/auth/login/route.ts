import { errorResponse, jsonBody, restAdapter, SESSION_COOKIE, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const a = restAdapter();
  if (!a) return toResponse({ status: 503, json: { status: "error", code: "SERVICE_UNAVAILABLE", message: "服务尚未就绪 (service not ready)" } });
  const origin = request.headers.get("origin");
  const host = request.headers.get("host");
  let foreign = false;
  try {
    foreign = origin !== null && (!host || new URL(origin).host !== host);
  } catch {
    foreign = true;
  }
  if (foreign) return toResponse({ status: 403, json: { status: "error", code: "FORBIDDEN", message: "跨站请求被拒绝 (cross-origin request rejected)" } });
  const body = await jsonBody(request);
  if (!body.ok) return body.response;
  const clientKey = request.headers.get("x-churn-client-ip") ?? "unknown";
  try {
    const { sessionToken, ...result } = await a.login(body.value, clientKey);
    const res = toResponse(result);
    if (sessionToken) {
      const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
      res.headers.append("set-cookie", `${SESSION_COOKIE}=${sessionToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200${secure}`);
    }
    return res;
  } catch (e) {
    return errorResponse(e);
  }
}
