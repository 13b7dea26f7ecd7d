import type { FormattedExecutionResult, GraphQLFormattedError } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/**
 * Untyped GraphQL transport for security tests: they send documents and bodies that the typed
 * client (tests/support/graphql-client.ts) cannot express — hostile strings, wrong variable
 * types, cookies on a WebSocket upgrade.
 */
export interface Auth {
  token?: string;
  cookie?: string;
}

export interface RawHttpResult {
  status: number;
  text: string;
  /** Parsed body, or undefined when it was not JSON. */
  json?: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  headers: Headers;
}

export function authHeaders(auth: Auth): Record<string, string> {
  const h: Record<string, string> = {};
  if (auth.token) h.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) h.cookie = auth.cookie;
  return h;
}

/** Sends an arbitrary request to /api/graphql and parses what comes back, whatever it is. */
export async function rawHttp(url: string, init: RequestInit & { search?: string } = {}): Promise<RawHttpResult> {
  const r = await fetch(`${url}/api/graphql${init.search ?? ""}`, { ...init, signal: init.signal ?? AbortSignal.timeout(30_000) });
  const text = await r.text();
  let json: RawHttpResult["json"];
  try {
    json = JSON.parse(text) as RawHttpResult["json"];
  } catch {
    json = undefined;
  }
  return { status: r.status, text, json, headers: r.headers };
}

/** POST {query, variables} as JSON with the GraphQL-over-HTTP accept header. */
export function postGql(url: string, query: string, variables: Record<string, unknown> | undefined, auth: Auth = {}): Promise<RawHttpResult> {
  return rawHttp(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...authHeaders(auth) },
    body: JSON.stringify({ query, variables }),
  });
}

/** A `ws` WebSocket class that sends a Cookie header on the upgrade, like a browser would. */
function webSocketWith(headers: Record<string, string>): unknown {
  if (!Object.keys(headers).length) return WebSocket;
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  };
}

export interface WsClientOptions {
  auth?: Auth;
  lazy?: boolean;
  onClosed?: (code: number) => void;
  onConnected?: () => void;
}

/** graphql-ws client: token in connection_init (as the typed clients do), cookie on the upgrade. */
export function rawWsClient(url: string, opts: WsClientOptions = {}): Client {
  const auth = opts.auth ?? {};
  return createClient({
    url: url.replace(/^http/, "ws") + "/api/graphql",
    webSocketImpl: webSocketWith(auth.cookie ? { cookie: auth.cookie } : {}),
    connectionParams: auth.token ? { authorization: `Bearer ${auth.token}` } : undefined,
    retryAttempts: 0,
    lazy: opts.lazy ?? true,
    on: {
      closed: (e) => opts.onClosed?.((e as { code?: number }).code ?? 0),
      connected: () => opts.onConnected?.(),
    },
  });
}

export interface WsOutcome {
  results: FormattedExecutionResult[];
  /** Errors sent as an `error` message (the operation was refused before execution). */
  errors?: readonly GraphQLFormattedError[];
  /** Close code when the socket closed instead (e.g. 4403 for a refused connection_init). */
  closeCode?: number;
  completed: boolean;
  timedOut: boolean;
}

/** Runs one operation on a subscription-capable client and gathers everything that happens. */
export function wsOperation(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
  timeoutMs = 20_000,
): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const out: WsOutcome = { results: [], completed: false, timedOut: false };
    let dispose: () => void = () => {};
    const timer = setTimeout(() => {
      out.timedOut = true;
      dispose();
      resolve(out);
    }, timeoutMs);
    dispose = client.subscribe(
      { query, variables },
      {
        next: (v) => out.results.push(v as FormattedExecutionResult),
        error: (e: unknown) => {
          clearTimeout(timer);
          if (Array.isArray(e)) out.errors = e as GraphQLFormattedError[];
          else if (e && typeof e === "object" && "code" in e) out.closeCode = Number((e as { code: unknown }).code);
          else out.errors = [{ message: e instanceof Error ? e.message : String(e) }];
          resolve(out);
        },
        complete: () => {
          clearTimeout(timer);
          out.completed = true;
          resolve(out);
        },
      },
    );
  });
}

/** One operation on a fresh connection; the connection is closed afterwards. */
export async function wsOnce(url: string, auth: Auth, query: string, variables?: Record<string, unknown>, timeoutMs = 20_000): Promise<WsOutcome> {
  let closeCode: number | undefined;
  const client = rawWsClient(url, { auth, onClosed: (c) => (closeCode ??= c) });
  try {
    const out = await wsOperation(client, query, variables, timeoutMs);
    if (out.closeCode === undefined && !out.completed && closeCode !== undefined && closeCode !== 1000) out.closeCode = closeCode;
    return out;
  } finally {
    await client.dispose();
  }
}

/** Every error of a WebSocket outcome, whether sent as `error` or inside `next` results. */
export function wsErrors(o: WsOutcome): GraphQLFormattedError[] {
  return [...(o.errors ?? []), ...o.results.flatMap((r) => r.errors ?? [])];
}

/** A stack trace as Node prints it ("    at fn (file:line:col)"). */
export const STACK_RE = /\n\s+at\s+\S.*(\(.*:\d+:\d+\)|:\d+:\d+)/;
