/**
 * A campaign run end to end on a generated timeline, in memory: select, draw the control group,
 * record the true effects, realise the outcomes H weeks later, estimate. The database path
 * (campaign-service + outcomes) does the same steps with the same functions; this one is small
 * and fast enough to repeat over many seeds to check the estimate against the truth.
 */
import { featureIndex } from "../data/catalog";
import { generateTimeline } from "../data/timeline/generate";
import { buildSnapshot, type Snapshot } from "../data/timeline/snapshot";
import { timelineSource } from "../data/timeline/source";
import type { Timeline } from "../data/timeline/types";
import { drawControl, riskDeciles } from "./control-group";
import { realiseMember, trueEffect } from "./simulation";
import { campaignOutcome, type CampaignOutcome, type MemberOutcome } from "./uplift-stats";

const I_ASSETS = featureIndex("assets_latest");

export interface SimulatedWorld {
  timeline: Timeline;
  snapshot: (asOfWeek: number) => Snapshot;
}

export function simulatedWorld(seed: number, customers: number, historyWeeks: number, horizonWeeks = 12): SimulatedWorld {
  const timeline = generateTimeline({ customers, historyWeeks, horizonWeeks, lookbackWeeks: 12, seed });
  const source = timelineSource(timeline);
  return { timeline, snapshot: (t) => buildSnapshot(source, t, { lookbackWeeks: 12, horizonWeeks }) };
}

export interface SimulatedCampaignInput {
  snapshot: Snapshot;
  /** Score per snapshot row; the top `size` rows are selected. */
  score: (row: number) => number;
  size: number;
  controlShare: number;
  seed: number;
}

export interface SimulatedCampaign {
  members: (MemberOutcome & { row: number; customerId: string })[];
  outcome: CampaignOutcome;
}

export function features(s: Snapshot, row: number): number[] {
  return Array.from(s.X.subarray(row * s.nCols, (row + 1) * s.nCols));
}

export function runSimulatedCampaign(input: SimulatedCampaignInput): SimulatedCampaign {
  const s = input.snapshot;
  const rows = Array.from({ length: s.customers.length }, (_, r) => r).filter((r) => s.labelled[r] === 1);
  rows.sort((a, b) => input.score(b) - input.score(a) || a - b);
  const selected = rows.slice(0, input.size);
  const deciles = riskDeciles(selected.map((r) => s.trueProbability[r]!));
  const control = drawControl(deciles, input.controlShare, input.seed);
  const members = selected.map((row, i) => {
    const x = features(s, row);
    const effect = trueEffect(s.trueProbability[row]!, x);
    const arm = control[i] ? ("control" as const) : ("treated" as const);
    const customerId = `c${s.customers[row]}`;
    const realised = realiseMember(input.seed, customerId, arm, s.labels[row] === 1 ? 1 : 0, effect);
    return {
      row,
      customerId,
      arm,
      decile: deciles[i]!,
      assets: Math.max(0, x[I_ASSETS] ?? 0),
      offerCost: 0,
      outcome: realised.outcome,
      contacted: realised.contacted,
      score: input.score(row),
      trueEffect: effect.absolute,
    };
  });
  return { members, outcome: campaignOutcome(members) };
}
