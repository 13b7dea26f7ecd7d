import type { Actor } from "../../../lib/actions/action";
import { API_CSP } from "../../../lib/config/csp";
import { scrubSecrets } from "../../../lib/config/secrets";
import { AppError, toAppError } from "../../../lib/errors/app-error";
import { ERROR_CODES } from "../../../lib/errors/registry";
import { isDatabaseUnavailable } from "../../../db/errors";
import { logSafeError } from "../../../db/log-safe-error";
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
  if (r.stream) return new Response(pullStream(r.stream), { status: r.status, headers });
  const body = typeof r.body === "string" ? r.body : r.body ? new Blob([r.body as Uint8Array<ArrayBuffer>]) : null;
  return new Response(body, { status: r.status, headers });
}

/** A pull-based web stream over an async iterable: the next chunk is produced only when the client reads. */
function pullStream(source: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await it.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (e) {
        // Headers are gone already: log it, and break the download rather than end it as if complete.
        const line = JSON.stringify({ t: new Date().toISOString(), level: "error", msg: "rest stream failed", ...logSafeError(e) });
        process.stderr.write(`${scrubSecrets(line)}\n`);
        controller.error(e);
      }
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** The id server.ts gave this request (also sent back as x-request-id), or a fresh one. */
function requestIdOf(request: Request | undefined): string {
  const id = request?.headers.get("x-churn-request-id");
  return id && /^[0-9a-f-]{36}$/.test(id) ? id : crypto.randomUUID();
}

/**
 * An error as the seed API's JSON, with the registry's status and code. An internal error is
 * logged with a request id that the client receives too (body and x-request-id header); a failed
 * query is logged as its statement's name, never with its parameters.
 */
export function errorResponse(e: unknown, request?: Request): Response {
  if (isDatabaseUnavailable(e)) {
    return toResponse({
      status: 503,
      json: { status: "error", code: "SERVICE_UNAVAILABLE", message: "数据库连接中断，请稍后重试 (database connection lost, please retry)" },
      headers: { "retry-after": "5" },
    });
  }
  const app = toAppError(e);
  if (!app || app.code === "INTERNAL_SERVER_ERROR") {
    const requestId = requestIdOf(request);
    const path = request ? new URL(request.url).pathname : undefined;
    // The server's logger lives in the other bundle; stderr reaches the same log stream.
    const line = JSON.stringify({ t: new Date().toISOString(), level: "error", msg: "rest internal error", requestId, method: request?.method, path, ...logSafeError(e) });
    process.stderr.write(`${scrubSecrets(line)}\n`);
    return toResponse({
      status: 500,
      json: { status: "error", code: "INTERNAL_SERVER_ERROR", message: `服务器内部错误 (internal server error, request ${requestId})`, request_id: requestId },
      headers: { "x-request-id": requestId },
    });
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
export function crossSite(request: Request): boolean {
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

export const crossSiteResponse = () =>
  toResponse({ status: 403, json: { status: "error", code: "FORBIDDEN", message: "跨站请求被拒绝 (cross-origin request rejected)" } });

/**
 * Runs a REST handler with the process's adapter and the caller's identity. The caller is
 * known before any body is read: a handler that takes a body reads it itself, with the
 * readers below, after `signedIn(who)`.
 */
export async function handle(request: Request, fn: (a: RestAdapter, who: Actor | null) => Promise<RestResult>): Promise<Response> {
  const a = restAdapter();
  if (!a) return unavailable();
  if (crossSite(request)) return crossSiteResponse();
  try {
    return toResponse(await fn(a, await a.authenticate(request.headers)));
  } catch (e) {
    return errorResponse(e, request);
  }
}

/** Refuses an anonymous caller before its body is read (a large upload costs us nothing then). */
export function signedIn(who: Actor | null): Actor {
  if (!who) throw new AppError("UNAUTHENTICATED", "请先登录或提供 API 令牌 (authentication required)");
  return who;
}

// ── request bodies: streamed through a byte counter, whatever Content-Length says ──

/** JSON bodies (train, predict, login). */
export const JSON_BODY_LIMIT = 64 * 1024;

export function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

export function payloadTooLarge(limit: number): AppError {
  const t = sizeText(limit);
  return new AppError("PAYLOAD_TOO_LARGE", `请求体超过 ${t} 上限 (request body exceeds the ${t} limit)`, { field: "body", details: { limitBytes: limit } });
}

/**
 * The body as a stream that fails once more than `limit` bytes have arrived, chunked uploads
 * without Content-Length included; a declared length above the limit fails before any read.
 */
function cappedBody(request: Request, limit: number, state: { exceeded: boolean } = { exceeded: false }): ReadableStream<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw payloadTooLarge(limit);
  const source = request.body;
  if (!source) return new ReadableStream({ start: (c) => c.close() });
  const reader = source.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > limit) {
        state.exceeded = true;
        lingerThenClose(reader);
        return controller.error(payloadTooLarge(limit));
      }
      controller.enqueue(value);
    },
    cancel: () => reader.releaseLock(),
  });
}

/**
 * What is still coming of an oversized body is read and dropped for a moment before the
 * connection is given up: closing a socket with unread data resets it, and the client, still
 * sending, would lose the 413 (nginx's "lingering close"). Bounded in time and bytes, so a
 * sender cannot keep us reading.
 */
const LINGER_MS = 2_000;
const LINGER_BYTES = 32 * 1024 * 1024;

function lingerThenClose(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  const until = Date.now() + LINGER_MS;
  let dropped = 0;
  void (async () => {
    try {
      for (;;) {
        const left = until - Date.now();
        if (left <= 0 || dropped >= LINGER_BYTES) break;
        let timer: NodeJS.Timeout | undefined;
        const next = await Promise.race([reader.read(), new Promise<null>((r) => (timer = setTimeout(() => r(null), left)))]);
        clearTimeout(timer);
        if (!next) break; // a sender that goes quiet is not waited for
        if (next.done) return;
        dropped += next.value.byteLength;
      }
      await reader.cancel();
    } catch {
      // the client went away first: nothing left to do
    }
  })();
}

export async function readBytes(request: Request, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = cappedBody(request, limit).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readText(request: Request, limit: number): Promise<string> {
  return new TextDecoder().decode(await readBytes(request, limit));
}

/** A JSON body (empty: `{}`); it must be declared as JSON so a cross-site form cannot send it without a preflight. */
export async function readJson(request: Request, limit = JSON_BODY_LIMIT): Promise<unknown> {
  const text = await readText(request, limit);
  if (!text.trim()) return {};
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "请使用 Content-Type: application/json (send JSON as application/json)", { field: "content-type" });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "请求体不是合法 JSON (invalid JSON)", { field: "body" });
  }
}

/** multipart/form-data, parsed as it streams in through the byte counter. */
export async function readMultipart(request: Request, limit: number, hint: string): Promise<FormData> {
  const ct = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data;/i.test(ct)) throw new AppError("UNSUPPORTED_MEDIA_TYPE", hint, { field: "content-type" });
  const state = { exceeded: false };
  const body = cappedBody(request, limit, state);
  try {
    return await new Response(body, { headers: { "content-type": ct } }).formData();
  } catch {
    if (state.exceeded) throw payloadTooLarge(limit);
    throw new AppError("BAD_REQUEST", hint, { field: "body" });
  }
}

export { restAdapter };
