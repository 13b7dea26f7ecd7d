/**
 * One Node process, one port: the Next.js dashboard and REST routes, Apollo Server on
 * POST/GET /api/graphql, and graphql-ws subscriptions on the same path.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { type Principal, ensureAdmin } from "./lib/auth/accounts";
import { authenticate } from "./lib/auth/request-auth";
import { API_CSP } from "./lib/config/csp";
import { describeConfig, parseEnv } from "./lib/config/env";
import { clientInfo, parseTrustedProxies, type TrustedProxies } from "./lib/config/trusted-proxy";
import { logSafeError } from "./db/log-safe-error";
import { createAppServices, type AppServices } from "./lib/services/app-services";
import { registerSecret } from "./lib/services/logger";
import { createRestAdapter } from "./app/api/_lib/rest-adapter";
import { registerRestAdapter } from "./app/api/_lib/registry";
import type { Viewer } from "./graphql/context";
import { createGraphQLHttpHandler } from "./graphql/http";
import { buildSchema } from "./graphql/schema";
import { createGraphQLWsServer } from "./graphql/ws";
import { compressWholeResponses } from "./lib/http/compress-response";
import { createPrecompressedStatic } from "./lib/http/precompressed-static";
import { HEALTH_BODY, HEALTH_PATH } from "./lib/http/health";
import { takeTurn } from "./lib/runtime/fair-turns";

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const GRAPHQL_PATH = "/api/graphql";

export function toViewer(p: Principal | null): Viewer | null {
  return p ? { ...p, mustChangePassword: p.mustChangePassword ?? false } : null;
}

/** Browsers always send Origin on a WebSocket upgrade; only our own origin (or configured ones) may connect. */
export function originAllowed(req: IncomingMessage, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // non-browser clients (scripts, typed clients) authenticate by token
  const host = req.headers.host;
  try {
    const o = new URL(origin);
    if (host && o.host === host) return true;
  } catch {
    return false;
  }
  return allowed.includes(origin);
}

/** Why a request path is refused before any handler sees it (Next answers these with a bare 500), or null. */
export function badPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return "请求路径编码无效 (malformed URL encoding in path)";
  }
  if (decoded.includes("\0")) return "请求路径不能包含 NUL 字符 (NUL byte in path)";
  return null;
}

/**
 * A state-changing request whose Origin is "null" (sandboxed frames, file: pages, some
 * redirects) or not a URL at all cannot be checked against our origin: refuse it on every path.
 */
export function unverifiableOrigin(method: string | undefined, origin: string | undefined): boolean {
  if (!origin || method === "GET" || method === "HEAD" || method === "OPTIONS") return false;
  if (origin === "null") return true;
  try {
    const u = new URL(origin);
    return u.protocol !== "http:" && u.protocol !== "https:";
  } catch {
    return true;
  }
}

