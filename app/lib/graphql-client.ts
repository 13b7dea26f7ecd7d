import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
// The printer alone: importing the package root pulls much more of graphql-js into every page.
import { print } from "graphql/language/printer";
import type { Client } from "graphql-ws";
import type { ApiErrorEntry } from "./i18n/errors";

/** A GraphQL error from the API, carrying the server's own messages so pages can show them. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly messages: readonly string[],
    /** `extensions.code` of each GraphQL error, e.g. UNAUTHENTICATED, BAD_USER_INPUT. */
    readonly codes: readonly string[] = [],
    /** `extensions.field` of each GraphQL error that names one, e.g. `input.email`. */
    readonly fields: readonly string[] = [],
    /** Each error with its code and field, for text by code in the viewer's language (app/lib/i18n/errors.ts). */
    readonly entries: readonly ApiErrorEntry[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const ENDPOINT = "/api/graphql";
const TOKEN_KEY = "apiToken";

// Auth slots in later: a token in sessionStorage becomes a bearer header; cookies always go.
function authToken(): string | null {
  if (typeof window === "undefined") return null;
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

const printed = new WeakMap<object, string>();
function printDocument(doc: TypedDocumentNode<unknown, never>): string {
  let text = printed.get(doc);
  if (!text) {
    text = print(doc);
    printed.set(doc, text);
  }
  return text;
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown; field?: unknown; requestId?: unknown } }[];
}

