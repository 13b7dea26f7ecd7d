/**
 * In-process publish/subscribe for progress events. Long work is also a database row, so a
 * subscriber replays state from the database first and then follows these events.
 */
export type Listener<T> = (event: T) => void;

export interface BusIterator<T> extends AsyncIterableIterator<T> {
  /** Events received but not yet pulled. */
  buffered(): number;
}

export class EventBus<T> {
  private readonly listeners = new Map<string, Set<Listener<T>>>();
  private forwarder: ((topic: string, event: T) => void) | null = null;
  private readonly anyListeners = new Set<(topic: string, event: T) => void>();

  /** Every event of every topic (cache invalidation); returns the unsubscribe function. */
  onAny(listener: (topic: string, event: T) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  /** Also hand every published event to another transport (PostgreSQL NOTIFY across instances). */
  setForwarder(f: ((topic: string, event: T) => void) | null): void {
    this.forwarder = f;
  }

  publish(topic: string, event: T): void {
    this.deliver(topic, event);
    this.forwarder?.(topic, event);
  }

  /** Delivers to this process's subscribers only (events that arrived from another instance). */
  deliver(topic: string, event: T): void {
    for (const l of this.anyListeners) {
      try {
        l(topic, event);
      } catch {
        // same isolation as topic listeners
      }
    }
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(event);
      } catch {
        // A faulty subscriber must not break the publisher or the other subscribers.
      }
    }
  }

  subscribe(topic: string, listener: Listener<T>): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  listenerCount(topic: string): number {
    return this.listeners.get(topic)?.size ?? 0;
  }

  /**
   * Async iterator over a topic: buffers events that arrive before they are pulled, so a slow
   * consumer loses nothing. `until` ends the stream after the event it returns true for.
   */
  iterate(topic: string, options: { until?: (e: T) => boolean; signal?: AbortSignal } = {}): BusIterator<T> {
    const queue: T[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const unsubscribe = this.subscribe(topic, (e) => {
      if (done) return;
      queue.push(e);
      wake?.();
    });
    const finish = () => {
      done = true;
      unsubscribe();
      wake?.();
    };
    options.signal?.addEventListener("abort", finish, { once: true });
    const iterator: BusIterator<T> = {
      [Symbol.asyncIterator]() {
        return iterator;
      },
      buffered: () => queue.length,
      async next(): Promise<IteratorResult<T>> {
        for (;;) {
          const e = queue.shift();
          if (e !== undefined) {
            if (options.until?.(e)) finish();
            return { value: e, done: false };
          }
          if (done) return { value: undefined, done: true };
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
      },
      async return(): Promise<IteratorResult<T>> {
        finish();
        return { value: undefined, done: true };
      },
    };
    return iterator;
  }
}
