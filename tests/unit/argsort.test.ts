import { describe, expect, it } from "vitest";
import { argsortSteps } from "../../lib/stats/argsort";
import { runToEnd } from "../../lib/runtime/time-slice";

const reference = (v: ArrayLike<number>) => Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a]! - v[b]!);

describe("argsortSteps", () => {
  it("equals a stable comparator sort, ties in index order, for every size around the run and merge borders", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1_000, 4_097]) {
      // Few distinct values: many ties, which a stable sort must keep in index order.
      const v = Float64Array.from({ length: n }, () => Math.floor(rnd() * 20) / 20);
      expect(Array.from(runToEnd(argsortSteps(v, 64)))).toEqual(reference(v));
      const w = Float64Array.from({ length: n }, () => rnd() - 0.5);
      expect(Array.from(runToEnd(argsortSteps(w)))).toEqual(reference(w));
    }
  });

  it("pauses: a million values take many steps, none of them the whole sort", () => {
    const v = Float64Array.from({ length: 1_000_000 }, (_, i) => Math.sin(i));
    const steps = argsortSteps(v);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    expect(pauses).toBeGreaterThan(100);
    const order = r.value;
    for (let i = 1; i < order.length; i++) if (v[order[i - 1]!]! > v[order[i]!]!) throw new Error(`out of order at ${i}`);
  });
});
