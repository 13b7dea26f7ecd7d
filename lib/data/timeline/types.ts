/**
 * A simulated world as a timeline: customers with an open week, weekly activity, churn events
 * with a type, and the weekly churn hazard the simulation used (the truth behind the oracle).
 *
 * Conventions (every module of lib/data/timeline follows them):
 * - Weeks are absolute indices 0..nWeeks-1; week w starts on the Monday `startDate + 7w days`
 *   (Asia/Shanghai calendar date, 'YYYY-MM-DD') and ends before the next Monday.
 * - `openWeek` is the week the account was opened; negative = before the timeline starts.
 *   A customer has activity rows from max(openWeek, 0) up to, not including, its churn week.
 * - `churnWeek` is the week in which the churn event happens: there is no row at or after it.
 * - The hazard of week w is P(churn event in week w | no event before w), computed from
 *   hidden traits and behaviour before week w. A joiner is not at risk in its open week
 *   (hazard 0), so it always has at least one row.
 */
import type { CustomerProfile } from "../generator";
import type { FeatureWeek } from "../features";

/** 转户 = transfer to another broker, 销户 = account closed, 资产转出 = ≥ 80% of assets moved out within 4 weeks. */
export type ChurnType = "transfer" | "close" | "asset_out";

export const CHURN_TYPES: readonly ChurnType[] = ["transfer", "close", "asset_out"];

export const CHURN_TYPE_ZH: Readonly<Record<ChurnType, string>> = {
  transfer: "转户",
  close: "销户",
  asset_out: "资产转出",
};

/** One week of one customer, `week` being the absolute week index. */
export interface TimelineWeek extends FeatureWeek {
  week: number;
}

/** Options of generateTimeline after validation and defaults. */
export interface TimelineOptions {
  /** Customers at the start of the timeline (joiners come on top). */
  customers: number;
  /** Weeks simulated (= the timeline's nWeeks). */
  historyWeeks: number;
  /** H: the label is a churn event within H weeks of the as-of date. */
  horizonWeeks: number;
  /** Weeks of activity the features look back over. */
  lookbackWeeks: number;
  seed: number;
  /** Target H-week churn rate among active customers at the labelled as-of dates. */
  churnRate: number;
  /** Monday of week 0, 'YYYY-MM-DD'. */
  startDate: string;
  /** Hazard intercept; null = calibrate to churnRate. Pass a stored one back to advance the world. */
  intercept: number | null;
  /** Drift from this week on (covariate shift in `driftFeatures`, concept drift); null = none. */
  driftWeek?: number | null;
  /** Catalog keys whose source activity shifts from `driftWeek` (see DRIFT_FEATURES). */
  driftFeatures?: string[];
  /** From `driftWeek` the churn hazard follows a hidden factor more than disengagement. */
  conceptDrift?: boolean;
}

/**
 * Weekly activity, column-wise: row r of every column is the same customer-week. A customer's
 * rows are contiguous and in week order (see TimelineCustomer.rowOffset).
 */
export interface ActivityColumns {
  logins: Int32Array;
  trades: Int32Array;
  tradeAmount: Float64Array;
  totalAssets: Float64Array;
  netInflow: Float64Array;
  serviceContacts: Int32Array;
  complaints: Int32Array;
  weeklyReturn: Float64Array;
}

export interface TimelineCustomer {
  /**
   * The static profile. `tenureMonths` is the tenure at the customer's first timeline week,
   * max(openWeek, 0): for customers present at the start the tenure then, for joiners 0.
   * Features recompute the tenure at each as-of date from openWeek (snapshot.ts).
   */
  profile: CustomerProfile;
  openWeek: number;
  churnWeek: number | null;
  churnType: ChurnType | null;
  /** max(openWeek, 0): the first week with a row. */
  firstWeek: number;
  /** Index in `activity` of week firstWeek; rows cover [firstWeek, churnWeek ?? nWeeks). */
  rowOffset: number;
  /**
   * Index in `hazard` of week firstWeek. Hazards cover [firstWeek, nWeeks), also after the churn
   * week: the simulation keeps the customer's latent path going so that the true probability
   * of an event in a window does not depend on when, inside it, the event happened.
   */
  hazardOffset: number;
}

export interface Timeline {
  options: TimelineOptions & { intercept: number };
  startDate: string;
  nWeeks: number;
  /** The hazard intercept used (calibrated, or the one passed in). */
  intercept: number;
  /** Market (index) return of each week. */
  marketReturns: number[];
  customers: TimelineCustomer[];
  activity: ActivityColumns;
  /** Weekly churn hazard, see TimelineCustomer.hazardOffset. */
  hazard: Float32Array;
  /** Realised H-week churn rate among active customers at the labelled as-of dates. */
  churnRate: number;
}
