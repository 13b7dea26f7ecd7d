/**
 * The generator's latent churn model: the log-odds of churning, computed from the same
 * engineered features a model sees (so the features can recover it), before the intercept.
 * Unobserved noise is added by the generator; the intercept is calibrated there too.
 *
 * Shape: mostly monotone effects of disengagement (inactive recent weeks, falling logins and
 * trades, outflows, shrinking assets), service trouble, fees and losses, with a few
 * interactions: a high fee hurts more for active traders, losses hurt more for conservative
 * customers (C1/C2), an advisor damps outflow-driven churn.
 */
import { F } from "./features";

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** Overall steepness; tuned so the oracle AUC on the defaults lands near 0.94. */
export const SCORE_SCALE = 1.6;

export function latentChurnScore(x: Float64Array, o: number, weeks: number): number {
  const inactiveRecent = 4 - x[o + F.active_weeks_last4] * (4 / Math.min(4, weeks));
  const loginTrend = clamp(x[o + F.login_trend], -0.25, 0.15);
  const tradesTrend = Math.log(clamp(x[o + F.trades_trend], 0.1, 5));
  const assetsLatest = x[o + F.assets_latest];
  const outflowShare = x[o + F.outflow_last4w] / (assetsLatest + x[o + F.outflow_last4w] + 1000);
  const assetChange = clamp(x[o + F.assets_change_pct], -1, 0.6);
  const daysNoTrade = Math.log1p(x[o + F.days_since_last_trade] / 7);
  const complaints = Math.min(x[o + F.complaints_total], 3);
  const contacts = Math.min(x[o + F.service_contacts_total], 6);
  const commission = x[o + F.commission_rate];
  const tradesPerWeek = x[o + F.trades_total] / weeks;
  const activeTrader = clamp(tradesPerWeek / 2, 0, 1.5);
  const loss = Math.max(0, -x[o + F.return_12w]);
  const conservative = x[o + F.risk_tolerance] <= 1 ? 1 : 0;
  const advisor = x[o + F.has_advisor];
  const tenure = Math.max(1, x[o + F.tenure_months]);

  let s = 0;
  s += 0.55 * inactiveRecent;
  s -= 6.0 * loginTrend;
  s -= 0.45 * tradesTrend;
  s += 0.35 * daysNoTrade;
  s += (3.2 - 1.2 * advisor) * outflowShare;
  s -= 1.1 * assetChange;
  s += 0.55 * complaints;
  s += 0.12 * contacts;
  s += 0.18 * (commission - 3) * (0.6 + activeTrader);
  s += (4 + 6 * conservative) * loss;
  s += 1.2 * x[o + F.max_drawdown];
  s -= 0.7 * advisor;
  s -= 0.12 * (x[o + F.product_count] - 2);
  s -= 0.22 * Math.log(tenure / 48);
  s -= x[o + F.customer_type] === 2 ? 0.5 : 0;
  s += x[o + F.has_margin] ? -0.15 : 0;
  return SCORE_SCALE * s;
}
