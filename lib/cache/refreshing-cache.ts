/**
 * Values that are expensive to compute and change rarely (counts over a million rows): a value
 * younger than `freshMs` is returned as is; an older one is still returned at once while one
 * reload replaces it in the background, so no caller waits for a recount once a key has been
 * computed. A value older than `staleMs` (nobody read the key for that long) is not served: the
 * read loads again and waits. Only the `maxEntries` most recently written keys are kept. A failed
 * reload keeps the previous value; a failed first load is not remembered.
 */
export class RefreshingCache<K, V> {
  private readonly entries = new Map<K, { at: number; value: Promise<V>; reloading: boolean }>();

  constructor(
    readonly freshMs: number,
    readonly staleMs: number,
    readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(freshMs > 0)) throw new RangeError(`freshMs must be > 0, got ${freshMs}`);
    if (!(staleMs >= freshMs)) throw new RangeError(`staleMs must be ≥ freshMs (${freshMs}), got ${staleMs}`);
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  /** The key's value: cached (reloaded behind the answer when stale) or loaded now. `keep` decides whether a loaded value is remembered. */
  read(key: K, load: () => Promise<V>, keep: (v: V) => boolean = () => true): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at >= this.staleMs) this.entries.delete(key);
    else if (hit) {
      if (!hit.reloading && this.now() - hit.at >= this.freshMs) {
        hit.reloading = true;
        load().then(
          (v) => {
            if (this.entries.get(key) !== hit) return;
            if (keep(v)) this.store(key, Promise.resolve(v));
            else this.entries.delete(key);
          },
          () => {
            if (this.entries.get(key) === hit) hit.reloading = false;
          },
        );
      }
      return hit.value;
    }
    const value = load();
    const entry = this.store(key, value);
    value.then(
      (v) => {
        if (!keep(v) && this.entries.get(key) === entry) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  private store(key: K, value: Promise<V>) {
    const entry = { at: this.now(), value, reloading: false };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    return entry;
  }

  /** Forget keys (all when no predicate): their next read loads again and waits for it. */
  clear(which?: (key: K) => boolean): void {
    if (!which) return this.entries.clear();
    for (const k of [...this.entries.keys()]) if (which(k)) this.entries.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}
