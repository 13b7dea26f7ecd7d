import type { IncomingMessage } from "node:http";
import { GraphQLError, getOperationAST, getVariableValues, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { roleAtLeast } from "../lib/auth/accounts";
import type { AppServices } from "../lib/services/app-services";
import type { GraphQLContext, Viewer } from "./context";
import { makeFormatError } from "./http";
import { nulInStringsRule, nulInVariables, nulVariableError } from "./input-rules";
import { complexityRule, LIMITS, noIntrospectionRule } from "./limits";

export interface GraphQLWsOptions {
  schema: GraphQLSchema;
  services: AppServices;
  introspection: boolean;
  /** Authenticates from the upgrade request (cookie) and the connection_init payload (token). */
  authenticate: (req: IncomingMessage, connectionParams: Record<string, unknown> | undefined) => Promise<Viewer | null>;
  /** How often every open connection's caller is checked again (revoked, expired, disabled, demoted). Default 2 s. */
  recheckMs?: number;
  /** Open connections one account or token may hold. Default 8. */
  maxSocketsPerPrincipal?: number;
}

/** Close codes and reasons a client sees (reasons are at most 123 bytes, so English only). */
export const WS_CLOSE = {
  /** The caller's session or token stopped working while connected. */
  credentialsEnded: { code: 4403, reason: "credentials no longer valid (revoked, expired or account disabled)" },
  /** The caller's role fell below the one the connection was opened with: reconnect with the new rights. */
  roleLowered: { code: 4403, reason: "role lowered; reconnect" },
  tooManySockets: (max: number) => ({ code: 1008, reason: `too many connections for this account or token (max ${max})` }),
} as const;

/** One authenticated connection, checked again every recheckMs. */
interface LiveConnection {
  socket: WebSocket;
  request: IncomingMessage;
  connectionParams: Record<string, unknown> | undefined;
  extra: Extra;
  /** The role the connection was opened with: any subscription on it may rely on it. */
  openedAs: Viewer["role"];
}

interface Extra extends Record<PropertyKey, unknown> {
  request: IncomingMessage;
  viewer?: Viewer | null;
  active?: number;
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return typeof v === "object" && v !== null && Symbol.asyncIterator in v;
}

/**
 * graphql-ws awaits `return()` when a client unsubscribes (or disconnects) and only then calls
 * onComplete. An async generator parked in `await` (e.g. planProgress of a batch whose LLM call
 * hangs) queues that return until its next event, so the per-connection slot was never freed.
 * This wrapper ends the stream at once and lets the inner generator finish in the background.
 */
export function detachable<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const inner = source[Symbol.asyncIterator]();
  const ended: IteratorResult<T> = { value: undefined, done: true };
  let stop: () => void = () => {};
  const stopped = new Promise<IteratorResult<T>>((r) => (stop = () => r(ended)));
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    stop();
    void inner.return?.()?.catch(() => {});
  };
  const gen = {
    [Symbol.asyncIterator]: () => gen,
    next: (): Promise<IteratorResult<T>> => (finished ? Promise.resolve(ended) : Promise.race([inner.next(), stopped])),
    return: async (): Promise<IteratorResult<T>> => {
      finish();
      return ended;
    },
    throw: async (e: unknown): Promise<IteratorResult<T>> => {
      finish();
      throw e;
    },
  };
  return gen as unknown as AsyncGenerator<T>;
}

