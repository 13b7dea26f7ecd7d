/**
 * Risk levels shown to analysts. Cut-offs on the churn probability (calibrated, see params.ts
 * on the prior correction): 高 HIGH ≥ 0.6, 中 MEDIUM ≥ 0.3, otherwise 低 LOW. With the default
 * ~30% churn rate, MEDIUM starts at the base rate: "more likely than an average customer".
 */
export type RiskLevelCode = "high" | "medium" | "low";

export const RISK_THRESHOLDS = { high: 0.6, medium: 0.3 } as const;

export function riskLevelOf(probability: number): RiskLevelCode {
  if (probability >= RISK_THRESHOLDS.high) return "high";
  if (probability >= RISK_THRESHOLDS.medium) return "medium";
  return "low";
}