/** One year, subdomains included: sent only on responses to HTTPS requests (behind TRUSTED_PROXY). */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Marks a request with what the route handlers may trust: the client's address (for login
 * throttling), whether it came over HTTPS (Secure cookies, the page CSP's WebSocket URL) and a
 * request id (logged with any 5xx and sent to the client). Incoming values of these headers are
 * always replaced, so clients cannot set them.
 */
export function markRequest(req: IncomingMessage, res: ServerResponse, trusted: TrustedProxies): { requestId: string; https: boolean } {
  const info = clientInfo(req.socket.remoteAddress, req.headers, trusted);
  const requestId = randomUUID();
  req.headers["x-churn-client-ip"] = info.address;
  req.headers["x-churn-proto"] = info.https ? "https" : "http";
  req.headers["x-churn-request-id"] = requestId;
  res.setHeader("x-request-id", requestId);
  if (info.https) res.setHeader("strict-transport-security", HSTS);
  return { requestId, https: info.https };
}

/** How long a client may take to read an answer sent before its request body was read, before the connection is reset. */
const UNREAD_BODY_GRACE_MS = 500;
/** A refused body up to this size is read and dropped as usual, so the client gets its answer on a clean connection. */
const DRAIN_LIMIT_BYTES = 8 << 20;

/**
 * A request answered before its body was read (refused: 401/403/413) must not have a large
 * body read after all, which is what Node does to keep the connection alive: a 300 MB upload
 * would be received and dropped byte by byte. Such a connection stops reading, says it is done
 * (FIN), and is reset after a short grace in which the client reads the answer. A small body
 * (declared ≤ 8 MiB) is drained instead: closing a socket with
 * unread data makes the kernel send a reset at once, and the client loses the answer (a 403 for
 * a bad Origin became "fetch failed").
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  res.once("finish", () => {
    if (req.complete) return;
    const socket = req.socket;
    const cut = () => {
      socket.pause();
      socket.end();
      setTimeout(() => socket.destroy(), UNREAD_BODY_GRACE_MS).unref();
    };
    // Only a declared small body is drained (Node does it); a chunked one has no known end and
    // at loopback speed gigabytes pass between two timer checks, so it is cut at once.
    const declared = req.headers["content-length"] === undefined ? NaN : Number(req.headers["content-length"]);
    if (!(Number.isFinite(declared) && declared <= DRAIN_LIMIT_BYTES)) cut();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v);
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(body));
}

const API_HEADERS: Record<string, string> = {
  "content-security-policy": API_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

export async function startServer(opts: { dev?: boolean; port?: number; services?: AppServices } = {}) {
  const env = parseEnv();
  registerSecret(env.ARK_API_KEY);
  registerSecret(env.LLM_API_KEY);
  registerSecret(env.ADMIN_PASSWORD);
  const dev = opts.dev ?? env.NODE_ENV !== "production";
  const services = opts.services ?? (await createAppServices(env));
  registerRestAdapter(createRestAdapter(services));
  const log = services.log;

  const admin = await ensureAdmin(services.db, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
  if (admin.oneTimePassword) {
    // Printed once, on purpose, to the console of whoever started the server (not to the log stream).
    process.stdout.write(
      `\n================ 首次启动 FIRST START ================\n管理员账号 admin: ${admin.email}\n一次性密码 one-time password: ${admin.oneTimePassword}\n请登录后创建正式账号；设置 ADMIN_EMAIL / ADMIN_PASSWORD 可避免此提示。\n======================================================\n\n`,
    );
  }

  const schema = buildSchema();
  const introspection = env.GRAPHQL_INTROSPECTION ? env.GRAPHQL_INTROSPECTION === "true" : dev;
  const allowedOrigins = env.ALLOWED_ORIGINS.split(",").map((s) => s.trim()).filter(Boolean);
  const trustedProxies = parseTrustedProxies(env.TRUSTED_PROXY);
  const authHttp = async (req: IncomingMessage) =>
    toViewer(await authenticate(services.db, req.headers.authorization, req.headers.cookie));
  const graphqlHttp = await createGraphQLHttpHandler({ schema, services, introspection, authenticate: authHttp });
  const graphqlWs = createGraphQLWsServer({
    schema,
    services,
    introspection,
    recheckMs: env.WS_RECHECK_MS,
    authenticate: async (req, params) => {
      const fromParams = typeof params?.authorization === "string" ? params.authorization : typeof params?.token === "string" ? `Bearer ${params.token}` : undefined;
      return toViewer(await authenticate(services.db, fromParams ?? req.headers.authorization, req.headers.cookie));
    },
  });

  const app = next({ dev, dir: ROOT, quiet: !dev });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined;
  // Brotli for the build's static chunks (Next only gzips them); packed in the background.
  const staticBr = dev ? null : createPrecompressedStatic(path.join(ROOT, ".next", "static"));
  staticBr?.warm().catch((e: unknown) => log.warn("static brotli packing failed", { ...logSafeError(e) }));

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q >= 0 ? url.slice(0, q) : url;
    const { requestId } = markRequest(req, res, trustedProxies);
    closeIfBodyUnread(req, res);
    if (unverifiableOrigin(req.method, req.headers.origin)) {
      sendJson(res, 403, { status: "error", code: "FORBIDDEN", message: "请求来源 (Origin) 无法验证，已拒绝 (Origin null or unparsable: request refused)", errors: [{ message: "Origin null or unparsable", extensions: { code: "FORBIDDEN" } }] });
      return;
    }
    // Liveness is answered here, not through Next's route chain: under 50 concurrent readers that
    // chain queued a probe behind every request in flight (p99 ~600 ms in the soak) although the
    // loop itself was free. Same body as the REST route (app/api/health).
    if (pathname === HEALTH_PATH && (req.method === "GET" || req.method === "HEAD")) {
      sendJson(res, 200, HEALTH_BODY);
      return;
    }
    if (pathname === GRAPHQL_PATH) {
      for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v);
      // br/gzip for whole GraphQL results (a SHAP summary is ~540 KB of JSON); streamed ones pass through.
      compressWholeResponses(req, res);
      graphqlHttp(req, res, q >= 0 ? url.slice(q + 1) : "", requestId).catch((e: unknown) => {
        log.error("graphql http failure", { requestId, ...logSafeError(e) });
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: `服务器内部错误 (internal server error, request ${requestId})`, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] });
        else res.end();
      });
      return;
    }
    // Next answers these with a bare 500; they are the client's error.
    const pathProblem = badPath(pathname);
    if (pathProblem) {
      sendJson(res, 400, { status: "error", code: "BAD_REQUEST", message: pathProblem });
      return;
    }
    if (staticBr?.handle(req, res, pathname)) return;
    // Pages and REST answers start their synchronous work one per loop turn, like GraphQL (lib/runtime/fair-turns.ts).
    takeTurn().then(() => handleNext(req, res)).catch((e: unknown) => {
      log.error("next handler failure", { requestId, ...logSafeError(e) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? "").split("?")[0];
    // The WebSocket authenticates by the same rules as HTTP: the client address and protocol too.
    req.headers["x-churn-client-ip"] = clientInfo(req.socket.remoteAddress, req.headers, trustedProxies).address;
    if (pathname === GRAPHQL_PATH) {
      if (!originAllowed(req, allowedOrigins)) {
        socket.write("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
        socket.destroy();
        return;
      }
      graphqlWs.wss.handleUpgrade(req, socket, head, (ws) => graphqlWs.wss.emit("connection", ws, req));
      return;
    }
    if (nextUpgrade) {
      void nextUpgrade(req, socket, head);
      return;
    }
    socket.write("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    socket.destroy();
  });

  // Node closes an idle keep-alive socket after 5 s by default; a client or reverse proxy that
  // reuses the socket at that instant gets ECONNRESET (one /api/health poll in a soak run). Idle
  // sockets now outlast the usual 60 s idle timeout of proxies and load balancers, so the client
  // side always closes first.
  server.keepAliveTimeout = 65_000;
  const port = opts.port ?? env.PORT;
  await new Promise<void>((resolve) => server.listen(port, env.HOST, resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  log.info(`服务已启动 server ready on http://localhost:${actualPort}`, { ...describeConfig(env), dev, database: services.dbHandle.location, trustedProxy: trustedProxies.source || "none" });

  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await graphqlWs.dispose().catch(() => {});
    await new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections?.();
    await services.close();
    registerRestAdapter(undefined);
  };
  return { server, port: actualPort, services, close };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dev = process.argv.includes("--dev");
  startServer({ dev })
    .then(({ close }) => {
      const stop = (signal: string) => {
        process.stdout.write(`收到 ${signal}，正在关闭 (shutting down)…\n`);
        close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on("SIGINT", () => stop("SIGINT"));
      process.on("SIGTERM", () => stop("SIGTERM"));
      // Only when started with --expose-gc (the soak bench): SIGUSR2 runs a full collection, so
      // the memory left after the work can be told from garbage not yet collected.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (gc) process.on("SIGUSR2", () => gc());
    })
    .catch((e: unknown) => {
      process.stderr.write(`启动失败 (failed to start): ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
