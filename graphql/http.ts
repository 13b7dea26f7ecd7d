import type { IncomingMessage, ServerResponse } from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { logSafeError } from "../db/log-safe-error";
import { toAppError } from "../lib/errors/app-error";
import { ERROR_CODES, isErrorCode } from "../lib/errors/registry";
import type { AppServices } from "../lib/services/app-services";
import { isDatabaseUnavailable } from "../db/errors";
import { scrubSecrets } from "../lib/services/logger";
import { takeTurn } from "../lib/runtime/fair-turns";
import type { GraphQLContext, Viewer } from "./context";
import { nulInStringsRule, nulInVariables } from "./input-rules";
import { complexityRule, LIMITS, noIntrospectionRule } from "./limits";

export interface GraphQLHttpOptions {
  schema: GraphQLSchema;
  services: AppServices;
  introspection: boolean;
  authenticate: (req: IncomingMessage) => Promise<Viewer | null>;
}

const MAX_BATCH = 10;

/**
 * Bytes an anonymous caller may send: enough for any document the query-length limit allows,
 * nothing like the signed-in cap. Over it the answer is 401, the body left unread.
 */
export const ANONYMOUS_BODY_LIMIT = 32 * 1024;

/** The HTTP request being answered, so an internal error is logged under the id its response carries. */
const requestScope = new AsyncLocalStorage<{ requestId: string }>();


