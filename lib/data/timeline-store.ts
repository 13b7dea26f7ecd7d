/**
 * A generated timeline as dataset records: customers with open and churn weeks, their weekly
 * rows (weekly_behaviour.week = week index + 1) and every as-of snapshot.
 */
import { profileColumns, type CustomerInput, type DatasetRecords } from "./dataset-store";
import type { WeekRecord } from "./generator";
import type { TimelineDataset } from "./timeline/dataset";
import { customerWeeks } from "./timeline/source";

export function timelineName(td: TimelineDataset): string {
  const o = td.timeline.options;
  return `合成时间线 ${o.customers} 客户 × ${td.timeline.nWeeks} 周 (seed ${o.seed})`;
}

export function timelineRecords(td: TimelineDataset, name?: string): DatasetRecords {
  const tl = td.timeline;
  const o = tl.options;
  const toRow = (i: number): CustomerInput => {
    const c = tl.customers[i]!;
    return {
      ...profileColumns(c.profile),
      churned: c.churnWeek !== null,
      trueProbability: null,
      openWeek: c.openWeek,
      churnWeek: c.churnWeek,
      churnType: c.churnType,
    };
  };
  const weeks = (i: number): WeekRecord[] => customerWeeks(tl, i).map((w) => ({ ...w, week: w.week + 1 }));
  return {
    name: name ?? timelineName(td),
    source: "synthetic",
    seed: o.seed,
    nWeeks: tl.nWeeks,
    targetChurnRate: o.churnRate,
    oracleAuc: td.oracleAuc,
    churnRate: tl.churnRate,
    count: tl.customers.length,
    customer: toRow,
    weeks,
    features: new Float64Array(0),
    timeline: {
      startDate: tl.startDate,
      asOfWeek: td.plan.scoring,
      horizonWeeks: o.horizonWeeks,
      lookbackWeeks: o.lookbackWeeks,
      generator: {
        seed: o.seed,
        customers: o.customers,
        churnRate: o.churnRate,
        intercept: tl.intercept,
        startDate: tl.startDate,
        ...(o.driftWeek ? { driftWeek: o.driftWeek, driftFeatures: o.driftFeatures ?? [], conceptDrift: o.conceptDrift ?? false } : {}),
      },
    },
    snapshots: td.snapshots,
    marketReturns: tl.marketReturns,
  };
}
