/**
 * One Node process, one port: the Next.js dashboard and REST routes, Apollo Server on
 * POST/GET /api/graphql, and graphql-ws subscriptions on the same path.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";
import { type Principal, ensureAdmin } from "./lib/auth/accounts";
import { authenticate } from "./lib/auth/request-auth";
import { API_CSP } from "./lib/config/csp";
import { describeConfig, parseEnv } from "./lib/config/env";
import { createAppServices, type AppServices } from "./lib/services/app-services";
import { registerSecret } from "./lib/services/logger";
import { createRestAdapter } from "./app/api/_lib/rest-adapter";
import { registerRestAdapter } from "./app/api/_lib/registry";
import type { Viewer } from "./graphql/context";
import { createGraphQLHttpHandler } from "./graphql/http";
import { buildSchema } from "./graphql/schema";
import { createGraphQLWsServer } from "./graphql/ws";

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

function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
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
  const authHttp = async (req: IncomingMessage) =>
    toViewer(await authenticate(services.db, req.headers.authorization, req.headers.cookie));
  const graphqlHttp = await createGraphQLHttpHandler({ schema, services, introspection, authenticate: authHttp });
  const graphqlWs = createGraphQLWsServer({
    schema,
    services,
    introspection,
    authenticate: async (req, params) => {
      const fromParams = typeof params?.authorization === "string" ? params.authorization : typeof params?.token === "string" ? `Bearer ${params.token}` : undefined;
      return toViewer(await authenticate(services.db, fromParams ?? req.headers.authorization, req.headers.cookie));
    },
  });

  const app = next({ dev, dir: ROOT, quiet: !dev });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q >= 0 ? url.slice(0, q) : url;
    if (pathname === GRAPHQL_PATH) {
      for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v);
      graphqlHttp(req, res, q >= 0 ? url.slice(q + 1) : "").catch((e: unknown) => {
        log.error("graphql http failure", { error: e instanceof Error ? e.message : String(e) });
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ errors: [{ message: "服务器内部错误 (internal server error)", extensions: { code: "INTERNAL_SERVER_ERROR" } }] }));
        } else res.end();
      });
      return;
    }
    // Next answers a malformed percent-encoding in the path with a bare 500; it is the client's error.
    if (!decodablePath(pathname)) {
      res.statusCode = 400;
      for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v);
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.end(JSON.stringify({ status: "error", message: "请求路径编码无效 (malformed URL encoding in path)" }));
      return;
    }
    // Route handlers rate-limit logins by this; it is always overwritten, so clients cannot spoof it.
    req.headers["x-churn-client-ip"] = req.socket.remoteAddress ?? "unknown";
    handleNext(req, res).catch((e: unknown) => {
      log.error("next handler failure", { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? "").split("?")[0];
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
    socket.destroy();
  });

  const port = opts.port ?? env.PORT;
  await new Promise<void>((resolve) => server.listen(port, env.HOST, resolve));
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  log.info(`服务已启动 server ready on http://localhost:${actualPort}`, { ...describeConfig(env), dev, database: services.dbHandle.location });

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
    })
    .catch((e: unknown) => {
      process.stderr.write(`启动失败 (failed to start): ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    });
}
