/**
 * Seeded synthetic securities customers (see /work/shared/DATA.md).
 *
 * Story per customer: a profile (type, age, risk tolerance, fees, advisor …) and a latent
 * disengagement propensity drive 12 weeks of behaviour — for disengaging customers logins
 * and trades fade from an onset week, money flows out, complaints and service calls rise.
 * The true churn log-odds are then computed from the *engineered features of that
 * behaviour* (churn-model.ts) plus a little unobserved noise, with an intercept found by
 * bisection so the mean probability equals the requested churn rate; labels ~ Bernoulli(p).
 *
 * Every customer draws from its own stream derived from (seed, index), so output is
 * byte-identical for a seed and independent of chunking.
 */
import { z } from "zod";
import { auc } from "../stats/auc";
import { FEATURE_COUNT } from "./catalog";
import { latentChurnScore } from "./churn-model";
import { engineerFeatures, type FeatureWeek } from "./features";
import { makeIdentity } from "./identity";
import { Random, deriveSeed } from "./random";
import { AppError } from "../errors/app-error";

export interface GenerateOptions {
  customers: number;
  weeks: number;
  seed: number;
  churnRate: number;
}

export class DatasetInputError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "DatasetInputError";
  }
}

const LIMITS = {
  customers: { min: 100, max: 1_000_000, def: 3000, int: true },
  weeks: { min: 4, max: 52, def: 12, int: true },
  seed: { min: 0, max: 2 ** 31 - 1, def: 42, int: true },
  churnRate: { min: 0.05, max: 0.6, def: 0.3, int: false },
} as const;

function rangeMessage(field: keyof typeof LIMITS): string {
  const l = LIMITS[field];
  const kind = l.int ? "整数" : "数值";
  const kindEn = l.int ? "an integer" : "a number";
  return `${field} 必须是 ${l.min} 到 ${l.max} 之间的${kind} (${field} must be ${kindEn} in ${l.min}..${l.max})`;
}

function field(name: keyof typeof LIMITS) {
  const l = LIMITS[name];
  const msg = rangeMessage(name);
  // Strings are accepted (CLI flags, form fields) but must be plain decimal numbers.
  const base = z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : v),
    l.int ? z.number({ error: msg }).int({ error: msg }).min(l.min, { error: msg }).max(l.max, { error: msg })
      : z.number({ error: msg }).min(l.min, { error: msg }).max(l.max, { error: msg }),
  );
  return base.optional().transform((v) => (v === undefined ? l.def : v));
}

export const generateOptionsSchema = z.object({
  customers: field("customers"),
  weeks: field("weeks"),
  seed: field("seed"),
  churnRate: field("churnRate"),
});

/** Validates and fills defaults; throws DatasetInputError naming the first bad field and its range. */
export function parseGenerateOptions(input: unknown): GenerateOptions {
  const r = generateOptionsSchema.safeParse(input ?? {});
  if (!r.success) {
    const first = r.error.issues[0];
    const name = first.path.length > 0 ? String(first.path[0]) : "input";
    const messages = [...new Set(r.error.issues.map((i) => i.message))];
    throw new DatasetInputError(name, messages.join("; "));
  }
  return r.data;
}

export interface CustomerProfile {
  id: string;
  name: string;
  phone: string;
  idNumber: string;
  branch: string;
  customerType: 0 | 1 | 2;
  riskTolerance: 0 | 1 | 2 | 3 | 4;
  age: number;
  tenureMonths: number;
  openChannel: 0 | 1;
  hasMargin: boolean;
  hasAdvisor: boolean;
  commissionRate: number;
  productCount: number;
}

/** One week of one customer: the behaviour features are computed from, plus its position. */
export interface WeekRecord extends FeatureWeek {
  week: number;
}

export interface GeneratedDataset {
  options: GenerateOptions;
  profiles: CustomerProfile[];
  weekly: WeekRecord[][];
  marketReturns: number[];
  /** n × 29, row-major, catalog order. */
  features: Float64Array;
  labels: Uint8Array;
  trueProbability: Float64Array;
  /** Observed share of label 1. */
  churnRate: number;
  oracleAuc: number;
}

/** Standard deviation of the churn log-odds that no feature can see. */
const UNOBSERVED_NOISE = 0.4;

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const round2 = (x: number) => Math.round(x * 100) / 100;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function customerId(index: number): string {
  return `C${String(index + 1).padStart(7, "0")}`;
}

/** Latent traits that shape behaviour but are not stored. */
export interface Traits {
  assets0: number;
  loginRate: number;
  tradeRate: number;
  tradeSize: number;
  beta: number;
  alpha: number;
  idioVol: number;
  /** 0..1: how strongly the customer disengages over the window. */
  disengagement: number;
  /** Week (0-based) from which disengagement shows. */
  onset: number;
}

