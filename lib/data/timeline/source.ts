/**
 * What a snapshot reads: customers with open and churn weeks, their weekly rows, the market,
 * and (for generated data) the true weekly hazards. An in-memory Timeline is one source
 * (timelineSource); the database layer can implement the same interface over stored rows.
 */
import type { FeatureProfile, FeatureWeek } from "../features";
import type { Timeline, TimelineWeek } from "./types";

export interface SourceCustomer {
  /** tenureMonths is not read: snapshots compute the tenure at the as-of date from openWeek. */
  profile: FeatureProfile;
  openWeek: number;
  churnWeek: number | null;
}

export interface TimelineSource {
  /** Weeks of data: 0..nWeeks-1. */
  readonly nWeeks: number;
  /** Market return of each week 0..nWeeks-1. */
  readonly marketReturns: readonly number[];
  readonly customers: readonly SourceCustomer[];
  /**
   * Rows of customer i for weeks [from, to), one per week in week order. Callers only ask for
   * weeks where the customer is open (≥ max(openWeek, 0)) and not churned (< churnWeek).
   */
  weeks(customer: number, from: number, to: number): readonly FeatureWeek[];
  /**
   * True weekly churn hazards of weeks [from, to) (generated data only; omit it for imports).
   * Generated timelines have them for every week from the customer's first week to nWeeks.
   */
  hazards?(customer: number, from: number, to: number): ArrayLike<number>;
}

/** One row as a plain object with a single shape (a class: faster to make by the hundred thousand). */
class Week implements TimelineWeek {
  week: number;
  logins: number;
  trades: number;
  tradeAmount: number;
  totalAssets: number;
  netInflow: number;
  serviceContacts: number;
  complaints: number;
  weeklyReturn: number;
  constructor(col: Timeline["activity"], r: number, week: number) {
    this.week = week;
    this.logins = col.logins[r];
    this.trades = col.trades[r];
    this.tradeAmount = col.tradeAmount[r];
    this.totalAssets = col.totalAssets[r];
    this.netInflow = col.netInflow[r];
    this.serviceContacts = col.serviceContacts[r];
    this.complaints = col.complaints[r];
    this.weeklyReturn = col.weeklyReturn[r];
  }
}

/** Rows of one customer of a Timeline as objects, weeks [from, to) (default: all its rows). */
export function customerWeeks(tl: Timeline, i: number, from?: number, to?: number): TimelineWeek[] {
  const c = tl.customers[i];
  const end = c.churnWeek ?? tl.nWeeks;
  const a = from ?? c.firstWeek;
  const b = to ?? end;
  if (a < c.firstWeek || b > end || a > b) {
    throw new RangeError(`customer ${c.profile.id} has rows for weeks [${c.firstWeek}, ${end}), asked for [${a}, ${b})`);
  }
  const col = tl.activity;
  const out: TimelineWeek[] = new Array(b - a);
  for (let w = a; w < b; w++) out[w - a] = new Week(col, c.rowOffset + (w - c.firstWeek), w);
  return out;
}

/** Hazards of customer i for weeks [from, to) (a view, not a copy). */
export function customerHazards(tl: Timeline, i: number, from: number, to: number): Float32Array {
  const c = tl.customers[i];
  if (from < c.firstWeek || to > tl.nWeeks || from > to) {
    throw new RangeError(`customer ${c.profile.id} has hazards for weeks [${c.firstWeek}, ${tl.nWeeks}), asked for [${from}, ${to})`);
  }
  const o = c.hazardOffset + (from - c.firstWeek);
  return tl.hazard.subarray(o, o + (to - from));
}

/**
 * A Timeline as a snapshot source. Each customer's rows become objects once, on first use, and
 * are sliced after that: building many as-of snapshots touches each row once.
 */
export function timelineSource(tl: Timeline): TimelineSource {
  const cache: (TimelineWeek[] | undefined)[] = new Array(tl.customers.length);
  return {
    nWeeks: tl.nWeeks,
    marketReturns: tl.marketReturns,
    customers: tl.customers,
    weeks(i, from, to) {
      const c = tl.customers[i];
      const end = c.churnWeek ?? tl.nWeeks;
      if (from < c.firstWeek || to > end || from > to) {
        throw new RangeError(`customer ${c.profile.id} has rows for weeks [${c.firstWeek}, ${end}), asked for [${from}, ${to})`);
      }
      let rows = cache[i];
      if (!rows) rows = cache[i] = customerWeeks(tl, i);
      return rows.slice(from - c.firstWeek, to - c.firstWeek);
    },
    hazards: (i, from, to) => customerHazards(tl, i, from, to),
  };
}
