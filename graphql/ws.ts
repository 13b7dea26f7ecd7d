import type { IncomingMessage } from "node:http";
import { GraphQLError, getOperationAST, getVariableValues, parse, specifiedRules, validate, type ExecutionArgs, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { AppServices } from "../lib/services/app-services";
import type { GraphQLContext, Viewer } from "./context";
import { makeFormatError } from "./http";
import { complexityRule, LIMITS, noIntrospectionRule } from "./limits";

export interface GraphQLWsOptions {
  schema: GraphQLSchema;
  services: AppServices;
  introspection: boolean;
  /** Authenticates from the upgrade request (cookie) and the connection_init payload (token). */
  authenticate: (req: IncomingMessage, connectionParams: Record<string, unknown> | undefined) => Promise<Viewer | null>;
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
  const rules = [...specifiedRules, complexityRule(), ...(opts.introspection ? [] : [noIntrospectionRule])];
  const formatError = makeFormatError(opts.services);
  // Same as Apollo's hideSchemaDetailsFromClientErrors on HTTP: no "Did you mean …?" in production.
  const hideSuggestions = opts.services.env.NODE_ENV === "production";
  const clientMessage = (m: string) => (hideSuggestions ? m.replace(/ ?Did you mean(.+?)\?$/, "") : m);

  const cleanup = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: opts.schema,
      connectionInitWaitTimeout: 5_000,
      onConnect: async (ctx) => {
        const viewer = await opts.authenticate(ctx.extra.request, ctx.connectionParams);
        if (!viewer) return false; // closes with 4403 Forbidden
        ctx.extra.viewer = viewer;
        ctx.extra.active = 0;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Checked again on every subscribe: a revoked token or expired session stops here.
        const viewer = ctx.extra.viewer ? await opts.authenticate(ctx.extra.request, ctx.connectionParams) : null;
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
      await cleanup.dispose();
      for (const c of wss.clients) c.close(1001, "server shutting down");
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
