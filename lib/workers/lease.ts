/**
 * Work under a database lease: a heartbeat renews it while the work runs, and the work's signal
 * aborts as soon as a renewal finds the lease gone (expired and taken over), so the holder stops
 * before it writes anything more. Writes check `held()` first (renewal = fence).
 */

export class LeaseLostError extends Error {
  constructor(what = "lease") {
    super(`${what} lost`);
    this.name = "LeaseLostError";
  }
}

export interface HeldLease {
  /** Aborted when the lease is lost or the parent signal aborts. */
  readonly signal: AbortSignal;
  /** True once a renewal found the lease taken over. */
  readonly lost: boolean;
  /** Renews now; throws LeaseLostError when the lease is no longer ours (or the work was aborted). */
  held(): Promise<void>;
}

export interface LeaseOptions {
  /** Extends the lease; false = it is no longer ours. */
  renew(): Promise<boolean>;
  heartbeatMs: number;
  /** Aborting it aborts the work too (stop, crash simulation). */
  parent?: AbortSignal;
  /** Describes the lease in LeaseLostError messages. */
  what?: string;
  /** A renewal that failed (database unreachable): the lease is kept until it expires. */
  onHeartbeatError?(e: unknown): void;
}

export async function whileLeased<T>(opts: LeaseOptions, work: (lease: HeldLease) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort();
  opts.parent?.addEventListener("abort", onParentAbort, { once: true });
  if (opts.parent?.aborted) controller.abort();
  let lost = false;
  let beating = false;
  const timer = setInterval(() => {
    if (beating || controller.signal.aborted) return;
    beating = true;
    opts
      .renew()
      .then((ok) => {
        if (!ok) {
          lost = true;
          controller.abort();
        }
      })
      .catch((e: unknown) => opts.onHeartbeatError?.(e))
      .finally(() => (beating = false));
  }, opts.heartbeatMs);
  const lease: HeldLease = {
    signal: controller.signal,
    get lost() {
      return lost;
    },
    async held() {
      if (controller.signal.aborted) throw new LeaseLostError(opts.what);
      if (!(await opts.renew())) {
        lost = true;
        controller.abort();
        throw new LeaseLostError(opts.what);
      }
    },
  };
  try {
    return await work(lease);
  } finally {
    clearInterval(timer);
    opts.parent?.removeEventListener("abort", onParentAbort);
  }
}
