import { describe, expect, it } from "vitest";
import { AccountLoginThrottle, backoffMs, BASE_WAIT_MS, FREE_FAILURES, MAX_WAIT_MS } from "../../lib/auth/login-throttle";

describe("per-account login throttle", () => {
  it("lets the first failures through, then doubles the wait after each further failure, up to the cap", () => {
    expect(Array.from({ length: FREE_FAILURES }, (_, i) => backoffMs(i))).toEqual(Array(FREE_FAILURES).fill(0));
    expect(backoffMs(FREE_FAILURES)).toBe(BASE_WAIT_MS);
    expect(backoffMs(FREE_FAILURES + 3)).toBe(8 * BASE_WAIT_MS);
    expect(backoffMs(FREE_FAILURES + 40)).toBe(MAX_WAIT_MS);
  });

  it("makes an account wait after repeated failures, whatever address they came from; a success clears it", () => {
    const t = new AccountLoginThrottle();
    const now = 1_000_000;
    for (let i = 0; i < FREE_FAILURES; i++) {
      expect(t.waitMs("a@b.cn", now)).toBe(0);
      t.failed("a@b.cn", now);
    }
    expect(t.waitMs("a@b.cn", now)).toBe(BASE_WAIT_MS);
    expect(t.waitMs("a@b.cn", now + BASE_WAIT_MS)).toBe(0);
    expect(t.waitMs("other@b.cn", now)).toBe(0);
    t.failed("a@b.cn", now + BASE_WAIT_MS);
    expect(t.waitMs("a@b.cn", now + BASE_WAIT_MS)).toBe(2 * BASE_WAIT_MS);
    t.succeeded("a@b.cn");
    expect(t.waitMs("a@b.cn", now + BASE_WAIT_MS)).toBe(0);
  });

  it("forgets an old run of failures after a day", () => {
    const t = new AccountLoginThrottle();
    for (let i = 0; i < 20; i++) t.failed("x@y.cn", 0);
    expect(t.waitMs("x@y.cn", 1)).toBeGreaterThan(0);
    expect(t.waitMs("x@y.cn", 24 * 60 * 60_000)).toBe(0);
  });
});
