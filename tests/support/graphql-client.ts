import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface GqlResponse<T> {
  status: number;
  contentType: string | null;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** A real HTTP GraphQL client: POST JSON, the GraphQL-over-HTTP accept header, typed documents. */
export async function gql<TData, TVars>(
  url: string,
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  auth: { token?: string; cookie?: string } = {},
): Promise<GqlResponse<TData>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const r = await fetch(`${url}/api/graphql`, { method: "POST", headers, body: JSON.stringify({ query: print(doc), variables }) });
  const text = await r.text();
  let body: { data?: TData | null; errors?: GqlResponse<TData>["errors"] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `non-JSON response: ${text.slice(0, 200)}` }] };
  }
  return { status: r.status, contentType: r.headers.get("content-type"), data: body.data, errors: body.errors };
}

/** Like gql, but throws on errors and returns data. */
export async function gqlData<TData, TVars>(url: string, doc: TypedDocumentNode<TData, TVars>, variables: TVars, auth: { token?: string; cookie?: string } = {}): Promise<TData> {
  const r = await gql(url, doc, variables, auth);
  if (r.errors?.length || !r.data) throw new Error(`GraphQL error (${r.status}): ${JSON.stringify(r.errors)}`);
  return r.data;
}

export function wsClient(url: string, token?: string): Client {
  return createClient({
    url: url.replace(/^http/, "ws") + "/api/graphql",
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects every event of a subscription until it completes (or `stopWhen` says so). */
export function collect<TData, TVars>(
  client: Client,
  doc: TypedDocumentNode<TData, TVars>,
  variables: TVars,
  stopWhen?: (d: TData) => boolean,
  timeoutMs = 300_000,
): Promise<TData[]> {
  return new Promise((resolve, reject) => {
    const events: TData[] = [];
    const timer = setTimeout(() => {
      dispose();
      reject(new Error(`subscription timed out after ${events.length} events`));
    }, timeoutMs);
    const dispose = client.subscribe<TData>(
      { query: print(doc), variables: variables as Record<string, unknown> },
      {
        next: (v) => {
          if (v.errors?.length) {
            clearTimeout(timer);
            dispose();
            reject(new Error(JSON.stringify(v.errors)));
            return;
          }
          if (v.data) events.push(v.data);
          if (v.data && stopWhen?.(v.data)) {
            clearTimeout(timer);
            dispose();
            resolve(events);
          }
        },
        error: (e) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(JSON.stringify(e)));
        },
        complete: () => {
          clearTimeout(timer);
          resolve(events);
        },
      },
    );
  });
}
