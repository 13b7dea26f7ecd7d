import { describe, expect, it } from "vitest";
import { ConcurrencyGate } from "./concurrency-gate";

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("ConcurrencyGate", () => {
  it("runs at most `limit` at once, the rest in arrival order", async () => {
    const gate = new ConcurrencyGate(2);
    const started: number[] = [];
    const release: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const all = [0, 1, 2, 3, 4].map((i) =>
      gate.run(async () => {
        started.push(i);
        running++;
        most = Math.max(most, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(gate.load).toEqual({ active: 2, waiting: 3 });
    while (release.length) {
      release.shift()!();
      await tick();
      await tick();
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it("frees the slot when the work throws", async () => {
    const gate = new ConcurrencyGate(1);
    await expect(gate.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await gate.run(async () => 7)).toBe(7);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new ConcurrencyGate(0)).toThrow(/limit must be a positive integer/);
    expect(() => new ConcurrencyGate(1.5)).toThrow(/limit must be a positive integer/);
  });
});
