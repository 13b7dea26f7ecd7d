/**
 * The simulated effect of a campaign on a synthetic timeline. The timeline generator knows
 * nothing of campaigns (every customer follows its own seeded path), so the treatment effect
 * lives here: at campaign creation each treated customer gets a true, heterogeneous effect, and
 * when the outcomes are realised a treated customer whose path churns is kept with probability
 * (contacted) × (relative effect).
 *
 * Story: fee-driven churners (high commission) and service-driven ones (complaints, many service
 * calls) respond to a plan — a fee review or a fixed complaint removes the reason to leave;
 * loss-driven churners (poor results) mostly do not. Disengaged customers are harder to reach,
 * so the contact rate falls with the churn probability and is below 100% for everyone.
 */
import { featureIndex } from "../data/catalog";
import { deriveSeed, Random } from "../data/random";

const I_COMMISSION = featureIndex("commission_rate");
const I_COMPLAINTS = featureIndex("complaints_total");
const I_CONTACTS = featureIndex("service_contacts_total");
const I_RETURN = featureIndex("return_12w");

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const finite = (x: number | undefined, fallback: number) => (x !== undefined && Number.isFinite(x) ? x : fallback);

export interface TrueEffect {
  /** Share of the customer's would-be churn a completed contact prevents. */
  relative: number;
  /** Probability the advisor reaches the customer. */
  contactProbability: number;
  /** Absolute churn-probability reduction of being assigned to treatment: p × contact × relative. */
  absolute: number;
}

/** Churn drivers read from the as-of features (catalog order), each in 0..1. */
export function churnDrivers(features: readonly number[]): { fee: number; service: number; loss: number } {
  const commission = finite(features[I_COMMISSION], 3);
  const complaints = finite(features[I_COMPLAINTS], 0);
  const contacts = finite(features[I_CONTACTS], 0);
  const ret = finite(features[I_RETURN], 0);
  return {
    fee: sigmoid((commission - 3.5) / 0.6),
    service: Math.min(1, complaints / 2 + contacts / 8),
    loss: sigmoid((-ret - 0.08) / 0.04),
  };
}

/**
 * The part of the true effect fixed at campaign creation: how much a plan helps this customer
 * (from its churn drivers) and how likely the advisor reaches it (falling with the risk score
 * the campaign was drawn from; a disengaged customer answers less).
 */
export function effectModifiers(riskScore: number, features: readonly number[]): Omit<TrueEffect, "absolute"> {
  const d = churnDrivers(features);
  const relative = clamp(0.05 + 0.5 * d.fee + 0.4 * d.service - 0.3 * d.loss, 0.02, 0.75);
  const contactProbability = clamp(0.85 - 0.35 * riskScore, 0.3, 0.9);
  return { relative, contactProbability };
}

/** The true effect of treating a customer with true churn probability `p` (also its risk score here). */
export function trueEffect(p: number, features: readonly number[], riskScore = p): TrueEffect {
  const m = effectModifiers(riskScore, features);
  return { ...m, absolute: p * m.relative * m.contactProbability };
}

function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface SimulatedOutcome {
  contacted: boolean;
  /** 1 churned within H weeks despite the campaign, 0 stayed. */
  outcome: 0 | 1;
}

/**
 * What happened to a member: control customers follow the timeline; a treated customer is
 * reached with its contact probability and, if its path churns, kept with its relative effect.
 * Seeded by campaign seed and customer id, so realising twice gives the same answer.
 */
export function realiseMember(
  campaignSeed: number,
  customerId: string,
  arm: "treated" | "control",
  naturalOutcome: 0 | 1,
  effect: Pick<TrueEffect, "relative" | "contactProbability"> | null,
): SimulatedOutcome {
  if (arm === "control" || !effect) return { contacted: false, outcome: naturalOutcome };
  const rng = new Random(deriveSeed(campaignSeed, hashId(customerId)));
  const contacted = rng.next() < effect.contactProbability;
  const kept = rng.next() < effect.relative;
  return { contacted, outcome: naturalOutcome === 1 && contacted && kept ? 0 : naturalOutcome };
}
