/**
 * Failed sign-ins per account, with exponential backoff: the first FREE_FAILURES failures cost
 * nothing, then each further attempt must wait 1 s, 2 s, 4 s … (at most MAX_WAIT_MS) after the
 * last failure. It is keyed by the email tried, whether or not such an account exists, so the
 * answer says nothing about which accounts exist. A success clears the account's count. In
 * memory, like the per-address limiter: one process serves one deployment.
 */
export const FREE_FAILURES = 5;
export const BASE_WAIT_MS = 1_000;
export const MAX_WAIT_MS = 5 * 60_000;
/** A count left alone this long starts again from zero. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;
const MAX_KEYS = 10_000;

interface Failures {
  count: number;
  last: number;
}

export class AccountLoginThrottle {
  private readonly failures = new Map<string, Failures>();

  /** Milliseconds this account must still wait before its next attempt is checked (0: now). */
  waitMs(account: string, now = Date.now()): number {
    const f = this.failures.get(account);
    if (!f) return 0;
    if (now - f.last >= FORGET_AFTER_MS) {
      this.failures.delete(account);
      return 0;
    }
    return Math.max(0, f.last + backoffMs(f.count) - now);
  }

  failed(account: string, now = Date.now()): void {
    const f = this.failures.get(account);
    this.failures.delete(account); // re-inserted last: the map stays ordered by last failure
    this.failures.set(account, { count: (f && now - f.last < FORGET_AFTER_MS ? f.count : 0) + 1, last: now });
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value as string);
  }

  succeeded(account: string): void {
    this.failures.delete(account);
  }
}

/** The wait after `count` consecutive failures. */
export function backoffMs(count: number): number {
  if (count < FREE_FAILURES) return 0;
  return Math.min(MAX_WAIT_MS, BASE_WAIT_MS * 2 ** (count - FREE_FAILURES));
}
