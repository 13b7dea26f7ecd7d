import type { Principal } from "../../../lib/auth/accounts";
import type { RestFacade, RestResult } from "../../../lib/services/rest-facade";
import { isDatabaseUnavailable } from "../../../db/errors";
import { restFacade } from "../../../lib/services/rest-registry";
import { API_CSP } from "../../../lib/config/csp";

export const SESSION_COOKIE = "cg_session";

/** Every REST response; a result's own headers (the report's stricter-for-HTML policy) win. */
export function toResponse(r: RestResult): Response {
  const headers = new Headers({ "cache-control": "no-store", "x-content-type-options": "nosniff", "content-security-policy": API_CSP, ...(r.headers ?? {}) });
  if (r.filename) headers.set("content-disposition", `attachment; filename="${r.filename}"; filename*=UTF-8''${encodeURIComponent(r.filename)}`);
  if (r.json !== undefined) {
    headers.set("content-type", "application/json; charset=utf-8");
    return new Response(JSON.stringify(r.json), { status: r.status, headers });
  }
  if (r.contentType) headers.set("content-type", r.contentType);
  const body = typeof r.body === "string" ? r.body : r.body ? new Blob([r.body as Uint8Array<ArrayBuffer>]) : null;
  return new Response(body, { status: r.status, headers });
}

const unavailable = () =>
  toResponse({ status: 503, json: { status: "error", message: "服务尚未就绪 (service not ready): start with `npm start`" } });

/**
 * Runs a REST handler with the process's facade and the caller's identity. A state-changing
 * request that carries cookies must come from our own origin (CSRF), and JSON bodies must be
 * declared as JSON so a cross-site form cannot send them without a preflight.
 */
export async function handle(
  request: Request,
  fn: (f: RestFacade, who: Principal | null) => Promise<RestResult>,
): Promise<Response> {
  const f = restFacade();
  if (!f) return unavailable();
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("origin");
    const host = request.headers.get("host");
    if (origin && host && new URL(origin).host !== host) {
      return toResponse({ status: 403, json: { status: "error", message: "跨站请求被拒绝 (cross-origin request rejected)" } });
    }
  }
  try {
    return toResponse(await fn(f, await f.authenticate(request.headers)));
  } catch (e) {
    if (isDatabaseUnavailable(e)) {
      return toResponse({ status: 503, json: { status: "error", message: "数据库连接中断，请稍后重试 (database connection lost, please retry)" }, headers: { "retry-after": "5" } });
    }
    return toResponse({ status: 500, json: { status: "error", message: "服务器内部错误 (internal server error)" } });
  }
}

export async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const ct = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (text.length > 64 * 1024) return { ok: false, response: toResponse({ status: 413, json: { status: "error", message: "请求体过大，上限 64KB (payload too large)" } }) };
  if (!text.trim()) return { ok: true, value: {} };
  if (!ct.includes("application/json")) {
    return { ok: false, response: toResponse({ status: 415, json: { status: "error", message: "请使用 Content-Type: application/json" } }) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: toResponse({ status: 400, json: { status: "error", message: "请求体不是合法 JSON (invalid JSON)" } }) };
  }
}

export { restFacade };
