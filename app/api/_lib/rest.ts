import type { Actor } from "../../../lib/actions/action";
import { API_CSP } from "../../../lib/config/csp";
import { toAppError } from "../../../lib/errors/app-error";
import { ERROR_CODES } from "../../../lib/errors/registry";
import { isDatabaseUnavailable } from "../../../db/errors";
import { restAdapter } from "./registry";
import type { RestAdapter, RestResult } from "./rest-types";

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

/** An error as the seed API's JSON, with the registry's status and code. */
export function errorResponse(e: unknown): Response {
  if (isDatabaseUnavailable(e)) {
    return toResponse({
      status: 503,
      json: { status: "error", code: "SERVICE_UNAVAILABLE", message: "数据库连接中断，请稍后重试 (database connection lost, please retry)" },
      headers: { "retry-after": "5" },
    });
  }
  const app = toAppError(e);
  if (!app || app.code === "INTERNAL_SERVER_ERROR") {
    const requestId = crypto.randomUUID();
    // The server's logger lives in the other bundle; stderr reaches the same log stream.
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: "error", msg: "rest internal error", requestId, error: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : "unknown" })}\n`);
    return toResponse({ status: 500, json: { status: "error", code: "INTERNAL_SERVER_ERROR", message: `服务器内部错误 (internal server error, request ${requestId})`, request_id: requestId } });
  }
  const spec = ERROR_CODES[app.code];
  return toResponse({
    status: spec.http,
    json: {
      status: "error",
      code: app.code,
      message: spec.expose ? app.message : spec.zh,
      ...(app.field ? { field: app.field } : {}),
      ...(app.code === "BAD_USER_INPUT" && Array.isArray(app.details) ? { total_errors: app.details.length, errors: app.details } : {}),
    },
    headers: app.retryAfterSeconds !== undefined ? { "retry-after": String(app.retryAfterSeconds) } : undefined,
  });
}

const unavailable = () =>
  toResponse({ status: 503, json: { status: "error", code: "SERVICE_UNAVAILABLE", message: "服务尚未就绪 (service not ready): start with `npm start`" } });

/** A state-changing request that carries cookies must come from our own origin (CSRF); an unparsable Origin is refused too. */
function crossSite(request: Request): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("host");
  try {
    return !host || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

/**
 * Runs a REST handler with the process's adapter and the caller's identity. JSON bodies must be
 * declared as JSON so a cross-site form cannot send them without a preflight.
 */
export async function handle(request: Request, fn: (a: RestAdapter, who: Actor | null) => Promise<RestResult>): Promise<Response> {
  const a = restAdapter();
  if (!a) return unavailable();
  if (crossSite(request)) {
    return toResponse({ status: 403, json: { status: "error", code: "FORBIDDEN", message: "跨站请求被拒绝 (cross-origin request rejected)" } });
  }
  try {
    return toResponse(await fn(a, await a.authenticate(request.headers)));
  } catch (e) {
    return errorResponse(e);
  }
}

export async function jsonBody(request: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const ct = request.headers.get("content-type") ?? "";
  const text = await request.text();
  if (text.length > 64 * 1024) return { ok: false, response: toResponse({ status: 413, json: { status: "error", code: "PAYLOAD_TOO_LARGE", message: "请求体过大，上限 64KB (payload too large)" } }) };
  if (!text.trim()) return { ok: true, value: {} };
  if (!ct.includes("application/json")) {
    return { ok: false, response: toResponse({ status: 415, json: { status: "error", code: "UNSUPPORTED_MEDIA_TYPE", message: "请使用 Content-Type: application/json" } }) };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, response: toResponse({ status: 400, json: { status: "error", code: "BAD_REQUEST", message: "请求体不是合法 JSON (invalid JSON)" } }) };
  }
}

export { restAdapter };
