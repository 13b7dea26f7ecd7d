import { describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import { F } from "../../lib/data/features";
import { generateDataset, parseGenerateOptions, type GeneratedDataset } from "../../lib/data/generator";
import { isValidIdNumber } from "../../lib/data/identity";
import { auc } from "../../lib/stats/auc";

const defaults = generateDataset(parseGenerateOptions({}));

function digest(ds: GeneratedDataset): string {
  return JSON.stringify({ p: ds.profiles, w: ds.weekly, m: ds.marketReturns });
}

describe("generateDataset", () => {
  it("fills the documented defaults", () => {
    expect(defaults.options).toEqual({ customers: 3000, weeks: 12, seed: 42, churnRate: 0.3 });
  });

  it("has the requested sizes", () => {
    const ds = defaults;
    expect(ds.profiles).toHaveLength(3000);
    expect(ds.weekly).toHaveLength(3000);
    expect(ds.weekly.every((w) => w.length === 12 && w[0].week === 1 && w[11].week === 12)).toBe(true);
    expect(ds.marketReturns).toHaveLength(12);
    expect(ds.features).toHaveLength(3000 * FEATURE_COUNT);
    expect(ds.labels).toHaveLength(3000);
    expect(ds.trueProbability).toHaveLength(3000);
    expect(ds.profiles[0].id).toBe("C0000001");
    expect(ds.profiles[2999].id).toBe("C0003000");
  });

  it("is deterministic: same seed gives identical arrays and profiles", () => {
    const again = generateDataset(parseGenerateOptions({}));
    expect(Buffer.from(again.features.buffer).equals(Buffer.from(defaults.features.buffer))).toBe(true);
    expect(Buffer.from(again.trueProbability.buffer).equals(Buffer.from(defaults.trueProbability.buffer))).toBe(true);
    expect(Buffer.from(again.labels).equals(Buffer.from(defaults.labels))).toBe(true);
    expect(digest(again)).toBe(digest(defaults));
    expect(again.oracleAuc).toBe(defaults.oracleAuc);
  });

  it("differs for a different seed", () => {
    const other = generateDataset(parseGenerateOptions({ seed: 43 }));
    expect(digest(other)).not.toBe(digest(defaults));
    expect(Buffer.from(other.features.buffer).equals(Buffer.from(defaults.features.buffer))).toBe(false);
  });

  it("does not depend on the customer count for the customers both share", () => {
    const small = generateDataset(parseGenerateOptions({ customers: 200 }));
    expect(small.profiles).toEqual(defaults.profiles.slice(0, 200));
    expect(Array.from(small.features)).toEqual(Array.from(defaults.features.subarray(0, 200 * FEATURE_COUNT)));
  });

  it.each([0.3, 0.15])("hits churn rate %s within ±3 points on 3,000 customers", (rate) => {
    const ds = rate === 0.3 ? defaults : generateDataset(parseGenerateOptions({ churnRate: rate }));
    expect(Math.abs(ds.churnRate - rate)).toBeLessThanOrEqual(0.03);
    let mean = 0;
    for (const p of ds.trueProbability) mean += p;
    expect(mean / ds.trueProbability.length).toBeCloseTo(rate, 4);
  });

  it("keeps every feature finite and never exactly −1 (also in float32)", () => {
    const sets = [defaults, generateDataset(parseGenerateOptions({ weeks: 4, customers: 500 })), generateDataset(parseGenerateOptions({ weeks: 52, customers: 300, churnRate: 0.6 }))];
    for (const ds of sets) {
      const bad: number[] = [];
      for (let i = 0; i < ds.features.length; i++) {
        const v = ds.features[i];
        if (!Number.isFinite(v) || Math.fround(v) === -1) bad.push(i);
      }
      expect(bad).toEqual([]);
    }
  });

  it("has an oracle AUC within 0.90..0.97 on the defaults", () => {
    expect(defaults.oracleAuc).toBeGreaterThanOrEqual(0.9);
    expect(defaults.oracleAuc).toBeLessThanOrEqual(0.97);
    expect(defaults.oracleAuc).toBeCloseTo(auc(defaults.labels, defaults.trueProbability), 12);
  });

  it("carries the signal in the behaviour: churners were less active in the last 4 weeks", () => {
    const meanOf = (k: number, label: number) => {
      let s = 0;
      let n = 0;
      for (let i = 0; i < defaults.labels.length; i++) {
        if (defaults.labels[i] !== label) continue;
        s += defaults.features[i * FEATURE_COUNT + k];
        n++;
      }
      return s / n;
    };
    expect(meanOf(F.active_weeks_last4, 1)).toBeLessThan(meanOf(F.active_weeks_last4, 0) - 0.3);
    expect(meanOf(F.login_trend, 1)).toBeLessThan(meanOf(F.login_trend, 0));
    expect(meanOf(F.complaints_total, 1)).toBeGreaterThan(meanOf(F.complaints_total, 0));
    expect(meanOf(F.has_advisor, 1)).toBeLessThan(meanOf(F.has_advisor, 0));
    // A single behavioural feature alone already ranks churners well above chance.
    const scores = new Float64Array(defaults.labels.length);
    for (let i = 0; i < scores.length; i++) scores[i] = -defaults.features[i * FEATURE_COUNT + F.login_trend];
    expect(auc(defaults.labels, scores)).toBeGreaterThan(0.65);
  });

  it("produces believable profiles and personal data", () => {
    const types = [0, 0, 0];
    for (const p of defaults.profiles) {
      types[p.customerType]++;
      expect(p.age).toBeGreaterThanOrEqual(18);
      expect(p.age).toBeLessThanOrEqual(85);
      expect(p.phone).toMatch(/^13\d{9}$/);
      expect(p.branch).toMatch(/营业部$/);
      expect(p.commissionRate).toBeGreaterThan(0);
      if (p.customerType === 2) {
        expect(p.name).toMatch(/有限公司$/);
        expect(p.idNumber).toMatch(/^91\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/);
      } else {
        expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
        expect(isValidIdNumber(p.idNumber)).toBe(true);
        const birthYear = Number(p.idNumber.slice(6, 10));
        expect(Math.abs(2025 - birthYear - p.age)).toBeLessThanOrEqual(1);
      }
    }
    expect(types[0]).toBeGreaterThan(types[1]);
    expect(types[1]).toBeGreaterThan(types[2]);
    expect(types[2]).toBeGreaterThan(0);
    // Asset scales differ by customer type.
    const medianAssets = (t: number) => {
      const v = defaults.profiles.map((p, i) => (p.customerType === t ? defaults.weekly[i][0].totalAssets : NaN)).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    expect(medianAssets(1)).toBeGreaterThan(5 * medianAssets(0));
    expect(medianAssets(2)).toBeGreaterThan(medianAssets(1));
  });

  it("reports progress up to the total", () => {
    const calls: number[] = [];
    generateDataset(parseGenerateOptions({ customers: 250 }), (done, total) => {
      expect(total).toBe(250);
      calls.push(done);
    });
    expect(calls.at(-1)).toBe(250);
    expect(calls.length).toBeGreaterThan(1);
  });
});
