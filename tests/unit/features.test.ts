import { describe, expect, it } from "vitest";
import { FEATURE_COUNT, FEATURE_KEYS } from "../../lib/data/catalog";
import { engineerFeatures, F, notMissing, type FeatureProfile, type FeatureWeek } from "../../lib/data/features";

const profile: FeatureProfile = {
  customerType: 1,
  riskTolerance: 3,
  age: 45,
  tenureMonths: 60,
  openChannel: 0,
  hasMargin: true,
  hasAdvisor: false,
  commissionRate: 2.5,
  productCount: 3,
};

function week(over: Partial<FeatureWeek> = {}): FeatureWeek {
  return { logins: 2, trades: 1, tradeAmount: 1000, totalAssets: 100_000, netInflow: 0, serviceContacts: 0, complaints: 0, weeklyReturn: 0, ...over };
}

describe("engineerFeatures", () => {
  it("uses the catalog order", () => {
    expect(Object.keys(F)).toEqual([...FEATURE_KEYS]);
    Object.values(F).forEach((v, i) => expect(v).toBe(i));
  });

  it("computes a hand-checked example", () => {
    // 8 weeks: activity stops after week 5, money leaves in the last 4 weeks.
    const weeks: FeatureWeek[] = [
      week({ logins: 4, trades: 2, tradeAmount: 2000, totalAssets: 100_000, weeklyReturn: 0.1 }),
      week({ logins: 4, trades: 2, tradeAmount: 2000, totalAssets: 110_000, weeklyReturn: -0.5, serviceContacts: 1 }),
      week({ logins: 2, trades: 0, tradeAmount: 0, totalAssets: 55_000, weeklyReturn: 0 }),
      week({ logins: 2, trades: 2, tradeAmount: 1000, totalAssets: 55_000, weeklyReturn: 0.2, complaints: 1 }),
      week({ logins: 1, trades: 1, tradeAmount: 500, totalAssets: 66_000, weeklyReturn: 0, netInflow: 10_000 }),
      week({ logins: 0, trades: 0, tradeAmount: 0, totalAssets: 56_000, weeklyReturn: 0, netInflow: -10_000 }),
      week({ logins: 0, trades: 0, tradeAmount: 0, totalAssets: 36_000, weeklyReturn: 0, netInflow: -20_000 }),
      week({ logins: 0, trades: 0, tradeAmount: 0, totalAssets: 36_000, weeklyReturn: 0, netInflow: 0 }),
    ];
    const market = [0.01, -0.02, 0, 0, 0, 0, 0, 0];
    const x = engineerFeatures(profile, weeks, market);
    expect(x).toHaveLength(FEATURE_COUNT);
    expect(x[F.customer_type]).toBe(1);
    expect(x[F.has_margin]).toBe(1);
    expect(x[F.has_advisor]).toBe(0);
    expect(x[F.assets_latest]).toBe(36_000);
    expect(x[F.assets_change_pct]).toBeCloseTo(-0.64, 12);
    expect(x[F.assets_trend]).toBeLessThan(0);
    expect(x[F.net_inflow_total]).toBe(-20_000);
    expect(x[F.outflow_last4w]).toBe(30_000);
    // value path 1.1 → 0.55 → 0.66: peak 1.1, trough 0.55.
    expect(x[F.max_drawdown]).toBeCloseTo(0.5, 12);
    expect(x[F.return_12w]).toBeCloseTo(1.1 * 0.5 * 1.2 - 1, 12);
    expect(x[F.excess_return]).toBeCloseTo(1.1 * 0.5 * 1.2 - 1 - (1.01 * 0.98 - 1), 12);
    expect(x[F.trades_total]).toBe(7);
    // last 4 weeks: 1 trade; prior 4: 6 trades → (1+1)/(6+1)
    expect(x[F.trades_trend]).toBeCloseTo(2 / 7, 12);
    expect(x[F.avg_trade_amount]).toBeCloseTo(5500 / 7, 12);
    expect(x[F.turnover_rate]).toBeCloseTo(5500 / (514_000 / 8), 12);
    expect(x[F.inactive_weeks]).toBe(4);
    expect(x[F.days_since_last_trade]).toBe(21);
    expect(x[F.logins_total]).toBe(13);
    expect(x[F.login_trend]).toBeLessThan(0);
    expect(x[F.days_since_last_login]).toBe(21);
    expect(x[F.active_weeks_last4]).toBe(1);
    expect(x[F.service_contacts_total]).toBe(1);
    expect(x[F.complaints_total]).toBe(1);
  });

  it("computes trends as regression slope over the mean", () => {
    const weeks = [1, 2, 3, 4].map((l) => week({ logins: l, totalAssets: 100 * l }));
    const x = engineerFeatures(profile, weeks, [0, 0, 0, 0]);
    // slope 1 per week, mean 2.5
    expect(x[F.login_trend]).toBeCloseTo(1 / 2.5, 12);
    expect(x[F.assets_trend]).toBeCloseTo(100 / 250, 12);
  });

  it("smooths zero denominators and never-active customers", () => {
    const weeks = Array.from({ length: 12 }, () => week({ logins: 0, trades: 0, tradeAmount: 0, totalAssets: 0 }));
    const x = engineerFeatures(profile, weeks, new Array(12).fill(0));
    expect(x[F.trades_trend]).toBe(1);
    expect(x[F.avg_trade_amount]).toBe(0);
    expect(x[F.turnover_rate]).toBe(0);
    expect(x[F.assets_change_pct]).toBe(0);
    expect(x[F.assets_trend]).toBe(0);
    expect(x[F.login_trend]).toBe(0);
    expect(x[F.days_since_last_trade]).toBe(7 * 13);
    expect(x[F.days_since_last_login]).toBe(7 * 13);
    expect(x[F.active_weeks_last4]).toBe(0);
    expect(x[F.inactive_weeks]).toBe(12);
    for (const v of x) expect(Number.isFinite(v)).toBe(true);
  });

  it("never emits −1: an account emptied to zero is nudged off the missing marker", () => {
    const weeks = [week({ totalAssets: 50_000 }), week(), week(), week({ totalAssets: 0, netInflow: -50_000 })];
    const x = engineerFeatures(profile, weeks, [0, 0, 0, 0]);
    expect(x[F.assets_change_pct]).not.toBe(-1);
    expect(Math.fround(x[F.assets_change_pct])).not.toBe(-1);
    expect(x[F.assets_change_pct]).toBeCloseTo(-1, 5);
    expect(notMissing(-1)).toBe(-0.999999);
    expect(notMissing(Number.NaN)).toBe(0);
    expect(notMissing(2)).toBe(2);
  });

  it("writes into a shared buffer at an offset", () => {
    const out = new Float64Array(3 * FEATURE_COUNT).fill(7);
    const weeks = Array.from({ length: 6 }, () => week());
    engineerFeatures(profile, weeks, new Array(6).fill(0), out, FEATURE_COUNT);
    expect(Array.from(out.subarray(0, FEATURE_COUNT)).every((v) => v === 7)).toBe(true);
    expect(Array.from(out.subarray(2 * FEATURE_COUNT)).every((v) => v === 7)).toBe(true);
    expect(Array.from(out.subarray(FEATURE_COUNT, 2 * FEATURE_COUNT))).toEqual(Array.from(engineerFeatures(profile, weeks, new Array(6).fill(0))));
  });

  it("rejects empty weeks and short market series", () => {
    expect(() => engineerFeatures(profile, [], [])).toThrow(/weeks/);
    expect(() => engineerFeatures(profile, [week(), week()], [0])).toThrow(/marketReturns/);
  });
});
