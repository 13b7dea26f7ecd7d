/** Fixed-window counter per key, in memory (one process serves one deployment). */
export class RateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Returns 0 when allowed, else the milliseconds until the window resets. */
  take(key: string, now = Date.now()): number {
    const h = this.hits.get(key);
    if (!h || now - h.windowStart >= this.windowMs) {
      this.hits.set(key, { windowStart: now, count: 1 });
      if (this.hits.size > 10_000) this.prune(now);
      return 0;
    }
    if (h.count >= this.limit) return h.windowStart + this.windowMs - now;
    h.count++;
    return 0;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (now - v.windowStart >= this.windowMs) this.hits.delete(k);
  }
}
