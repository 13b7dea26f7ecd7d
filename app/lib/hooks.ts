"use client";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, onSocketState, request, subscribe } from "./graphql-client";

export interface QueryState<T> {
  data: T | null;
  error: ApiError | Error | null;
  loading: boolean;
  /** Re-runs the query; keeps the previous data visible while loading. */
  refetch: () => Promise<void>;
}

/** Runs a query when the variables change (compared by JSON). `skip` holds it back. */
export function useQuery<TResult, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  options: { skip?: boolean } = {},
): QueryState<TResult> {
  const key = JSON.stringify(variables);
  const [data, setData] = useState<TResult | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [loading, setLoading] = useState(!options.skip);
  const seq = useRef(0);
  const skip = options.skip ?? false;

  const run = useCallback(async () => {
    const id = ++seq.current;
    setLoading(true);
    try {
      const result = await request(doc, JSON.parse(key) as TVars);
      if (id !== seq.current) return;
      setData(result);
      setError(null);
    } catch (e) {
      if (id !== seq.current) return;
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      if (id === seq.current) setLoading(false);
    }
  }, [doc, key]);

  useEffect(() => {
    if (skip) {
      setLoading(false);
      return;
    }
    void run();
    return () => {
      // A newer run or unmount makes this one's result stale.
      seq.current++;
    };
  }, [run, skip]);

  return { data, error, loading, refetch: run };
}

export type LiveStatus = "idle" | "connecting" | "live" | "closed" | "error";

/**
 * Follows a subscription while `skip` is false. `onNext` may change between renders; the latest
 * one is called. Returns the connection status and the last error.
 */
export function useSubscription<TResult, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TResult, TVars>,
  variables: TVars,
  onNext: (data: TResult) => void,
  options: { skip?: boolean } = {},
): { status: LiveStatus; error: ApiError | null } {
  const key = JSON.stringify(variables);
  const handler = useRef(onNext);
  handler.current = onNext;
  const [status, setStatus] = useState<LiveStatus>("idle");
  const [error, setError] = useState<ApiError | null>(null);
  const skip = options.skip ?? false;

  useEffect(() => {
    if (skip) {
      setStatus("idle");
      return;
    }
    setStatus("connecting");
    setError(null);
    const stop = subscribe(
      doc,
      JSON.parse(key) as TVars,
      (d) => {
        setStatus("live");
        handler.current(d);
      },
      {
        onError: (e) => {
          setError(e);
          setStatus("error");
        },
        onComplete: () => setStatus("closed"),
      },
    );
    // A dropped socket shows at once (the client retries quietly); the replay after reconnecting turns it live again.
    const unwatch = onSocketState((state) => {
      if (state === "closed") setStatus((s) => (s === "live" || s === "connecting" ? "error" : s));
    });
    return () => {
      unwatch();
      stop();
    };
  }, [doc, key, skip]);

  return { status, error };
}

/** Runs a mutation (or an on-demand query) and tracks its pending state and error. */
export function useMutation<TResult, TVars extends Record<string, unknown>>(
  doc: TypedDocumentNode<TResult, TVars>,
): {
  run: (variables: TVars) => Promise<TResult | null>;
  pending: boolean;
  error: ApiError | Error | null;
  reset: () => void;
} {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const run = useCallback(
    async (variables: TVars) => {
      setPending(true);
      setError(null);
      try {
        return await request(doc, variables);
      } catch (e) {
        setError(e instanceof Error ? e : new Error(String(e)));
        return null;
      } finally {
        setPending(false);
      }
    },
    [doc],
  );
  return { run, pending, error, reset: () => setError(null) };
}
