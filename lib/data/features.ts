/**
 * The 29 model features (lib/data/catalog.ts order) from one customer's profile and weekly
 * rows. Pure and allocation-free when `out` is given, so it can run over a million customers.
 *
 * Conventions (every value is finite and never reads as XGBoost's "missing"):
 * - categoricals are coded 0..k-1, booleans 0/1;
 * - ratios with a zero denominator are smoothed: trades_trend = (last + 1) / (prior + 1),
 *   trends divide by the mean and are 0 when the mean is 0, change rates divide by
 *   max(start, 1 元);
 * - "days since" counts whole weeks × 7 from the end of the window (0 = active in the last
 *   week); never active in the window → 7 × (weeks + 1);
 * - the "last 4 weeks vs prior 4 weeks" windows shrink to floor(weeks / 2) for windows
 *   shorter than 8 weeks;
 * - ml-xgboost treats −1 as missing and compares in float32, so any value that rounds to
 *   −1 in float32 is nudged to −0.999999 (see `notMissing`).
 */
import { FEATURE_COUNT } from "./catalog";

/** The profile fields the features read; `CustomerProfile` from generator.ts satisfies it. */
export interface FeatureProfile {
  customerType: number;
  riskTolerance: number;
  age: number;
  tenureMonths: number;
  openChannel: number;
  hasMargin: boolean;
  hasAdvisor: boolean;
  commissionRate: number;
  productCount: number;
}

/** One week of behaviour; `WeekRecord` from generator.ts satisfies it. */
export interface FeatureWeek {
  logins: number;
  trades: number;
  tradeAmount: number;
  totalAssets: number;
  netInflow: number;
  serviceContacts: number;
  complaints: number;
  weeklyReturn: number;
}

/** Index of each feature in the vector, matching the catalog (checked in tests). */
export const F = {
  customer_type: 0,
  risk_tolerance: 1,
  age: 2,
  tenure_months: 3,
  open_channel: 4,
  has_margin: 5,
  has_advisor: 6,
  commission_rate: 7,
  assets_latest: 8,
  assets_change_pct: 9,
  assets_trend: 10,
  net_inflow_total: 11,
  outflow_last4w: 12,
  max_drawdown: 13,
  product_count: 14,
  trades_total: 15,
  trades_trend: 16,
  avg_trade_amount: 17,
  turnover_rate: 18,
  inactive_weeks: 19,
  days_since_last_trade: 20,
  logins_total: 21,
  login_trend: 22,
  days_since_last_login: 23,
  active_weeks_last4: 24,
  service_contacts_total: 25,
  complaints_total: 26,
  return_12w: 27,
  excess_return: 28,
} as const;

const MISSING_F32 = Math.fround(-1);

/** Keeps a value finite and away from ml-xgboost's missing marker (−1 in float32). */
export function notMissing(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.fround(v) === MISSING_F32 ? -0.999999 : v;
}

/** Least-squares slope of y against 0..n-1, divided by mean(y); 0 when mean(y) ≤ 0. */
function relativeSlope(weeks: readonly FeatureWeek[], pick: (w: FeatureWeek) => number): number {
  const n = weeks.length;
  if (n < 2) return 0;
  const tMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += pick(weeks[i]);
  yMean /= n;
  if (!(yMean > 0)) return 0;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dt = i - tMean;
    num += dt * (pick(weeks[i]) - yMean);
    den += dt * dt;
  }
  return num / den / yMean;
}

const pickAssets = (w: FeatureWeek) => w.totalAssets;
const pickLogins = (w: FeatureWeek) => w.logins;

