/**
 * The must-holds on generated timelines (pure data, no database): reference = the
 * training as-of snapshots of the out-of-time split (chunked by as-of date), new = the scoring
 * snapshot; CBPE on the test as-of snapshot with the generator's true probabilities as the
 * calibrated probabilities, against its realised labels.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { outOfTimeSplit } from "../../lib/data/timeline/as-of";
import { snapshotOracleAuc, timelineDataset } from "../../lib/data/timeline/dataset";
import { generateTimeline } from "../../lib/data/timeline/generate";
import type { Snapshot } from "../../lib/data/timeline/snapshot";
import { evaluateAlerts, type MonitorAlert } from "../../lib/monitor/alerts";
import { estimatePerformance, type EstimatedQuality } from "../../lib/monitor/cbpe";
import { applyCovariateShift } from "../../lib/monitor/covariate-shift";
import { buildDriftReference, computeDrift, type DriftReport } from "../../lib/monitor/drift";
import { realisedQuality } from "../../lib/monitor/outcomes";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const CUSTOMERS = 800;
const SHIFTS = [
  { feature: "logins_total", multiply: 0.5 },
  { feature: "assets_latest", multiply: 3 },
];

interface SeedResult {
  seed: number;
  calm: DriftReport;
  calmAlerts: MonitorAlert[];
  shifted: DriftReport;
  shiftedAlerts: MonitorAlert[];
  estimated: EstimatedQuality;
  realisedAuc: number;
}

function stack(snaps: Snapshot[]) {
  const n = snaps.reduce((a, s) => a + s.customers.length, 0);
  const X = new Float64Array(n * 29);
  const chunks = new Int32Array(n);
  let r = 0;
  for (const s of snaps) {
    X.set(s.X, r * 29);
    chunks.fill(s.asOfWeek, r, r + s.customers.length);
    r += s.customers.length;
  }
  return { X, chunks };
}

function runSeed(seed: number): SeedResult {
  const td = timelineDataset(generateTimeline({ seed, customers: CUSTOMERS }));
  const labelled = td.snapshots.slice(0, -1);
  const split = outOfTimeSplit(
    labelled.map((s) => s.asOfWeek),
    { horizonWeeks: td.timeline.options.horizonWeeks },
  );
  const train = new Set(split.train);
  const ref = stack(labelled.filter((s) => train.has(s.asOfWeek)));
  const reference = JSON.parse(JSON.stringify(buildDriftReference({ X: ref.X, nCols: 29 }, { chunks: ref.chunks }))) as ReturnType<typeof buildDriftReference>;
  const scoring = td.snapshots[td.snapshots.length - 1]!;
  const test = labelled[labelled.length - 1]!;
  // The "model's test AUC": the calibrated probabilities' AUC at the validation date.
  const testAuc = snapshotOracleAuc(labelled.find((s) => s.asOfWeek === split.valid)!)!;
  const estimated = estimatePerformance(test.trueProbability);
  const realised = realisedQuality(test.trueProbability, test.labels, estimated.k);
  const calm = computeDrift(reference, { X: scoring.X, nCols: 29 });
  const shifted = computeDrift(reference, { X: applyCovariateShift(scoring.X, 29, SHIFTS), nCols: 29 });
  return {
    seed,
    calm,
    calmAlerts: evaluateAlerts({ testAuc, drift: calm, estimated, realised }),
    shifted,
    shiftedAlerts: evaluateAlerts({ testAuc, drift: shifted, estimated, realised: null }),
    estimated,
    realisedAuc: realised.auc!,
  };
}

describe("monitoring on generated timelines (20 seeds)", () => {
  let results: SeedResult[] = [];
  beforeAll(() => {
    results = SEEDS.map(runSeed);
  }, 300_000);

  it("flags both features of an injected covariate shift and raises an alert in that scoring run, on every seed", () => {
    for (const r of results) {
      expect(r.shifted.driftedFeatures, `seed ${r.seed}`).toEqual(expect.arrayContaining(["logins_total", "assets_latest"]));
      const alert = r.shiftedAlerts.find((a) => a.kind === "feature_drift");
      expect(alert, `seed ${r.seed}`).toBeDefined();
      expect(alert!.features.map((f) => f.key)).toEqual(expect.arrayContaining(["logins_total", "assets_latest"]));
    }
  });

  it("raises no alert without injected drift on at least 19 of 20 seeds", () => {
    const quiet = results.filter((r) => r.calmAlerts.length === 0).length;
    expect(quiet).toBeGreaterThanOrEqual(19);
  });

  it("estimates the AUC within its band of the realised AUC on every seed", () => {
    for (const r of results) {
      const a = r.estimated.auc!;
      expect(r.realisedAuc, `seed ${r.seed}: estimate ${a.estimate} ± ${a.standardError}`).toBeGreaterThanOrEqual(a.lower);
      expect(r.realisedAuc, `seed ${r.seed}`).toBeLessThanOrEqual(a.upper);
    }
    // The band is not vacuous: a few hundredths wide, not the whole unit interval.
    expect(Math.max(...results.map((r) => r.estimated.auc!.upper - r.estimated.auc!.lower))).toBeLessThan(0.06);
  });
});
