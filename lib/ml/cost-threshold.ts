/**
 * Threshold choice by cost. Contacting a customer costs `contactCost` (元: advisor time and the
 * offer). A contacted customer who would have churned stays with probability `successRate`, and a
 * retained customer is worth `retainedValue` (元). A contacted customer who would not have churned
 * only costs the contact. Against contacting nobody (value 0), flagging the rows of one cut of
 * the gain table is worth
 *
 *   EV = truePositives × successRate × retainedValue − flagged × contactCost.
 *
 * The best cut maximises EV over the table's cuts (exact over every distinct score when the table
 * is unbinned). For calibrated probabilities the break-even probability is
 * contactCost / (successRate × retainedValue): contacting a customer pays when p exceeds it.
 */
import type { GainTable } from "./gain-lift";

export interface CostInputs {
  /** 元 per contacted customer, ≥ 0. */
  contactCost: number;
  /** 元 gained by keeping a customer who would have churned, > 0. */
  retainedValue: number;
  /** Share of contacted churners who stay, in (0, 1]. */
  successRate: number;
}

/**
 * Defaults shown on the model page, documented in the UI:
 * - a contact costs 100 元: about an hour of an advisor's time plus the smallest offer (低, 50 元);
 * - a retained customer is worth a year of revenue on the assets that would leave: the mean
 *   最新总资产 of the test set's churners × DEFAULT_REVENUE_MARGIN (commission, margin interest
 *   and product fees ≈ 0.8% of client assets a year), FALLBACK_RETAINED_VALUE without assets;
 * - 30% of contacted churners stay (retention campaigns typically save 20–35%).
 */
export const DEFAULT_CONTACT_COST = 100;
export const DEFAULT_SUCCESS_RATE = 0.3;
export const DEFAULT_REVENUE_MARGIN = 0.008;
export const FALLBACK_RETAINED_VALUE = 3000;

export function defaultRetainedValue(meanChurnerAssets: number | null | undefined): number {
  if (meanChurnerAssets == null || !Number.isFinite(meanChurnerAssets) || meanChurnerAssets <= 0) return FALLBACK_RETAINED_VALUE;
  // Rounded to 10 元 so the input shows a plain number.
  return Math.max(10, Math.round((meanChurnerAssets * DEFAULT_REVENUE_MARGIN) / 10) * 10);
}

export interface CostInputProblem {
  field: keyof CostInputs;
  message: string;
}

/** The first problem with the inputs (field and limit named), or null when they are usable. */
export function checkCostInputs(c: CostInputs): CostInputProblem | null {
  if (!Number.isFinite(c.contactCost) || c.contactCost < 0 || c.contactCost > 1e9) return { field: "contactCost", message: "联系成本须在 0 到 1e9 元之间 (contactCost must be in 0..1e9)" };
  if (!Number.isFinite(c.retainedValue) || c.retainedValue <= 0 || c.retainedValue > 1e12)
    return { field: "retainedValue", message: "挽留价值须大于 0 且不超过 1e12 元 (retainedValue must be in (0, 1e12])" };
  if (!Number.isFinite(c.successRate) || c.successRate <= 0 || c.successRate > 1) return { field: "successRate", message: "挽留成功率须在 (0, 1] 之间 (successRate must be in (0, 1])" };
  return null;
}

export function expectedValue(flagged: number, truePositives: number, c: CostInputs): number {
  return truePositives * c.successRate * c.retainedValue - flagged * c.contactCost;
}

export interface ValuePoint {
  /** null: contact nobody. */
  threshold: number | null;
  flagged: number;
  truePositives: number;
  share: number;
  expectedValue: number;
}

/** EV at "contact nobody" and at every cut of the table, in the table's order. */
export function expectedValueCurve(t: GainTable, c: CostInputs): ValuePoint[] {
  const out: ValuePoint[] = [{ threshold: null, flagged: 0, truePositives: 0, share: 0, expectedValue: 0 }];
  for (const cut of t.cuts) {
    out.push({
      threshold: cut.threshold,
      flagged: cut.flagged,
      truePositives: cut.truePositives,
      share: t.total > 0 ? cut.flagged / t.total : 0,
      expectedValue: expectedValue(cut.flagged, cut.truePositives, c),
    });
  }
  return out;
}

/** The cut of greatest EV; among equal values the one contacting fewer customers. */
export function bestCut(t: GainTable, c: CostInputs): ValuePoint {
  const problem = checkCostInputs(c);
  if (problem) throw new Error(problem.message);
  let best: ValuePoint | null = null;
  for (const p of expectedValueCurve(t, c)) if (best === null || p.expectedValue > best.expectedValue) best = p;
  return best!;
}

/** The probability above which contacting pays, for calibrated probabilities; > 1: never pays. */
export function breakEvenProbability(c: CostInputs): number {
  return c.contactCost / (c.successRate * c.retainedValue);
}
