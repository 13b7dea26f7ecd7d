/**
 * One customer's life, week by week, in two passes.
 *
 * Story: a customer is engaged until a disengagement onset (a memoryless event whose rate
 * grows with fees, no advisor, few products, poor results, being new). From the onset a
 * disengagement level D rises linearly to 1 over `span` weeks: logins and trades fade, money
 * leaks out, service calls and complaints rise. Once D = 1 the customer is leaving in its exit
 * mode: 转户 (transfer) shows nothing more, 资产转出 (asset_out) moves ~50% of its assets out
 * every week, 销户 (close) withdraws 60% and then everything.
 *
 * 1. The latent pass (simulateLatent) draws the profile, the hidden traits and, for every week
 *    up to the end of the timeline, the complaints and the churn score: log-odds before the
 *    intercept = static proneness the profile shows + W_D·D² + W_EXIT·(how far the exit has
 *    gone) + W_COMPLAINT·(complaints in the last 4 weeks) + a little unobserved noise. The score
 *    of week w reads nothing from week w or later. It is cheap, so the intercept can be
 *    calibrated over every customer's whole path without simulating behaviour.
 * 2. The behaviour pass (simulateBehaviour) writes the weekly rows up to the churn week only:
 *    logins, trades, returns, flows, contacts — all driven by the same D and exit stage, so what
 *    drives the hazard is what the features see.
 *
 * Each pass draws from its own per-customer stream in a fixed order per week, so a longer
 * timeline repeats a shorter one's weeks exactly.
 */
import { makeProfile, makeTraits, type CustomerProfile, type Traits } from "../generator";
import { Random, deriveSeed } from "../random";
import { CONCEPT_SD, CONCEPT_STREAM, CONCEPT_TREND_POWER, type WorldDrift } from "./drift";
import type { ActivityColumns, ChurnType } from "./types";

/** What every customer shares: the market, calendar effects and the onset rate. */
export interface World {
  seed: number;
  nWeeks: number;
  marketReturns: readonly number[];
  /** Busy markets bring everyone to the app; quiet (holiday) weeks do the opposite. */
  weekFactor: Float64Array;
  /** Mean weekly disengagement-onset rate (lifeCycle). */
  onsetRate: number;
  /** Multiplies the weeks from onset to D = 1 (lifeCycle). */
  spanScale: number;
  /** Injected drift from a chosen week on (drift.ts); absent = none. */
  drift?: WorldDrift | null;
}

/** Latent weekly columns of many customers; a customer occupies a contiguous range. */
export interface LatentStore {
  /** exp(score) per week; 0 where the customer is not at risk (a joiner's open week). */
  expScore: Float64Array;
  complaints: Int32Array;
}

export function allocLatentStore(weeks: number): LatentStore {
  return { expScore: new Float64Array(weeks), complaints: new Int32Array(weeks) };
}

/** One customer's static draws and where its weeks [firstWeek, nWeeks) sit in a LatentStore. */
export interface CustomerLatent {
  index: number;
  profile: CustomerProfile;
  traits: Traits;
  openWeek: number;
  /** max(openWeek, 0). */
  firstWeek: number;
  /** Weeks in the store: nWeeks − firstWeek. */
  length: number;
  store: LatentStore;
  /** Position of week firstWeek in `store`. */
  offset: number;
  /** Week the disengagement starts (D > 0 after it). */
  onset: number;
  /** Weeks from onset to D = 1 (the exit starts at onset + span). */
  span: number;
  exitMode: ChurnType;
  /** Exp(1): the churn event happens in the first week where the cumulative hazard reaches it. */
  threshold: number;
}

// ── the churn score ──
/** Weight of D² (disengagement level). */
const W_DISENGAGED = 3.0;
/** Weight of the exit stage (0 … 1: how far the customer's exit has gone). */
const W_EXIT = 2.5;
/** Per complaint in the last 4 weeks (capped at 2). */
const W_COMPLAINT = 0.4;
const EXP_GONE = Math.exp(W_DISENGAGED + W_EXIT);
const EXP_COMPLAINTS = [1, Math.exp(W_COMPLAINT), Math.exp(2 * W_COMPLAINT)];
/** SD of the per-customer score offset that nothing observable explains. */
const HIDDEN_SCORE_SD = 0.3;

