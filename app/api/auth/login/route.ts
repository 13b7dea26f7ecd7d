import { crossSite, crossSiteResponse, errorResponse, readJson, restAdapter, SESSION_COOKIE, toResponse } from "../../_lib/rest";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const a = restAdapter();
  if (!a) return toResponse({ status: 503, json: { status: "error", code: "SERVICE_UNAVAILABLE", message: "服务尚未就绪 (service not ready)" } });
  if (crossSite(request)) return crossSiteResponse();
  // server.ts sets both on every request (the address behind TRUSTED_PROXY, else the peer); clients cannot.
  const clientKey = request.headers.get("x-churn-client-ip") ?? "unknown";
  const https = request.headers.get("x-churn-proto") === "https" || new URL(request.url).protocol === "https:";
  try {
    const { sessionToken, ...result } = await a.login(await readJson(request), clientKey);
    const res = toResponse(result);
    if (sessionToken) {
      res.headers.append("set-cookie", `${SESSION_COOKIE}=${sessionToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200${https ? "; Secure" : ""}`);
    }
    return res;
  } catch (e) {
    return errorResponse(e, request);
  }
}