export function engineerFeatures(
  profile: FeatureProfile,
  weeks: readonly FeatureWeek[],
  marketReturns: readonly number[],
  out: Float64Array = new Float64Array(FEATURE_COUNT),
  offset = 0,
): Float64Array {
  const n = weeks.length;
  if (n === 0) throw new Error("weeks: at least 1 week of behaviour is required");
  if (marketReturns.length < n) throw new Error(`marketReturns: need ${n} weeks, got ${marketReturns.length}`);
  const recent = Math.min(4, Math.floor(n / 2));
  const last4 = Math.min(4, n);

  let tradesTotal = 0;
  let amountTotal = 0;
  let assetsSum = 0;
  let inflowTotal = 0;
  let outflowLast4 = 0;
  let loginsTotal = 0;
  let contacts = 0;
  let complaints = 0;
  let inactive = 0;
  let lastTradeWeek = -1;
  let lastLoginWeek = -1;
  let activeLast4 = 0;
  let tradesRecent = 0;
  let tradesPrior = 0;
  let value = 1;
  let peak = 1;
  let maxDrawdown = 0;
  let market = 1;

  for (let i = 0; i < n; i++) {
    const w = weeks[i];
    tradesTotal += w.trades;
    amountTotal += w.tradeAmount;
    assetsSum += w.totalAssets;
    inflowTotal += w.netInflow;
    loginsTotal += w.logins;
    contacts += w.serviceContacts;
    complaints += w.complaints;
    if (w.trades > 0) lastTradeWeek = i;
    else inactive++;
    if (w.logins > 0) lastLoginWeek = i;
    if (i >= n - last4) {
      if (w.netInflow < 0) outflowLast4 -= w.netInflow;
      if (w.logins > 0 || w.trades > 0) activeLast4++;
    }
    if (i >= n - recent) tradesRecent += w.trades;
    else if (i >= n - 2 * recent) tradesPrior += w.trades;
    value *= 1 + w.weeklyReturn;
    if (value > peak) peak = value;
    const dd = peak > 0 ? (peak - value) / peak : 0;
    if (dd > maxDrawdown) maxDrawdown = dd;
    market *= 1 + marketReturns[i];
  }

  const first = weeks[0].totalAssets;
  const latest = weeks[n - 1].totalAssets;
  const meanAssets = assetsSum / n;
  const neverDays = 7 * (n + 1);
  const ret = value - 1;

  const o = offset;
  out[o + F.customer_type] = profile.customerType;
  out[o + F.risk_tolerance] = profile.riskTolerance;
  out[o + F.age] = profile.age;
  out[o + F.tenure_months] = profile.tenureMonths;
  out[o + F.open_channel] = profile.openChannel;
  out[o + F.has_margin] = profile.hasMargin ? 1 : 0;
  out[o + F.has_advisor] = profile.hasAdvisor ? 1 : 0;
  out[o + F.commission_rate] = profile.commissionRate;
  out[o + F.assets_latest] = latest;
  out[o + F.assets_change_pct] = (latest - first) / Math.max(first, 1);
  out[o + F.assets_trend] = relativeSlope(weeks, pickAssets);
  out[o + F.net_inflow_total] = inflowTotal;
  out[o + F.outflow_last4w] = outflowLast4;
  out[o + F.max_drawdown] = maxDrawdown;
  out[o + F.product_count] = profile.productCount;
  out[o + F.trades_total] = tradesTotal;
  out[o + F.trades_trend] = (tradesRecent + 1) / (tradesPrior + 1);
  out[o + F.avg_trade_amount] = tradesTotal > 0 ? amountTotal / tradesTotal : 0;
  out[o + F.turnover_rate] = amountTotal / Math.max(meanAssets, 1);
  out[o + F.inactive_weeks] = inactive;
  out[o + F.days_since_last_trade] = lastTradeWeek < 0 ? neverDays : 7 * (n - 1 - lastTradeWeek);
  out[o + F.logins_total] = loginsTotal;
  out[o + F.login_trend] = relativeSlope(weeks, pickLogins);
  out[o + F.days_since_last_login] = lastLoginWeek < 0 ? neverDays : 7 * (n - 1 - lastLoginWeek);
  out[o + F.active_weeks_last4] = activeLast4;
  out[o + F.service_contacts_total] = contacts;
  out[o + F.complaints_total] = complaints;
  out[o + F.return_12w] = ret;
  out[o + F.excess_return] = ret - (market - 1);

  for (let k = 0; k < FEATURE_COUNT; k++) out[o + k] = notMissing(out[o + k]);
  return out;
}