// ── the onset ──
/** How strongly proneness moves the onset rate (log scale). */
const ONSET_SLOPE = 0.6;
/** SD of the hidden part of proneness. */
const HIDDEN_PRONENESS_SD = 0.5;
/** Rough mean of ONSET_SLOPE × proneness, so the mean onset rate is World.onsetRate. */
const ONSET_CENTRE = 0.45;
const SPAN_MIN = 16;
const SPAN_MAX = 24;
/** Rough mean weeks from the exit start to the event. */
const EXIT_WEEKS = 4;
const EXIT_MODE_WEIGHTS = [0.45, 0.2, 0.35];
const EXIT_MODES: readonly ChurnType[] = ["transfer", "close", "asset_out"];

/** Shortest disengagement once scaled. */
const SPAN_FLOOR = 3;

/**
 * The life cycle that matches a weekly churn rate q: a customer churns about once per
 * (waiting for the onset + span + exit) weeks, i.e. 1/q. At the default rate (30% in 12 weeks)
 * the span is 16–24 weeks and the waiting is the rest; for faster churn (a high rate or a short
 * horizon) the span shrinks so that the cycle still takes about 3/4 of a customer's mean life.
 */
export function lifeCycle(q: number): { onsetRate: number; spanScale: number } {
  const meanSpan = (SPAN_MIN + SPAN_MAX) / 2;
  const spanScale = Math.min(1, Math.max(0.25, (0.75 / q - EXIT_WEEKS) / meanSpan));
  return { onsetRate: 1 / Math.max(4, 1 / q - spanScale * meanSpan - EXIT_WEEKS), spanScale };
}

/** Stream of the behaviour pass, derived from the customer's own seed. */
const BEHAVIOUR_STREAM = 0x5eed;

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Weeks in a month, for turning a drawn tenure into an open week. */
const WEEKS_PER_MONTH = 30.4375 / 7;

function customerSeed(world: World, index: number): number {
  return deriveSeed(world.seed, index + 1);
}

/**
 * Poisson draw by inversion: one uniform per draw (Random.poisson multiplies uniforms, about
 * λ + 1 of them), which matters at a million customer-weeks. Large means use the normal
 * approximation, as Random.poisson does.
 */
function poisson(rng: Random, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda > 30) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const u = rng.next();
  let p = Math.exp(-lambda);
  let cdf = p;
  let k = 0;
  while (u > cdf && k < 200) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** log(1 + x) for x ≥ 0; a series below 1e-3 (error < 3e-13), where almost every weekly hazard is. */
function log1pSmall(x: number): number {
  return x < 1e-3 ? x * (1 - x * (0.5 - x / 3)) : Math.log1p(x);
}

/**
 * Latent pass of customer `index` into `store` from `offset` (nWeeks − firstWeek weeks):
 * present at the start (joinWeek null; its open week follows from its drawn tenure) or joining
 * in week joinWeek.
 */
export function simulateLatent(world: World, index: number, joinWeek: number | null, store: LatentStore, offset: number): CustomerLatent {
  const rng = new Random(customerSeed(world, index));
  const profile = makeProfile(rng, index);
  const joiner = joinWeek !== null;
  if (joiner) {
    profile.tenureMonths = 0;
    // Margin trading needs six months of account history (两融开户门槛).
    profile.hasMargin = false;
  }
  const traits = makeTraits(rng, { ...profile, tenureMonths: Math.max(1, profile.tenureMonths) }, 12);
  // ceil: the tenure recomputed at week 0 (tenureMonthsAt) is then exactly the drawn one.
  const openWeek = joiner ? joinWeek : -Math.ceil(profile.tenureMonths * WEEKS_PER_MONTH);
  const firstWeek = Math.max(0, openWeek);

  // Proneness to disengage: what the profile shows, plus a hidden part.
  const visibleProneness =
    0.25 * (profile.commissionRate - 3) -
    (profile.hasAdvisor ? 0.5 : 0) -
    0.15 * (profile.productCount - 2) -
    (profile.customerType === 2 ? 0.5 : profile.customerType === 1 ? 0.2 : 0) -
    40 * traits.alpha -
    0.15 * Math.log(Math.max(1, profile.tenureMonths) / 48);
  const proneness = visibleProneness + rng.normal(0, HIDDEN_PRONENESS_SD);
  const onsetRate = world.onsetRate * Math.exp(ONSET_SLOPE * proneness - ONSET_CENTRE);
  const span = Math.max(SPAN_FLOOR, Math.round(rng.int(SPAN_MIN, SPAN_MAX) * world.spanScale));
  const exitMode = EXIT_MODES[rng.weighted(EXIT_MODE_WEIGHTS)];
  const waiting = Math.floor(-Math.log(1 - rng.next()) / onsetRate);
  let onset: number;
  if (joiner) onset = joinWeek + 1 + waiting;
  else {
    // Present at the start: already disengaging with the stationary share of its life cycle.
    const cycle = span + EXIT_WEEKS;
    const inProgress = rng.bernoulli((cycle * onsetRate) / (1 + cycle * onsetRate));
    onset = inProgress ? -Math.floor(rng.next() * cycle) : waiting;
  }
  const threshold = -Math.log(1 - rng.next());
  const base =
    0.12 * (profile.commissionRate - 3) -
    (profile.hasAdvisor ? 0.4 : 0) -
    0.08 * (profile.productCount - 2) -
    (profile.customerType === 2 ? 0.4 : 0) +
    rng.normal(0, HIDDEN_SCORE_SD);

  const n = world.nWeeks - firstWeek;
  const c: CustomerLatent = { index, profile, traits, openWeek, firstWeek, length: n, store, offset, onset, span, exitMode, threshold };
  // Concept drift: a hidden factor from the customer's own extra stream (drawn only with drift,
  // so a world without drift draws exactly what it always did).
  const drift = world.drift?.concept ? world.drift : null;
  const concept = drift ? { week: drift.week, factor: Math.exp(CONCEPT_SD * new Random(deriveSeed(customerSeed(world, index), CONCEPT_STREAM)).normal() - (CONCEPT_SD * CONCEPT_SD) / 2) } : null;
  fillLatentWeeks(c, world.marketReturns, rng, joiner, Math.exp(base), concept);
  return c;
}

