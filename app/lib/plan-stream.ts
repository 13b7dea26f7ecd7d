"use client";
import { useCallback, useRef, useState } from "react";
import type { BatchFieldsFragment, PlanFieldsFragment, PlanProgressSubscription as PlanEventData } from "../../graphql/generated/client/graphql";
import { PlanProgressSubscription } from "./documents/plans";
import { useSubscription, type LiveStatus } from "./hooks";
import type { ApiError } from "./graphql-client";

type PlanEvent = PlanEventData["planProgress"];

export interface BatchStreamState {
  batch: BatchFieldsFragment | null;
  /** Latest known plan row per customer. */
  plans: Record<string, PlanFieldsFragment>;
  /** Text written so far per customer (rawText from the snapshot, then the deltas). */
  texts: Record<string, string>;
  /** Customers whose plan is being written now, most recent first. */
  writing: string[];
  /** Number of plans finished while subscribed: lets callers refetch lists. */
  finishedCount: number;
  /**
   * Snapshot text per customer whose first live deltas may repeat it: the server reads the
   * snapshot after it starts listening, so deltas queued in between are already in it.
   */
  overlap: Record<string, { snapshot: string; seen: string }>;
}

const EMPTY: BatchStreamState = { batch: null, plans: {}, texts: {}, writing: [], finishedCount: 0, overlap: {} };

/** Length of the longest prefix of `delta` that `text` ends with. */
export function longestOverlap(text: string, delta: string): number {
  for (let k = Math.min(text.length, delta.length); k > 0; k--) {
    if (text.endsWith(delta.slice(0, k))) return k;
  }
  return 0;
}

export function applyPlanEvent(s: BatchStreamState, e: PlanEvent): BatchStreamState {
  const next: BatchStreamState = { ...s, batch: e.batch, plans: { ...s.plans }, texts: { ...s.texts }, writing: [...s.writing], overlap: { ...s.overlap } };
  const put = (p: PlanFieldsFragment) => {
    next.plans[p.customerId] = p;
    if (p.rawText != null && (next.texts[p.customerId] ?? "").length <= p.rawText.length) next.texts[p.customerId] = p.rawText;
  };
  const startWriting = (id: string) => {
    next.writing = [id, ...next.writing.filter((c) => c !== id)];
  };
  const stopWriting = (id: string) => {
    next.writing = next.writing.filter((c) => c !== id);
  };
  switch (e.kind) {
    case "SNAPSHOT":
      for (const p of e.plans ?? []) {
        put(p);
        if (p.status === "RUNNING") {
          startWriting(p.customerId);
          if (p.rawText) next.overlap[p.customerId] = { snapshot: p.rawText, seen: "" };
        }
      }
      break;
    case "STARTED":
      if (e.plan) put(e.plan);
      if (e.customerId) {
        // An attempt starts with no text; the plan row's live text may already hold deltas still queued for us.
        next.texts[e.customerId] = "";
        delete next.overlap[e.customerId];
        startWriting(e.customerId);
      }
      break;
    case "DELTA":
      if (e.customerId && e.delta) {
        const id = e.customerId;
        const o = next.overlap[id];
        let delta = e.delta;
        if (o) {
          const seen = o.seen + delta;
          if (o.snapshot.includes(seen) && !o.snapshot.endsWith(seen)) {
            // Already part of the snapshot text: skip it.
            next.overlap[id] = { ...o, seen };
            break;
          }
          // The snapshot may also hold the start of this delta (text not yet published when it
          // was read): append only what goes beyond it.
          delta = delta.slice(longestOverlap(o.snapshot, delta));
          delete next.overlap[id];
        }
        next.texts[id] = (next.texts[id] ?? "") + delta;
        if (!next.writing.includes(id)) startWriting(id);
      }
      break;
    case "DONE":
    case "FAILED": {
      if (e.plan) {
        put(e.plan);
        // The stored text is the authority once the plan is finished.
        if (e.plan.rawText != null) next.texts[e.plan.customerId] = e.plan.rawText;
      }
      const id = e.customerId ?? e.plan?.customerId;
      if (id) {
        stopWriting(id);
        delete next.overlap[id];
      }
      next.finishedCount = s.finishedCount + 1;
      break;
    }
    case "BATCH":
      break;
  }
  return next;
}

/** Follows one plan batch: snapshot first, then live events. */
export function useBatchStream(
  batchId: number | null,
  options: { skip?: boolean } = {},
): { state: BatchStreamState; status: LiveStatus; error: ApiError | null; reset: () => void } {
  const [state, setState] = useState<BatchStreamState>(EMPTY);
  const current = useRef(batchId);
  if (current.current !== batchId) {
    current.current = batchId;
  }
  const { status, error } = useSubscription(
    PlanProgressSubscription,
    { batchId: batchId ?? 0 },
    (data) => {
      if (data.planProgress.batchId !== current.current) return;
      setState((s) => applyPlanEvent(s, data.planProgress));
    },
    { skip: batchId == null || options.skip },
  );
  const reset = useCallback(() => setState(EMPTY), []);
  return { state, status, error, reset };
}
