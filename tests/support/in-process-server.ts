import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { registerRestAdapter } from "../../app/api/_lib/registry";
import { createRestAdapter } from "../../app/api/_lib/rest-adapter";
import type { DbHandle } from "../../db/client";
import { createGraphQLHttpHandler } from "../../graphql/http";
import { buildSchema } from "../../graphql/schema";
import { createGraphQLWsServer } from "../../graphql/ws";
import { authenticate } from "../../lib/auth/request-auth";
import { parseEnv } from "../../lib/config/env";
import { parseTrustedProxies } from "../../lib/config/trusted-proxy";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { markRequest, toViewer, unverifiableOrigin } from "../../server";
import * as datasetsImport from "../../app/api/datasets/import/route";
import * as datasetsImportUploads from "../../app/api/datasets/import/uploads/route";
import * as login from "../../app/api/auth/login/route";
import * as modelsImport from "../../app/api/models/import/route";
import * as report from "../../app/api/report/route";
import * as train from "../../app/api/train/route";

/**
 * The product's HTTP front without Next: GraphQL over HTTP and WebSocket exactly as server.ts
 * mounts them, and the REST route handlers (the real modules) called with a web Request. Tests
 * that must reach the database while the server runs (delete a user, expire a token) use it on
 * PGlite too, which a server in another process would hold alone.
 */
export interface InProcessServer {
  url: string;
  services: AppServices;
  close(): Promise<void>;
}

type RouteHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: { method: string; path: string; handler: RouteHandler }[] = [
  { method: "POST", path: "/api/auth/login", handler: login.POST },
  { method: "POST", path: "/api/models/import", handler: modelsImport.POST },
  { method: "POST", path: "/api/datasets/import", handler: datasetsImport.POST },
  { method: "POST", path: "/api/datasets/import/uploads", handler: datasetsImportUploads.POST },
  { method: "POST", path: "/api/train", handler: train.POST },
  { method: "GET", path: "/api/report", handler: report.GET },
];

async function toWebRequest(req: IncomingMessage, base: string): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function sendWebResponse(res: ServerResponse, r: Response): Promise<void> {
  res.statusCode = r.status;
  r.headers.forEach((v, k) => res.setHeader(k, v));
  res.end(Buffer.from(await r.arrayBuffer()));
}

export async function startInProcessServer(dbHandle: DbHandle, env: Record<string, string> = {}): Promise<InProcessServer> {
  const parsed = parseEnv({ NODE_ENV: "production", LOG_LEVEL: "warn", ...env });
  const services = await createAppServices(parsed, { dbHandle, runPlans: false });
  registerRestAdapter(createRestAdapter(services));
  const schema = buildSchema();
  const trusted = parseTrustedProxies(parsed.TRUSTED_PROXY);
  const graphqlHttp = await createGraphQLHttpHandler({
    schema,
    services,
    introspection: false,
    authenticate: async (req) => toViewer(await authenticate(services.db, req.headers.authorization, req.headers.cookie)),
  });
  const ws = createGraphQLWsServer({
    schema,
    services,
    introspection: false,
    authenticate: async (req, params) => {
      const fromParams = typeof params?.authorization === "string" ? params.authorization : undefined;
      return toViewer(await authenticate(services.db, fromParams ?? req.headers.authorization, req.headers.cookie));
    },
  });
  let base = "";
  const server: Server = createServer((req, res) => {
    const { requestId } = markRequest(req, res, trusted);
    const [pathname, search = ""] = (req.url ?? "/").split("?") as [string, string?];
    const fail = (e: unknown) => {
      if (!res.headersSent) res.statusCode = 500;
      res.end(String(e));
    };
    if (unverifiableOrigin(req.method, req.headers.origin)) {
      res.statusCode = 403;
      res.end();
      return;
    }
    if (pathname === "/api/graphql") {
      graphqlHttp(req, res, search, requestId).catch(fail);
      return;
    }
    const route = ROUTES.find((r) => r.method === req.method && r.path === pathname);
    if (!route) {
      res.statusCode = 404;
      res.end();
      return;
    }
    toWebRequest(req, base)
      .then((request) => route.handler(request, { params: Promise.resolve({}) }))
      .then((r) => sendWebResponse(res, r))
      .catch(fail);
  });
  server.on("upgrade", (req, socket, head) => ws.wss.handleUpgrade(req, socket, head, (s) => ws.wss.emit("connection", s, req)));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    services,
    close: async () => {
      await ws.dispose();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
      registerRestAdapter(undefined);
    },
  };
}

/** Signs in as an existing admin over REST and creates an ADMIN API token over GraphQL (the token, once). */
export async function adminTokenFor(srv: InProcessServer, admin: { email: string; password: string }, name = "test"): Promise<string> {
  const login = await fetch(`${srv.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(admin) });
  const cookie = /cg_session=[^;]+/.exec(login.headers.get("set-cookie") ?? "")![0];
  const r = await fetch(`${srv.url}/api/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ query: "mutation ($n: String!) { createApiToken(input: { name: $n, role: ADMIN }) { token } }", variables: { n: name } }),
  });
  return ((await r.json()) as { data: { createApiToken: { token: string } } }).data.createApiToken.token;
}
