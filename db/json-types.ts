/**
 * Shapes of the jsonb columns (db/schema.ts `$type<…>()`), so reads are typed without casts.
 * Plain types only: the schema is loaded by drizzle-kit and by Next's bundle of route handlers.
 */

/** What advancing a synthetic timeline needs to reproduce it exactly and go on. */
export interface GeneratorState {
  seed: number;
  customers: number;
  churnRate: number;
  intercept: number;
  startDate: string;
  /** Injected drift (#14), repeated when the world advances; absent = none. */
  driftWeek?: number;
  driftFeatures?: string[];
  conceptDrift?: boolean;
}

/** The as-of weeks of an out-of-time split. */
export interface OutOfTimeSplit {
  train: number[];
  valid: number;
  test: number;
  horizonWeeks: number;
}

export interface BacktestPoint {
  asOfWeek: number;
  /** 'YYYY-MM-DD' of the as-of week. */
  asOfDate: string | null;
  /** 'earlier': before the training window (not trained on); 'after': between validation and test dates. */
  role: "earlier" | "train" | "valid" | "test" | "after";
  customers: number;
  churned: number;
  auc: number | null;
  /** Recall among the top K by probability, K = the number of churners expected at the test as-of. */
  recallAtK: number | null;
  k: number;
  oracleAuc: number | null;
}

export interface PredictedQuality {
  meanProbability: number;
  expectedChurners: number;
  highRisk: number;
  threshold: number;
}

/** One bin of predicted probability: mean prediction, observed churn rate, rows. */
export interface CalibrationBin {
  predicted: number;
  observed: number;
  count: number;
}

export interface RealisedQuality {
  customers: number;
  churned: number;
  churnRate: number;
  auc: number | null;
  /** Precision and recall at K = predicted.highRisk (or 10% of customers when none). */
  k: number;
  precisionAtK: number | null;
  recallAtK: number | null;
  calibration: CalibrationBin[];
  oracleAuc: number | null;
}