export function makeProfile(rng: Random, index: number): CustomerProfile {
  const customerType = rng.weighted([0.86, 0.11, 0.03]) as 0 | 1 | 2;
  const age = Math.round(
    customerType === 0 ? clamp(rng.normal(40, 12), 18, 80) : customerType === 1 ? clamp(rng.normal(50, 10), 25, 85) : clamp(rng.normal(45, 8), 25, 70),
  );
  const tenureMonths = Math.round(clamp(rng.lognormal(Math.log(48), 0.9), 1, Math.max(1, Math.min(360, (age - 18) * 12 + 1))));
  const onlineP = customerType === 0 ? clamp(0.9 - (age - 25) * 0.015, 0.15, 0.9) * (tenureMonths > 120 ? 0.5 : 1) : customerType === 1 ? 0.35 : 0.1;
  const openChannel: 0 | 1 = rng.bernoulli(onlineP) ? 0 : 1;
  const riskScore = rng.normal(0, 1) - (age - 40) / 18 + (customerType === 1 ? 0.4 : customerType === 2 ? 0.2 : 0);
  const riskTolerance = (riskScore < -1.3 ? 0 : riskScore < -0.4 ? 1 : riskScore < 0.5 ? 2 : riskScore < 1.3 ? 3 : 4) as 0 | 1 | 2 | 3 | 4;
  // Margin trading needs six months of account history (两融开户门槛).
  const hasMargin = tenureMonths >= 6 && rng.bernoulli(0.03 + 0.06 * riskTolerance + (customerType === 1 ? 0.15 : customerType === 2 ? 0.2 : 0));
  const hasAdvisor = rng.bernoulli(customerType === 0 ? 0.12 : customerType === 1 ? 0.55 : 0.7);
  const feeScale = customerType === 1 ? 0.8 : customerType === 2 ? 0.6 : 1;
  const commissionRate = Math.round(clamp(rng.lognormal(Math.log(openChannel === 0 ? 2.0 : 4.0), openChannel === 0 ? 0.35 : 0.4) * feeScale, 0.8, 15) * 10) / 10;
  const productCount = Math.min(10, 1 + rng.poisson(0.8 + customerType * 1.2 + (hasAdvisor ? 0.8 : 0)));
  const id = makeIdentity(rng, age, customerType === 2);
  return {
    id: customerId(index),
    name: id.name,
    phone: id.phone,
    idNumber: id.idNumber,
    branch: id.branch,
    customerType,
    riskTolerance,
    age,
    tenureMonths,
    openChannel,
    hasMargin,
    hasAdvisor,
    commissionRate,
    productCount,
  };
}

export function makeTraits(rng: Random, p: CustomerProfile, weeks: number): Traits {
  const assets0 =
    p.customerType === 0
      ? clamp(rng.lognormal(Math.log(120_000), 1.1), 2_000, 50_000_000)
      : p.customerType === 1
        ? Math.max(1_000_000 * (1 + rng.next()), rng.lognormal(Math.log(3_500_000), 0.6))
        : clamp(rng.lognormal(Math.log(20_000_000), 1.0), 1_000_000, 2_000_000_000);
  const loginRate =
    rng.lognormal(Math.log(2.5), 0.6) * (1 + 0.15 * p.riskTolerance) * (p.age < 35 ? 1.3 : 1) * (p.openChannel === 0 ? 1.2 : 0.9);
  const tradeRate = rng.lognormal(0, 0.8) * (0.5 + 0.3 * p.riskTolerance) * (p.hasMargin ? 1.6 : 1) * (p.customerType === 2 ? 2 : 1);
  const tradeSize = clamp(rng.lognormal(Math.log(0.08), 0.5), 0.005, 0.6);
  const beta = clamp(0.3 + 0.25 * p.riskTolerance + rng.normal(0, 0.1), 0.05, 1.8);
  const alpha = rng.normal(-0.001, 0.004);
  const idioVol = 0.008 + 0.007 * p.riskTolerance;
  // Why customers drift away: fees, no advisor, few products, short tenure, poor results.
  const propensity =
    rng.normal(0, 1) +
    0.3 * (p.commissionRate - 3) -
    (p.hasAdvisor ? 0.5 : 0) -
    0.15 * (p.productCount - 2) -
    0.25 * Math.log(p.tenureMonths / 48) -
    (p.customerType === 2 ? 0.4 : 0) -
    alpha * 100 * (p.riskTolerance <= 1 ? 1.5 : 0.7);
  const disengagement = sigmoid(1.8 * (propensity - 0.9));
  const onset = rng.int(Math.floor(weeks / 4), Math.max(Math.floor(weeks / 4), weeks - 2));
  return { assets0, loginRate, tradeRate, tradeSize, beta, alpha, idioVol, disengagement, onset };
}

