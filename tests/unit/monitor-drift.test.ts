import { describe, expect, it } from "vitest";
import { featureIndex } from "../../lib/data/catalog";
import { Random } from "../../lib/data/random";
import { applyCovariateShift, CovariateShiftError } from "../../lib/monitor/covariate-shift";
import { buildDriftReference, computeDrift, DriftInputError, driftBetween, featureLimits, parseDriftThresholds, psi, type DriftFeatureSpec } from "../../lib/monitor/drift";

const ONE: DriftFeatureSpec[] = [{ key: "x", categories: null }];
const col = (values: number[]) => ({ X: Float64Array.from(values), nCols: 1 });
const normals = (n: number, seed: number, mean = 0, sd = 1) => {
  const rng = new Random(seed);
  return Array.from({ length: n }, () => rng.normal(mean, sd));
};

/** A catalog-shaped matrix: categoricals drawn in range, numerics normal. */
function catalogMatrix(rows: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const X = new Float64Array(rows * 29);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 29; j++) X[r * 29 + j] = rng.normal(10, 2);
    X[r * 29 + featureIndex("customer_type")] = rng.int(0, 1); // 机构 (2) never in the reference
    X[r * 29 + featureIndex("risk_tolerance")] = rng.int(0, 4);
    X[r * 29 + featureIndex("open_channel")] = rng.int(0, 1);
    X[r * 29 + featureIndex("has_margin")] = rng.int(0, 1);
    X[r * 29 + featureIndex("has_advisor")] = rng.int(0, 1);
  }
  return X;
}

describe("PSI", () => {
  it("is 0 for equal shares, grows with the change, and stays finite for empty bins", () => {
    expect(psi([0.5, 0.5], [0.5, 0.5])).toBe(0);
    expect(psi([0.5, 0.5], [0.6, 0.4])).toBeCloseTo(0.1 * Math.log(0.6 / 0.5) - 0.1 * Math.log(0.4 / 0.5), 12);
    expect(psi([0.5, 0.5], [0.9, 0.1])).toBeGreaterThan(psi([0.5, 0.5], [0.6, 0.4]));
    expect(Number.isFinite(psi([1, 0], [0, 1]))).toBe(true);
  });
});

