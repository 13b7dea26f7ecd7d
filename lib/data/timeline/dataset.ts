/**
 * What the product stores of a timeline: every labelled as-of snapshot (the training and
 * backtest rows), the scoring snapshot (the active customers as of the latest data date), and
 * the oracle AUC at the test as-of date. Pure, so it runs in a worker for large populations.
 */
import { auc } from "../../stats/auc";
import { asOfDates, outOfTimeSplit, type AsOfPlan } from "./as-of";
import { buildSnapshot, type Snapshot } from "./snapshot";
import { timelineSource } from "./source";
import type { Timeline } from "./types";

export interface TimelineDataset {
  timeline: Timeline;
  plan: AsOfPlan;
  /** Labelled as-of snapshots in ascending order, then the scoring snapshot (label unknown). */
  snapshots: Snapshot[];
  /** AUC of the true probabilities at the latest fully labelled as-of date (the test date). */
  oracleAuc: number | null;
}

/** Oracle AUC of one snapshot's labelled rows; null when a class is missing. */
export function snapshotOracleAuc(s: Snapshot): number | null {
  const y: number[] = [];
  const p: number[] = [];
  for (let r = 0; r < s.labels.length; r++) {
    if (!s.labelled[r] || !Number.isFinite(s.trueProbability[r])) continue;
    y.push(s.labels[r]);
    p.push(s.trueProbability[r]);
  }
  const pos = y.reduce((a, b) => a + b, 0);
  return pos === 0 || pos === y.length ? null : auc(Uint8Array.from(y), Float64Array.from(p));
}

export function timelineDataset(tl: Timeline): TimelineDataset {
  const o = tl.options;
  const plan = asOfDates(tl, { lookbackWeeks: o.lookbackWeeks, horizonWeeks: o.horizonWeeks });
  // Fails early (naming historyWeeks) when the history is too short to train and test out of time.
  outOfTimeSplit(plan.labelled, { horizonWeeks: o.horizonWeeks });
  const source = timelineSource(tl);
  const snapshots = [...plan.labelled, plan.scoring].map((t) => buildSnapshot(source, t, { lookbackWeeks: o.lookbackWeeks, horizonWeeks: o.horizonWeeks }));
  const test = snapshots[plan.labelled.length - 1]!;
  return { timeline: tl, plan, snapshots, oracleAuc: snapshotOracleAuc(test) };
}