/** graphql-ws on a noServer WebSocketServer; server.ts routes upgrades of /api/graphql to it. */
export function createGraphQLWsServer(opts: GraphQLWsOptions): { wss: WebSocketServer; dispose: () => Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxPayloadBytes });
  const rules = [...specifiedRules, complexityRule(), nulInStringsRule, ...(opts.introspection ? [] : [noIntrospectionRule])];
  const formatError = makeFormatError(opts.services);
  // Same as Apollo's hideSchemaDetailsFromClientErrors on HTTP: no "Did you mean …?" in production.
  const hideSuggestions = opts.services.env.NODE_ENV === "production";
  const clientMessage = (m: string) => (hideSuggestions ? m.replace(/ ?Did you mean(.+?)\?$/, "") : m);

  const maxSockets = opts.maxSocketsPerPrincipal ?? 8;
  /** Open connections per principal id (`user:3`, `token:7`). */
  const byPrincipal = new Map<string, Set<LiveConnection>>();
  const forget = (principalId: string, c: LiveConnection) => {
    const set = byPrincipal.get(principalId);
    set?.delete(c);
    if (set && set.size === 0) byPrincipal.delete(principalId);
  };

  /**
   * Every open connection's caller, checked again: a revoked or expired token, a disabled or
   * deleted account, an ended session closes the socket (its subscriptions end with it); a lower
   * role closes it too, so nothing keeps running with rights the caller no longer has. Reads go
   * through the principal cache, so this costs one query per principal per few seconds.
   */
  let checking = false;
  const recheck = async () => {
    if (checking) return;
    checking = true;
    try {
      const all = [...byPrincipal.entries()].flatMap(([id, set]) => [...set].map((c) => [id, c] as const));
      await Promise.all(
        all.map(async ([id, c]) => {
          let now: Viewer | null;
          try {
            now = await opts.authenticate(c.request, c.connectionParams);
          } catch (e) {
            // A database hiccup is no reason to drop every socket: check again next round.
            opts.services.log.warn("websocket recheck failed", { error: e instanceof Error ? e.name : "unknown" });
            return;
          }
          const close = !now ? WS_CLOSE.credentialsEnded : !roleAtLeast(now.role, c.openedAs) ? WS_CLOSE.roleLowered : null;
          if (close) {
            forget(id, c);
            c.socket.close(close.code, close.reason);
            return;
          }
          c.extra.viewer = now;
        }),
      );
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void recheck(), opts.recheckMs ?? 2_000);
  timer.unref();

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.schema,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const viewer = await opts.authenticate(ctx.extra.request, ctx.connectionParams);
        if (!viewer) return false; // closes with 4403 Forbidden
        const socket = ctx.extra.socket;
        const set = byPrincipal.get(viewer.id) ?? new Set<LiveConnection>();
        if (set.size >= maxSockets) {
          const close = WS_CLOSE.tooManySockets(maxSockets);
          socket.close(close.code, close.reason);
          return false;
        }
        ctx.extra.viewer = viewer;
        ctx.extra.active = 0;
        const c: LiveConnection = { socket, request: ctx.extra.request, connectionParams: ctx.connectionParams, extra: ctx.extra, openedAs: viewer.role };
        set.add(c);
        byPrincipal.set(viewer.id, set);
        socket.once("close", () => forget(viewer.id, c));
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Checked again on every subscribe: a revoked token or expired session stops here.
        const viewer = ctx.extra.viewer ? await opts.authenticate(ctx.extra.request, ctx.connectionParams) : null;
        if (viewer) ctx.extra.viewer = viewer;
        if (!viewer) {
          return [new GraphQLError("会话已失效，请重新登录 (session expired)", { extensions: { code: "UNAUTHENTICATED" } })];
        }
        if ((ctx.extra.active ?? 0) >= LIMITS.maxSubscriptionsPerConnection) {
          return [new GraphQLError(`每个连接最多 ${LIMITS.maxSubscriptionsPerConnection} 个订阅 (too many subscriptions on this connection)`, { extensions: { code: "RATE_LIMITED" } })];
        }
        if (typeof payload.query !== "string" || payload.query.length > LIMITS.maxQueryLength) {
          return [new GraphQLError("查询缺失或过长 (query missing or too long)", { extensions: { code: "BAD_REQUEST" } })];
        }
        let document;
        try {
          document = parse(payload.query);
        } catch (e) {
          return [new GraphQLError((e as Error).message, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const errors = validate(opts.schema, document, rules);
        if (errors.length) return errors.map((e) => new GraphQLError(clientMessage(e.message), { nodes: e.nodes, extensions: { code: (e.extensions.code as string) ?? "GRAPHQL_VALIDATION_FAILED" } }));
        const nul = nulInVariables(payload.variables);
        if (nul) return [nulVariableError(nul)];
        const op = getOperationAST(document, payload.operationName ?? undefined);
        if (!op) return [new GraphQLError("无法确定要执行的操作 (operation not found)", { extensions: { code: "OPERATION_RESOLUTION_FAILURE" } })];
        // Coerce variables here, as Apollo does on HTTP: otherwise graphql-js reports bad variables
        // as uncoded execution errors, which the error formatter masks as internal errors.
        const coerced = getVariableValues(opts.schema, op.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: 20 });
        if (coerced.errors) return coerced.errors.map((e) => new GraphQLError(clientMessage(e.message), { nodes: e.nodes, extensions: { code: "BAD_USER_INPUT" } }));
        ctx.extra.active = (ctx.extra.active ?? 0) + 1;
        const contextValue: GraphQLContext = { services: opts.services, viewer };
        const args: ExecutionArgs = {
          schema: opts.schema,
          document,
          operationName: payload.operationName ?? undefined,
          variableValues: payload.variables ?? undefined,
          contextValue,
        };
        return args;
      },
      // Without this, an unsubscribed stream parked on a quiet topic keeps its slot until its next event.
      onOperation: (_ctx, _id, _payload, _args, result) => (isAsyncIterable(result) ? detachable(result) : undefined),
      onComplete: (ctx) => {
        ctx.extra.active = Math.max(0, (ctx.extra.active ?? 1) - 1);
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wss,
  );

  return {
    wss,
    dispose: async () => {
      clearInterval(timer);
      await cleanup.dispose();
      for (const c of wss.clients) c.close(1001, "server shutting down");
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