describe("drift reference", () => {
  it("cuts at reference deciles and keeps ties in one bin", () => {
    const ref = buildDriftReference(col(Array.from({ length: 1000 }, (_, i) => i)), { features: ONE });
    const f = ref.features[0]!;
    expect(f.kind === "numeric" && f.edges).toEqual([99, 199, 299, 399, 499, 599, 699, 799, 899]);
    expect(f.shares.slice(0, 10).every((s) => Math.abs(s - 0.1) < 1e-12)).toBe(true);
    // 70% zeros: the lower deciles coincide and merge, so every zero lies in the first bin.
    const tied = buildDriftReference(col([...new Array<number>(700).fill(0), ...Array.from({ length: 300 }, (_, i) => 1 + (i % 3))]), { features: ONE }).features[0]!;
    expect(tied.kind === "numeric" && tied.edges).toEqual([0, 1, 2]);
    expect(tied.shares).toEqual([0.7, 0.1, 0.1, 0.1, 0]);
  });

  it("sees no drift in a second sample of the same distribution and drift in a shifted one", () => {
    const ref = col(normals(5000, 1));
    expect(driftBetween(ref, col(normals(5000, 2)), { features: ONE }).features[0]!.psi).toBeLessThan(0.02);
    const moved = driftBetween(ref, col(normals(5000, 3, 1)), { features: ONE });
    expect(moved.features[0]!.psi).toBeGreaterThan(0.25);
    expect(moved.driftedFeatures).toEqual(["x"]);
    expect(moved.status).toBe("drift");
  });

  it("puts NaN and XGBoost's −1 in the missing bin and reports the missing share", () => {
    const ref = buildDriftReference(col(normals(1000, 1)), { features: ONE });
    const values = normals(1000, 2);
    for (let i = 0; i < 100; i++) values[i] = i % 2 ? Number.NaN : -1;
    const d = computeDrift(ref, col(values));
    expect(d.features[0]!.quality.missingShare).toBeCloseTo(0.1, 12);
    expect(d.features[0]!.quality.referenceMissingShare).toBe(0);
    expect(d.features[0]!.psi).toBeGreaterThan(0.25);
    const keepMinusOne = buildDriftReference(col(normals(1000, 1)), { features: ONE, options: { minusOneIsMissing: false } });
    expect(computeDrift(keepMinusOne, col(values)).features[0]!.quality.missingShare).toBeCloseTo(0.05, 12);
  });

  it("reports values outside the reference range and new categories, in and outside the catalog", () => {
    const X = catalogMatrix(2000, 1);
    const reference = buildDriftReference({ X, nCols: 29 });
    const cur = catalogMatrix(1000, 2);
    const age = featureIndex("age");
    const type = featureIndex("customer_type");
    for (let r = 0; r < 50; r++) cur[r * 29 + age] = 1000;
    for (let r = 50; r < 80; r++) cur[r * 29 + type] = 2;
    for (let r = 80; r < 90; r++) cur[r * 29 + type] = 7;
    const d = computeDrift(reference, { X: cur, nCols: 29 });
    const ageDrift = d.features[age]!;
    expect(ageDrift.quality.aboveMax).toBe(50);
    expect(ageDrift.quality.outOfRangeShare).toBeCloseTo(0.05, 12);
    expect(d.features[type]!.quality.newCategories).toEqual([
      { code: 2, rows: 30, share: 0.03, inCatalog: true },
      { code: 7, rows: 10, share: 0.01, inCatalog: false },
    ]);
  });

  it("is JSON as it is: the stored reference gives the same drift, the report survives a round trip", () => {
    const X = catalogMatrix(1500, 3);
    const score = Float64Array.from({ length: 1500 }, (_, i) => (i % 100) / 100);
    const chunks = Int32Array.from({ length: 1500 }, (_, i) => i % 5);
    const reference = buildDriftReference({ X, nCols: 29 }, { score, chunks });
    const stored = JSON.parse(JSON.stringify(reference)) as typeof reference;
    const cur = applyCovariateShift(catalogMatrix(800, 4), 29, [{ feature: "age", add: 3 }]);
    const curScore = Float64Array.from({ length: 800 }, (_, i) => Math.min(1, (i % 100) / 50));
    const a = computeDrift(reference, { X: cur, nCols: 29 }, { score: curScore });
    const b = computeDrift(stored, { X: cur, nCols: 29 }, { score: curScore });
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(a.driftedFeatures).toEqual(["age"]);
    expect(a.score!.status).toBe("drift");
    expect(a.score!.mean).toBeGreaterThan(a.score!.referenceMean);
  });

  it("raises a feature's limits to its natural swing between reference chunks", () => {
    // Chunk k is shifted by k/2: the feature moves a lot between chunks in the reference itself.
    const values: number[] = [];
    const chunks: number[] = [];
    for (let k = 0; k < 6; k++) {
      for (const v of normals(500, 10 + k, k / 2)) {
        values.push(v);
        chunks.push(k);
      }
    }
    const ref = buildDriftReference(col(values), { features: ONE, chunks });
    const baseline = ref.features[0]!.baseline!;
    expect(baseline.chunks).toBe(6);
    expect(baseline.max).toBeGreaterThan(0.25);
    const limits = featureLimits(baseline, parseDriftThresholds({}));
    expect(limits.drift).toBeGreaterThan(0.25);
    expect(featureLimits(baseline, parseDriftThresholds({ baselineSigmas: 0 }))).toEqual({ warning: 0.1, drift: 0.25 });
    const cur = col(normals(500, 99, 0.5));
    expect(computeDrift(ref, cur).features[0]!.status).not.toBe("drift");
    expect(computeDrift(ref, cur, { thresholds: { baselineSigmas: 0 } }).features[0]!.psi).toBe(computeDrift(ref, cur).features[0]!.psi);
  });

  it("names the field and the limit of bad input", () => {
    expect(() => parseDriftThresholds({ warning: 0.3, drift: 0.2 })).toThrow(/warning/);
    expect(() => parseDriftThresholds({ drift: -1 })).toThrow(DriftInputError);
    expect(() => parseDriftThresholds({ drift: -1 })).toThrow(/drift .*0\.001/);
    expect(() => buildDriftReference(col([1, 2, 3]), { features: ONE, options: { bins: 1 } })).toThrow(/bins .*2\.\.100/);
    expect(() => buildDriftReference({ X: new Float64Array(30), nCols: 30 })).toThrow(/nCols/);
    expect(() => buildDriftReference(col([1, 2]), { features: ONE, chunks: [1] })).toThrow(/chunks/);
    const ref = buildDriftReference(col([1, 2, 3]), { features: ONE });
    expect(() => computeDrift(ref, { X: new Float64Array(4), nCols: 2 })).toThrow(/current.nCols/);
    expect(() => computeDrift(ref, col([Number.POSITIVE_INFINITY]))).toThrow(/x/);
  });
});

describe("covariate shift", () => {
  it("scales and shifts the chosen features only, leaves the input alone, refuses categoricals", () => {
    const X = catalogMatrix(100, 5);
    const copy = X.slice();
    const out = applyCovariateShift(X, 29, [{ feature: "age", multiply: 2, add: 1 }]);
    expect(X).toEqual(copy);
    const age = featureIndex("age");
    for (let r = 0; r < 100; r++) {
      expect(out[r * 29 + age]).toBeCloseTo(X[r * 29 + age]! * 2 + 1, 12);
      expect(out[r * 29 + age + 1]).toBe(X[r * 29 + age + 1]);
    }
    const half = applyCovariateShift(X, 29, [{ feature: "age", add: 5, share: 0.5 }], 7);
    let moved = 0;
    for (let r = 0; r < 100; r++) if (half[r * 29 + age] !== X[r * 29 + age]) moved++;
    expect(moved).toBeGreaterThan(30);
    expect(moved).toBeLessThan(70);
    expect(() => applyCovariateShift(X, 29, [{ feature: "customer_type", add: 1 }])).toThrow(CovariateShiftError);
    expect(() => applyCovariateShift(X, 29, [{ feature: "nope", add: 1 }])).toThrow(/shifts\[0\]\.feature|unknown feature/);
    expect(() => applyCovariateShift(X, 29, [{ feature: "age", share: 0 }])).toThrow(/share/);
  });

  it("never produces XGBoost's missing marker", () => {
    const X = new Float64Array(29).fill(0);
    const out = applyCovariateShift(X, 29, [{ feature: "age", add: -1 }]);
    expect(out[featureIndex("age")]).not.toBe(-1);
  });
});