/**
 * The latent weeks of one customer: complaints and exp(score), week by week. D rises linearly
 * from the onset to 1 at onset + span, where the exit starts. The exit stage at the start of
 * week w counts the exit weeks before it (0 … 1): a transfer is complete at once, an asset_out
 * customer has moved ≥ 80% out after 3 weeks, a closing customer everything after 2.
 */
function fillLatentWeeks(c: CustomerLatent, market: readonly number[], rng: Random, joiner: boolean, expBase: number, concept: { week: number; factor: number } | null): void {
  const { expScore, complaints } = c.store;
  const { offset, onset, span, firstWeek, openWeek, length } = c;
  const exitStart = onset + span;
  const stageWeeks = c.exitMode === "transfer" ? 0 : c.exitMode === "asset_out" ? 3 : 2;
  let complaints4 = 0;
  for (let k = 0; k < length; k++) {
    const w = firstWeek + k;
    const r = offset + k;
    if (k >= 4) complaints4 -= complaints[r - 4];
    const d = w <= onset ? 0 : w >= exitStart ? 1 : (w - onset) / span;
    if (joiner && w === openWeek) expScore[r] = 0;
    else {
      // exp(score) = e^base · e^(W_D·D² + W_EXIT·stage) · e^(W_COMPLAINT·min(complaints, 2)); the
      // middle factor is a constant before the onset and once the exit is complete.
      const out = w - exitStart;
      const stage = out < 0 ? 0 : out >= stageWeeks ? 1 : out / stageWeeks;
      const trend = d === 0 ? 1 : stage === 1 ? EXP_GONE : Math.exp(W_DISENGAGED * d * d + W_EXIT * stage);
      expScore[r] =
        concept && w >= concept.week
          ? expBase * Math.pow(trend, CONCEPT_TREND_POWER) * concept.factor * EXP_COMPLAINTS[complaints4 < 2 ? complaints4 : 2]
          : expBase * trend * EXP_COMPLAINTS[complaints4 < 2 ? complaints4 : 2];
    }
    // Complaints of week w: disengagement, and sharp market falls.
    const made = poisson(rng, 0.01 + 0.1 * d + (market[w] < -0.04 ? 0.05 : 0));
    complaints[r] = made;
    complaints4 += made;
  }
}

/**
 * Behaviour pass: writes weeks [firstWeek, firstWeek + rows) of the customer into `out` from
 * `outOffset`. Always starts at firstWeek, so the rows of a week never depend on how many are
 * written.
 */
