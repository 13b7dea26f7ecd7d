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
  /** Number of events applied: lets callers refetch lists when something finished. */
  finishedCount: number;
}

const EMPTY: BatchStreamState = { batch: null, plans: {}, texts: {}, writing: [], finishedCount: 0 };

export function applyPlanEvent(s: BatchStreamState, e: PlanEvent): BatchStreamState {
  const next: BatchStreamState = { ...s, batch: e.batch, plans: { ...s.plans }, texts: { ...s.texts }, writing: [...s.writing] };
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
        if (p.status === "RUNNING") startWriting(p.customerId);
      }
      break;
    case "STARTED":
      if (e.plan) put(e.plan);
      if (e.customerId) {
        next.texts[e.customerId] = e.plan?.rawText ?? "";
        startWriting(e.customerId);
      }
      break;
    case "DELTA":
      if (e.customerId && e.delta) {
        next.texts[e.customerId] = (next.texts[e.customerId] ?? "") + e.delta;
        if (!next.writing.includes(e.customerId)) startWriting(e.customerId);
      }
      break;
    case "DONE":
    case "FAILED": {
      if (e.plan) put(e.plan);
      const id = e.customerId ?? e.plan?.customerId;
      if (id) stopWriting(id);
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
