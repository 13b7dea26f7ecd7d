import { describe, expect, it } from "vitest";
import { contributions, topContributions } from "../../lib/services/customer-queries";

describe("customer drivers", () => {
  it("topContributions equals the first k of the full sorted contributions", () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let t = 0; t < 200; t++) {
      const shap = Array.from({ length: 29 }, () => (t % 7 === 0 ? Math.round(rnd() * 3) / 3 : rnd()));
      const features = Array.from({ length: 29 }, () => Math.abs(rnd()) * 100);
      for (const k of [1, 3, 5]) {
        const full = contributions(features, shap).slice(0, k).map((c) => Math.abs(c.shap));
        expect(topContributions(features, shap, k).map((c) => Math.abs(c.shap))).toEqual(full);
      }
    }
  });
});