function simulateWeeks(rng: Random, p: CustomerProfile, t: Traits, market: readonly number[], weekFactor: readonly number[]): WeekRecord[] {
  const n = market.length;
  const out: WeekRecord[] = new Array(n);
  let assets = t.assets0;
  const d = t.disengagement;
  for (let w = 0; w < n; w++) {
    const progress = w < t.onset ? 0 : Math.min(1, (w - t.onset + 1) / (n - t.onset));
    const fade = d * progress;
    const decay = 1 - 0.95 * fade;
    const logins = rng.poisson(t.loginRate * weekFactor[w] * decay * rng.lognormal(0, 0.3));
    const tradeLambda = t.tradeRate * weekFactor[w] * decay * decay * rng.lognormal(0, 0.4) * (logins === 0 ? 0.2 : 1);
    const trades = rng.poisson(tradeLambda);
    const weeklyReturn = Math.round((t.beta * market[w] + t.alpha + rng.normal(0, t.idioVol)) * 1e5) / 1e5;
    const grown = assets * (1 + weeklyReturn);
    let inflow = grown * rng.normal(0.002, 0.015);
    if (rng.bernoulli(0.04 * (1 - fade))) inflow += grown * rng.uniform(0.02, 0.2); // salary, bonus, new money
    if (progress > 0 && rng.bernoulli(clamp(fade * 1.2, 0, 0.95))) inflow -= grown * rng.uniform(0.05, 0.45) * d; // 转出
    inflow = Math.max(inflow, -grown);
    inflow = round2(inflow);
    assets = Math.max(0, round2(grown + inflow));
    const tradeAmount = trades > 0 ? round2(trades * t.tradeSize * Math.max(grown, 1000) * rng.lognormal(0, 0.35)) : 0;
    const serviceContacts = rng.poisson(0.08 + 0.35 * fade);
    const complaints = rng.poisson(0.01 + 0.1 * fade + (weeklyReturn < -0.05 ? 0.05 : 0));
    out[w] = { week: w + 1, logins, trades, tradeAmount, totalAssets: assets, netInflow: inflow, serviceContacts, complaints, weeklyReturn };
  }
  return out;
}

/** Mean of sigmoid(score + b) as a function of b is increasing: bisection finds the intercept. */
export function calibrateIntercept(scores: Float64Array, target: number): number {
  let lo = -30;
  let hi = 30;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    let sum = 0;
    for (let i = 0; i < scores.length; i++) sum += 1 / (1 + Math.exp(-(scores[i] + mid)));
    if (sum / scores.length < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function generateDataset(opts: GenerateOptions, onProgress?: (done: number, total: number) => void): GeneratedDataset {
  const options = parseGenerateOptions(opts);
  const { customers: n, weeks, seed } = options;

  const marketRng = new Random(deriveSeed(seed, 0));
  const marketReturns: number[] = [];
  const weekFactor: number[] = [];
  for (let w = 0; w < weeks; w++) {
    const m = Math.round(marketRng.normal(0.0015, 0.025) * 1e5) / 1e5;
    marketReturns.push(m);
    // Busy markets bring everyone to the app; quiet (holiday) weeks do the opposite.
    weekFactor.push(marketRng.lognormal(0, 0.12) * (1 + 4 * Math.abs(m)));
  }

  const profiles: CustomerProfile[] = new Array(n);
  const weekly: WeekRecord[][] = new Array(n);
  const features = new Float64Array(n * FEATURE_COUNT);
  const scores = new Float64Array(n);
  const uniforms = new Float64Array(n);
  const step = Math.max(1, Math.floor(n / 100));
  for (let i = 0; i < n; i++) {
    const rng = new Random(deriveSeed(seed, i + 1));
    const profile = makeProfile(rng, i);
    const traits = makeTraits(rng, profile, weeks);
    const rows = simulateWeeks(rng, profile, traits, marketReturns, weekFactor);
    engineerFeatures(profile, rows, marketReturns, features, i * FEATURE_COUNT);
    scores[i] = latentChurnScore(features, i * FEATURE_COUNT, weeks) + rng.normal(0, UNOBSERVED_NOISE);
    uniforms[i] = rng.next();
    profiles[i] = profile;
    weekly[i] = rows;
    if (onProgress && ((i + 1) % step === 0 || i + 1 === n)) onProgress(i + 1, n);
  }

  const intercept = calibrateIntercept(scores, options.churnRate);
  const trueProbability = new Float64Array(n);
  const labels = new Uint8Array(n);
  let churned = 0;
  for (let i = 0; i < n; i++) {
    const p = sigmoid(scores[i] + intercept);
    trueProbability[i] = p;
    if (uniforms[i] < p) {
      labels[i] = 1;
      churned++;
    }
  }
  return {
    options,
    profiles,
    weekly,
    marketReturns,
    features,
    labels,
    trueProbability,
    churnRate: churned / n,
    oracleAuc: auc(labels, trueProbability),
  };
}
