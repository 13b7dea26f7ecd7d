/** Fixed-window counter per key, in memory (one process serves one deployment). */
export class RateLimiter {
  private readonly hits = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Spends `cost` units of the key's budget: 0 when allowed, else the milliseconds until the
   * window resets. A cost above the whole budget is clamped to it, so one large call can still run
   * (alone in its window).
   */
  take(key: string, cost = 1, now = Date.now()): number {
    const units = Math.max(1, Math.min(this.limit, Math.ceil(cost)));
    const h = this.hits.get(key);
    if (!h || now - h.windowStart >= this.windowMs) {
      this.hits.set(key, { windowStart: now, count: units });
      if (this.hits.size > 10_000) this.prune(now);
      return 0;
    }
    if (h.count + units > this.limit) return h.windowStart + this.windowMs - now;
    h.count += units;
    return 0;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (now - v.windowStart >= this.windowMs) this.hits.delete(k);
  }
}
