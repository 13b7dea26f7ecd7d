import { batchTopic } from "../events";
import type { AppServices } from "./app-services";
import { getPlanBatch } from "./plan-queries";

const TERMINAL = new Set(["done", "cancelled"]);

/** Resolves when a plan batch has finished (events wake it; a slow poll covers other processes). */
export async function waitForBatch(s: AppServices, batchId: number, pollMs = 2000): Promise<void> {
  let wake: (() => void) | null = null;
  const unsubscribe = s.events.plans.subscribe(batchTopic(batchId), (e) => {
    if (e.kind === "batch") wake?.();
  });
  try {
    for (;;) {
      const b = await getPlanBatch(s.db, batchId);
      if (!b || TERMINAL.has(b.status)) return;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, pollMs);
      });
    }
  } finally {
    unsubscribe();
  }
}