/** Known errors keep their message and code; anything unexpected is logged and masked. */
export function makeFormatError(services: AppServices) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const app = toAppError(unwrapResolverError(error));
    if (app && app.code !== "INTERNAL_SERVER_ERROR") {
      const spec = ERROR_CODES[app.code];
      return {
        message: scrubSecrets(spec.expose ? app.message : spec.zh),
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: app.code,
          ...(app.field ? { field: app.field } : {}),
          ...(app.retryAfterSeconds !== undefined ? { retryAfterSeconds: app.retryAfterSeconds } : {}),
          ...(Array.isArray(app.details) ? { issues: app.details.slice(0, 100) } : {}),
        },
      };
    }
    // A dropped database connection is the operator's problem, not a bug: say so, and that a retry will do.
    if (!formatted.extensions?.code || formatted.extensions.code === "INTERNAL_SERVER_ERROR") {
      const original = unwrapResolverError(error);
      if (isDatabaseUnavailable(original)) {
        services.log.warn("database unavailable during a request", { path: formatted.path?.join(".") });
        return {
          message: "数据库连接中断，请稍后重试 (database connection lost, please retry)",
          locations: formatted.locations,
          path: formatted.path,
          extensions: { code: "SERVICE_UNAVAILABLE" },
        };
      }
    }
    // Apollo re-codes every validation error; our rules mark their own (`limit`, `badInput`).
    const code = formatted.extensions?.limit
      ? "QUERY_TOO_COMPLEX"
      : formatted.extensions?.badInput
        ? "BAD_USER_INPUT"
        : typeof formatted.extensions?.code === "string"
        ? formatted.extensions.code
        : "INTERNAL_SERVER_ERROR";
    if (isErrorCode(code) && ERROR_CODES[code].expose) {
      const { stacktrace: _drop, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, message: scrubSecrets(formatted.message), extensions: { ...ext, code } };
    }
    const original = unwrapResolverError(error);
    const requestId = requestScope.getStore()?.requestId ?? randomUUID();
    // Statement name and SQLSTATE only for a failed query: its message carries the parameters.
    const safe = logSafeError(original);
    services.log.error("graphql internal error", { requestId, path: formatted.path?.join("."), ...safe, error: scrubSecrets(safe.error) });
    return {
      message: `服务器内部错误，请稍后重试 (internal server error, request ${requestId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
    };
  };
}

export async function createGraphQLHttpHandler(opts: GraphQLHttpOptions) {
  const production = opts.services.env.NODE_ENV === "production";
  const apollo = new ApolloServer<GraphQLContext>({
    schema: opts.schema,
    introspection: opts.introspection,
    allowBatchedHttpRequests: opts.services.env.GRAPHQL_BATCHING === "true",
    // No client uses automatic persisted queries; left on (Apollo's default) they let anyone fill
    // the server's query cache, and a mismatched hash came back as an uncoded (masked) error.
    persistedQueries: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    validationRules: [complexityRule(), nulInStringsRule, ...(opts.introspection ? [] : [noIntrospectionRule])],
    formatError: makeFormatError(opts.services),
    // No HTTP cache hints, no Apollo Studio: the default cache-control plugin hooks every field
    // resolution, a large share of a 20-row page's cost. The landing page would load a remote sandbox.
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      {
        // Apollo would try to execute it and fail as an internal error: it is the client's mistake.
        requestDidStart: async () => ({
          didResolveOperation: async ({ operation }) => {
            if (operation?.operation === "subscription") {
              throw new GraphQLError("订阅只能通过 WebSocket（graphql-ws，同一路径 /api/graphql）(subscriptions need a WebSocket: graphql-ws on /api/graphql)", {
                extensions: { code: "BAD_REQUEST", http: { status: 400 } },
              });
            }
          },
        }),
      },
    ],
    logger: {
      debug: () => {},
      info: () => {},
      warn: (m: unknown) => opts.services.log.warn(scrubSecrets(String(m))),
      error: (m: unknown) => opts.services.log.error(scrubSecrets(String(m))),
    },
  });
  await apollo.start();

  return async function handle(req: IncomingMessage, res: ServerResponse, search: string, requestId: string = randomUUID()): Promise<void> {
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);

    // The caller first, from headers alone (cookie or bearer): an anonymous sender gets a small
    // allowance, so a large body from someone unknown is refused before it is read.
    const viewer = await opts.authenticate(req);
    let body: unknown = undefined;
    if (req.method === "POST") {
      const limit = viewer ? LIMITS.maxPayloadBytes : ANONYMOUS_BODY_LIMIT;
      const raw = await readBody(req, limit);
      if (raw === TOO_LARGE) {
        return viewer
          ? sendJsonError(res, 413, "PAYLOAD_TOO_LARGE", `请求体超过 ${sizeText(limit)} 上限 (payload exceeds the ${sizeText(limit)} limit)`)
          : sendJsonError(res, 401, "UNAUTHENTICATED", `请先登录或提供 API 令牌：未登录的请求体最多 ${sizeText(limit)} (authentication required: anonymous request bodies are limited to ${sizeText(limit)})`);
      }
      const ct = headers.get("content-type") ?? "";
      if (ct.includes("application/json")) {
        try {
          body = raw.length ? JSON.parse(raw) : undefined;
        } catch {
          return sendJsonError(res, 400, "BAD_REQUEST", "请求体不是合法 JSON (request body is not valid JSON)");
        }
      } else body = raw;
      if (Array.isArray(body)) {
        if (opts.services.env.GRAPHQL_BATCHING !== "true") return sendJsonError(res, 400, "BAD_REQUEST", "不支持批量请求 (batched requests are disabled)");
        if (body.length > MAX_BATCH) return sendJsonError(res, 400, "BAD_REQUEST", `批量请求最多 ${MAX_BATCH} 个操作 (at most ${MAX_BATCH} operations per batch)`);
      }
      const q = (body as { query?: unknown } | undefined)?.query;
      if (typeof q === "string" && q.length > LIMITS.maxQueryLength) {
        return sendJsonError(res, 413, "PAYLOAD_TOO_LARGE", `查询过长，上限 ${LIMITS.maxQueryLength} 字符 (query too long)`);
      }
    } else if (search.length > LIMITS.maxQueryLength) {
      return sendJsonError(res, 414, "BAD_REQUEST", "查询过长 (query too long)");
    }
    const nul = nulInRequest(body, search);
    if (nul) return sendJsonError(res, 400, "BAD_USER_INPUT", `${nul}: 不能包含 NUL 字符 (must not contain NUL characters)`);

    // Execution below runs without I/O when the read cache answers: wait for a turn so a burst of
    // such requests interleaves with the sockets (health, small requests) instead of running back to back.
    await takeTurn();
    const result = await requestScope.run({ requestId }, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? "GET").toUpperCase(), headers, search, body },
        context: async () => ({ services: opts.services, viewer }),
      }),
    );
    for (const [k, v] of result.headers) res.setHeader(k, v);
    res.setHeader("cache-control", "no-store");
    res.statusCode = result.status ?? 200;
    if (result.body.kind === "complete") {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** Where a NUL character sits in the operation's variables (POST body, batch, or GET `variables`), or null. */
function nulInRequest(body: unknown, search: string): string | null {
  const ops = Array.isArray(body) ? body : body && typeof body === "object" ? [body] : [];
  for (const op of ops) {
    const hit = nulInVariables((op as { variables?: unknown }).variables) ?? nulInVariables((op as { operationName?: unknown }).operationName, "operationName");
    if (hit) return hit;
  }
  const vars = new URLSearchParams(search).get("variables");
  if (vars) {
    try {
      return nulInVariables(JSON.parse(vars));
    } catch {
      return null; // Apollo answers unparsable variables itself
    }
  }
  return null;
}

function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export const TOO_LARGE: unique symbol = Symbol("body over its limit");

/**
 * The body as text, counted as it streams in (chunked bodies without Content-Length too); a
 * declared length over the limit is refused before any read. Past the limit reading stops and
 * the rest is left unread: server.ts closes a connection whose request body was not consumed.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > maxBytes) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", reject);
      req.pause();
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        stop();
        chunks.length = 0;
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString("utf8"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

function sizeText(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}