export function simulateBehaviour(world: World, c: CustomerLatent, rows: number, out: ActivityColumns, outOffset: number): void {
  const rng = new Random(deriveSeed(customerSeed(world, c.index), BEHAVIOUR_STREAM));
  const { loginRate, tradeRate, tradeSize, beta, alpha, idioVol } = c.traits;
  const { weekFactor, marketReturns } = world;
  const { logins: loginsCol, trades: tradesCol, tradeAmount: amountCol, totalAssets: assetsCol, netInflow: inflowCol, serviceContacts: contactsCol, complaints: complaintsOut, weeklyReturn: returnCol } = out;
  const complaintsIn = c.store.complaints;
  const { onset, span, firstWeek } = c;
  const exitStart = onset + span;
  const assetOut = c.exitMode === "asset_out";
  const closing = c.exitMode === "close";
  let assets = c.traits.assets0;
  const drift = world.drift && Object.keys(world.drift.factors).length > 0 ? world.drift : null;
  for (let k = 0; k < rows; k++) {
    const w = firstWeek + k;
    const r = outOffset + k;
    // Covariate shift (drift.ts): multipliers of the shifted columns from the drift week on.
    const f = drift && w >= drift.week ? drift.factors : null;
    const d = w <= onset ? 0 : w >= exitStart ? 1 : (w - onset) / span;
    const exitAge = w - exitStart;
    const wf = weekFactor[w];
    const decay = 1 - 0.92 * d;
    // One draw for how busy the customer's week is: logins and trades move together.
    const busy = rng.normal();
    const logins = poisson(rng, loginRate * wf * decay * Math.exp(0.3 * busy) * (f?.logins ?? 1));
    const trades = assets > 100 ? poisson(rng, tradeRate * wf * decay * decay * Math.exp(0.4 * busy) * (logins === 0 ? 0.2 : 1) * (f?.trades ?? 1)) : 0;
    const weeklyReturn = Math.round((beta * marketReturns[w] + alpha + rng.normal(0, idioVol)) * 1e5) / 1e5;
    const grown = assets * (1 + weeklyReturn);
    let inflow = grown * rng.normal(0.002, 0.01);
    if (rng.next() < 0.04 * (1 - d)) inflow += grown * rng.uniform(0.02, 0.2); // salary, bonus, new money
    if (d > 0 && rng.next() < 0.3 + 0.5 * d) inflow -= grown * rng.uniform(0.03, 0.07) * d; // money leaks out
    if (exitAge >= 0) {
      if (assetOut) inflow -= grown * rng.uniform(0.45, 0.6);
      else if (closing) inflow = exitAge === 0 ? inflow - grown * rng.uniform(0.55, 0.65) : -grown;
    }
    inflow = round2(inflow < -grown ? -grown : inflow);
    assets = round2(grown + inflow);
    if (!(assets > 0)) assets = 0; // also turns −0 into 0

    loginsCol[r] = logins;
    tradesCol[r] = trades;
    amountCol[r] = trades > 0 ? round2(trades * tradeSize * (grown > 1000 ? grown : 1000) * rng.lognormal(0, 0.35) * (f?.tradeAmount ?? 1)) : 0;
    assetsCol[r] = f?.totalAssets ? round2(assets * f.totalAssets) : assets;
    inflowCol[r] = f?.netInflow ? round2(inflow * f.netInflow) : inflow;
    contactsCol[r] = poisson(rng, (0.08 + 0.35 * d + (exitAge >= 0 ? 0.3 : 0)) * (f?.serviceContacts ?? 1));
    complaintsOut[r] = complaintsIn[c.offset + k];
    returnCol[r] = weeklyReturn;
  }
}

/**
 * The type of a churn event in week c, from the customer's rows before it (`assets` from
 * `rowOffset`: total assets at the end of each week from firstWeek): 销户 when a closing customer's assets are
 * gone, 资产转出 when ≥ 80% of the assets left over the 4 weeks before, else 转户.
 */
export function churnTypeOf(c: CustomerLatent, churnWeek: number, assets: Float64Array, rowOffset: number): ChurnType {
  const last = churnWeek - 1 < c.firstWeek ? c.traits.assets0 : assets[rowOffset + churnWeek - 1 - c.firstWeek];
  if (c.exitMode === "close" && last < 1) return "close";
  if (churnWeek - 5 >= c.firstWeek && last <= 0.2 * assets[rowOffset + churnWeek - 5 - c.firstWeek]) return "asset_out";
  return "transfer";
}

/** First week whose cumulative hazard sigmoid(b + score) reaches the threshold; null = none. */
export function churnWeekOf(c: CustomerLatent, expIntercept: number): number | null {
  const e = c.store.expScore;
  const end = c.offset + c.length;
  let cum = 0;
  // −log(1 − sigmoid(b + s)) = log(1 + e^b·e^s): one log1p per week.
  for (let r = c.offset; r < end; r++) {
    cum += log1pSmall(expIntercept * e[r]);
    if (cum >= c.threshold) return c.firstWeek + (r - c.offset);
  }
  return null;
}