export async function request<TResult, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  init?: { signal?: AbortSignal },
): Promise<TResult> {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  const token = authToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(ENDPOINT, {
      method: "POST",
      headers,
      credentials: "same-origin",
      body: JSON.stringify({ query: printDocument(doc as TypedDocumentNode<unknown, never>), variables }),
      signal: init?.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(`无法连接服务器 (network error): ${e instanceof Error ? e.message : String(e)}`, null, []);
  }
  let body: GraphQLResponse<TResult> | null = null;
  try {
    body = (await res.json()) as GraphQLResponse<TResult>;
  } catch {
    body = null;
  }
  const messages = body?.errors?.map((e) => e.message) ?? [];
  if (messages.length > 0) throw new ApiError(messages.join("；"), res.status, messages, errorCodes(body?.errors), errorFields(body?.errors), errorEntries(body?.errors));
  if (!res.ok || !body || body.data == null) {
    throw new ApiError(`服务器错误 HTTP ${res.status} ${res.statusText}`.trim(), res.status, []);
  }
  return body.data;
}

let wsClient: Promise<Client> | null = null;

/** The live socket's state as the browser sees it: "open" once connected, "closed" from a drop until the next connect. */
export type SocketState = "open" | "closed";
const socketListeners = new Set<(state: SocketState) => void>();
/** Calls `listener` on every change of the socket's state; returns the unsubscribe function. */
export function onSocketState(listener: (state: SocketState) => void): () => void {
  socketListeners.add(listener);
  return () => socketListeners.delete(listener);
}
function emitSocketState(state: SocketState): void {
  for (const l of socketListeners) l(state);
}
// A server that dies without closing the TCP connection is noticed by a ping left unanswered.
const PING_EVERY_MS = 2_000;
const PONG_WITHIN_MS = 2_000;

// graphql-ws is loaded on first subscription only, so pages without live data never ship it.
function getWsClient(): Promise<Client> {
  if (!wsClient) {
    let activeSocket: WebSocket | null = null;
    let pongTimer: ReturnType<typeof setTimeout> | null = null;
    wsClient = import("graphql-ws").then(({ createClient }) => {
      const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
      return createClient({
        url: `${proto}//${window.location.host}${ENDPOINT}`,
        lazy: true,
        retryAttempts: 20,
        shouldRetry: () => true,
        keepAlive: PING_EVERY_MS,
        on: {
          connected: (socket) => {
            activeSocket = socket as WebSocket;
            emitSocketState("open");
          },
          closed: () => {
            activeSocket = null;
            if (pongTimer) clearTimeout(pongTimer);
            emitSocketState("closed");
          },
          ping: (received) => {
            if (received) return;
            pongTimer = setTimeout(() => {
              // Said at once: a frozen server never answers the close handshake, so "closed" would wait for TCP.
              emitSocketState("closed");
              // 4408: graphql-ws's "request timeout"; the client then reconnects and says so.
              if (activeSocket?.readyState === WebSocket.OPEN) activeSocket.close(4408, "Pong timeout");
            }, PONG_WITHIN_MS);
          },
          pong: (received) => {
            if (received && pongTimer) clearTimeout(pongTimer);
          },
        },
        connectionParams: () => {
          const token = authToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      });
    });
  }
  return wsClient;
}

export interface SubscriptionHandlers {
  onError?: (error: ApiError) => void;
  onComplete?: () => void;
}

/** Subscribes over graphql-ws; returns the unsubscribe function. */
export function subscribe<TResult, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  onNext: (data: TResult) => void,
  handlers: SubscriptionHandlers = {},
): () => void {
  let dispose: (() => void) | null = null;
  let closed = false;
  void getWsClient().then((client) => {
    if (closed) return;
    dispose = client.subscribe<TResult>(
      { query: printDocument(doc as TypedDocumentNode<unknown, never>), variables },
      {
        next: (msg) => {
          if (msg.errors && msg.errors.length > 0) {
            const messages = msg.errors.map((e) => e.message);
            handlers.onError?.(new ApiError(messages.join("；"), null, messages, errorCodes(msg.errors), errorFields(msg.errors), errorEntries(msg.errors)));
            return;
          }
          if (msg.data) onNext(msg.data);
        },
        error: (err) => handlers.onError?.(toApiError(err)),
        complete: () => handlers.onComplete?.(),
      },
    );
  });
  return () => {
    closed = true;
    dispose?.();
  };
}

function errorCodes(errors: readonly { extensions?: { code?: unknown } | null }[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "")).filter(Boolean);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

function errorEntries(errors: readonly { message?: unknown; extensions?: { code?: unknown; field?: unknown; requestId?: unknown } | null }[] | undefined): ApiErrorEntry[] {
  return (errors ?? []).map((e) => ({
    message: String(e.message ?? ""),
    code: str(e.extensions?.code),
    field: str(e.extensions?.field),
    requestId: str(e.extensions?.requestId),
  }));
}

function errorFields(errors: readonly { extensions?: { field?: unknown } | null }[] | undefined): string[] {
  return (errors ?? []).map((e) => (typeof e.extensions?.field === "string" ? e.extensions.field : "")).filter(Boolean);
}

/** Whether the API named `field` (e.g. "input.email") as the cause of this error. */
export function errorNamesField(e: unknown, field: string): boolean {
  return e instanceof ApiError && e.fields.includes(field);
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (Array.isArray(err)) {
    const list = err as { message?: unknown; extensions?: { code?: unknown; field?: unknown; requestId?: unknown } }[];
    const messages = list.map((e) => String(e?.message ?? e));
    return new ApiError(messages.join("；"), null, messages, errorCodes(list), errorFields(list), errorEntries(list));
  }
  if (err instanceof Error) return new ApiError(err.message, null, [err.message]);
  // CloseEvent from the socket.
  const reason = typeof err === "object" && err && "reason" in err ? String((err as { reason: unknown }).reason) : "";
  return new ApiError(`实时连接中断 (live connection closed)${reason ? `: ${reason}` : ""}`, null, []);
}

export function isUnauthenticated(e: unknown): boolean {
  return e instanceof ApiError && (e.codes.includes("UNAUTHENTICATED") || e.status === 401);
}

export function needsPasswordChange(e: unknown): boolean {
  return e instanceof ApiError && e.codes.includes("PASSWORD_CHANGE_REQUIRED");
}
