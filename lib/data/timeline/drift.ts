/**
 * Drift the generator can inject from a chosen week on, so monitoring can be shown and tested on
 * data that moved the way real data does:
 * - covariate shift: what customers do changes (half the logins, three times the assets shown…)
 *   while the churn mechanism stays: the features move, the truth behind them does not;
 * - concept drift: the churn mechanism changes: from the drift week the hazard follows a hidden
 *   per-customer factor (a competitor's offer nobody sees) far more than disengagement, so the
 *   features a model learned say less about who leaves.
 * Weeks before the drift week are unchanged: same seed → same bytes, with or without drift, up to it.
 */

/** Catalog features whose source activity a covariate shift moves, and how (from the drift week on). */
export const DRIFT_FEATURES = {
  /** Login rate × 0.4. */
  logins_total: { column: "logins", factor: 0.4 },
  /** Trade rate × 0.4. */
  trades_total: { column: "trades", factor: 0.4 },
  /** Amount per trade × 2.5. */
  avg_trade_amount: { column: "tradeAmount", factor: 2.5 },
  /** Reported total assets × 3 (the assets the customer's story holds are unchanged). */
  assets_latest: { column: "totalAssets", factor: 3 },
  /** Reported net inflow × 3. */
  net_inflow_total: { column: "netInflow", factor: 3 },
  /** Service contact rate × 4. */
  service_contacts_total: { column: "serviceContacts", factor: 4 },
} as const;

export type DriftFeature = keyof typeof DRIFT_FEATURES;
export type DriftColumn = (typeof DRIFT_FEATURES)[DriftFeature]["column"];

/** The drift of a world, resolved from the options. */
export interface WorldDrift {
  week: number;
  /** Multiplier per shifted activity column (absent = 1). */
  factors: Partial<Record<DriftColumn, number>>;
  concept: boolean;
}

export function worldDrift(o: { driftWeek?: number | null; driftFeatures?: readonly string[]; conceptDrift?: boolean }): WorldDrift | null {
  if (o.driftWeek === null || o.driftWeek === undefined) return null;
  const factors: Partial<Record<DriftColumn, number>> = {};
  for (const f of o.driftFeatures ?? []) {
    const d = DRIFT_FEATURES[f as DriftFeature];
    if (d) factors[d.column] = d.factor;
  }
  return { week: o.driftWeek, factors, concept: o.conceptDrift ?? false };
}

/** Stream of a customer's concept-drift factor (drawn only when concept drift is on, so other draws never move). */
export const CONCEPT_STREAM = 0xd21f7;
/** SD of the hidden factor that drives churn after a concept drift (log-odds). */
export const CONCEPT_SD = 1.3;
/** Exponent on the disengagement/exit part of exp(score) after a concept drift (1 = unchanged). */
export const CONCEPT_TREND_POWER = 0.3;
