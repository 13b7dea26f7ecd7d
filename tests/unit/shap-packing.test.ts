import { describe, expect, it } from "vitest";
import { packSeries, SHAP_INT16_MAX } from "../../lib/ml/shap-packing";
import { unpackNormalizedValue, unpackShap } from "../../app/shap/beeswarm-unpack";
import { beeswarmOffsets } from "../../app/shap/beeswarm-layout";
import { Random } from "../../lib/data/random";

describe("packed beeswarm series", () => {
  const rng = new Random(7);
  const shap = Array.from({ length: 600 }, () => (rng.next() - 0.3) * 1.7);
  const value = Array.from({ length: 600 }, (_, i) => (i % 50 === 0 ? NaN : rng.next()));

  it("round-trips SHAP within half a step (max |shap| / 32767) and keeps the largest exactly in range", () => {
    const p = packSeries(shap, value);
    const back = unpackShap(p.shapInt16, p.shapStep);
    expect(back).toHaveLength(600);
    const maxAbs = Math.max(...shap.map(Math.abs));
    expect(p.shapStep).toBeCloseTo(maxAbs / SHAP_INT16_MAX, 15);
    for (let i = 0; i < shap.length; i++) expect(Math.abs(back[i]! - shap[i]!)).toBeLessThanOrEqual(p.shapStep / 2 + 1e-15);
  });

  it("colour values to 1/254, missing stays missing", () => {
    const p = packSeries(shap, value);
    const back = unpackNormalizedValue(p.normalizedValueUint8);
    for (let i = 0; i < value.length; i++) {
      if (Number.isNaN(value[i]!)) expect(back[i]).toBeNaN();
      else expect(Math.abs(back[i]! - value[i]!)).toBeLessThanOrEqual(0.5 / 254 + 1e-12);
    }
  });

  it("draws the same beeswarm: every point within 1/1000 of the axis span of where the exact values put it", () => {
    const p = packSeries(shap, value);
    const back = unpackShap(p.shapInt16, p.shapStep);
    const span = Math.max(...shap) - Math.min(...shap);
    const exact = beeswarmOffsets(shap);
    const packed = beeswarmOffsets(back);
    let moved = 0;
    for (let i = 0; i < shap.length; i++) {
      expect(Math.abs(back[i]! - shap[i]!)).toBeLessThan(span / 1000);
      if (exact[i] !== packed[i]) moved++;
    }
    // Offsets depend on x bins: only a point sitting on a bin edge could change bins.
    expect(moved).toBeLessThanOrEqual(shap.length / 50);
  });

  it("a feature with no SHAP (all zero) packs to zeros; mismatched lengths are refused", () => {
    const p = packSeries([0, 0, 0], [0.2, 0.4, 1]);
    expect(unpackShap(p.shapInt16, p.shapStep)).toEqual([0, 0, 0]);
    expect(() => packSeries([1, 2], [0.5])).toThrow(/same length, got 2 and 1/);
  });

  it("is about a fifth of the JSON floats it replaces", () => {
    const p = packSeries(shap, value);
    const packedBytes = p.shapInt16.length + p.normalizedValueUint8.length;
    const jsonBytes = JSON.stringify({ shap, normalizedValue: value.map((v) => (Number.isNaN(v) ? 0.5 : v)) }).length;
    expect(packedBytes * 5).toBeLessThan(jsonBytes);
  });
});
