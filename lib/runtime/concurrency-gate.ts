/**
 * At most `limit` operations run at once; the rest wait in arrival order. Every request in
 * flight adds its steps to each turn of the event loop, so 50 readers executing at once made
 * every other answer (/api/health included) wait behind all of them; queued requests cost
 * nothing until their turn.
 */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Operations running now and waiting for a slot. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active++;
    // A released slot passes straight to the next waiter, so `active` never drops below the limit while any wait.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
