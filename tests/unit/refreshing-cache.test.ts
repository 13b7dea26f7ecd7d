import { describe, expect, it } from "vitest";
import { RefreshingCache } from "../../lib/cache/refreshing-cache";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe("RefreshingCache", () => {
  it("serves a fresh value without loading, a stale one at once while one reload replaces it", async () => {
    let now = 0;
    const c = new RefreshingCache<string, number>(100, 1_000, 10, () => now);
    let loads = 0;
    expect(await c.read("k", async () => ++loads)).toBe(1);
    now = 50;
    expect(await c.read("k", async () => ++loads)).toBe(1);
    expect(loads).toBe(1);
    now = 150;
    const reload = deferred<number>();
    let started = 0;
    const load = () => (started++, reload.promise);
    expect(await c.read("k", load)).toBe(1);
    expect(await c.read("k", load)).toBe(1);
    expect(started).toBe(1);
    reload.resolve(7);
    await reload.promise;
    await Promise.resolve();
    expect(await c.read("k", load)).toBe(7);
    expect(started).toBe(1);
  });

  it("a value older than staleMs is loaded again and waited for", async () => {
    let now = 0;
    const c = new RefreshingCache<string, number>(100, 1_000, 10, () => now);
    await c.read("k", async () => 1);
    now = 1_000;
    expect(await c.read("k", async () => 2)).toBe(2);
  });

  it("keeps the previous value when a reload fails, and forgets a failed first load", async () => {
    let now = 0;
    const c = new RefreshingCache<string, number>(100, 1_000, 10, () => now);
    await c.read("k", async () => 1);
    now = 200;
    expect(await c.read("k", () => Promise.reject(new Error("db down")))).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(await c.read("k", async () => 3)).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(await c.read("k", async () => 4)).toBe(3);
    await expect(c.read("x", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    expect(await c.read("x", async () => 5)).toBe(5);
  });

  it("does not remember values `keep` refuses, clears by predicate, and evicts the oldest key", async () => {
    const c = new RefreshingCache<string, number>(100, 1_000, 2);
    let n = 0;
    const small = () => c.read("small", async () => ++n, (v) => v > 10);
    await small();
    await small();
    expect(n).toBe(2);
    await c.read("a", async () => 11);
    await c.read("b", async () => 12);
    await c.read("c", async () => 13);
    expect(c.size).toBe(2);
    expect(await c.read("a", async () => 99)).toBe(99);
    c.clear((k) => k === "a");
    expect(await c.read("a", async () => 100)).toBe(100);
    expect(() => new RefreshingCache(100, 50, 1)).toThrow(/staleMs/);
  });
});
