/**
 * Monitoring against drift the generator injects (lib/data/timeline/drift.ts), over 20 seeds with
 * real trained models (no database; the same assessScoring / evaluateAlerts the scoring hook and
 * the outcome recorder store). Per seed: a 60-week timeline, a model trained out of time, its
 * drift reference, then
 * - no drift: the scoring snapshot raises no alert (≥ 19 of 20 seeds);
 * - covariate shift of logins_total and assets_latest from week 48 (the scoring window): the same
 *   world otherwise (same intercept, same labelled snapshots byte for byte), both features
 *   flagged and a drift alert at the one scoring run (every seed);
 * - concept drift from week 60 (the scoring date): the world advanced 12 weeks, the scoring's
 *   realised AUC drops and the realised-AUC alert fires, where without drift it does not.
 * Also: same options → same bytes, and the generator's drift options are validated.
 */
import { labelledMatrix } from "../../lib/data/timeline/matrix";
import { beforeAll, describe, expect, it } from "vitest";
import { DatasetInputError } from "../../lib/data/generator";
import { timelineDataset } from "../../lib/data/timeline/dataset";
import { generateTimeline } from "../../lib/data/timeline/generate";
import { buildSnapshot } from "../../lib/data/timeline/snapshot";
import { timelineSource } from "../../lib/data/timeline/source";
import type { Timeline } from "../../lib/data/timeline/types";
import { parseTrainParams } from "../../lib/ml/params";
import { predictMargin, sigmoid } from "../../lib/ml/predict";
import { trainAndEvaluate } from "../../lib/ml/training-service";
import { evaluateAlerts, type MonitorAlert } from "../../lib/monitor/alerts";
import type { DriftReport } from "../../lib/monitor/drift";
import { assessScoring, referenceOf, referenceRows } from "../../lib/monitor/monitor-service";
import { realisedQuality } from "../../lib/monitor/outcomes";

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const SETTINGS = { psiWarning: 0.1, psiDrift: 0.25, aucMargin: 0.05 };
const BASE = { customers: 600, historyWeeks: 60 };
const SHIFTED = ["logins_total", "assets_latest"];

interface SeedResult {
  seed: number;
  testAuc: number;
  sameWorld: boolean;
  calmAlerts: MonitorAlert[];
  shifted: DriftReport;
  shiftedAlerts: MonitorAlert[];
  calmRealisedAuc: number;
  conceptRealisedAuc: number;
  calmOutcomeAlerts: MonitorAlert[];
  conceptOutcomeAlerts: MonitorAlert[];
}

function sameBytes(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

async function runSeed(seed: number): Promise<SeedResult> {
  const calm = generateTimeline({ ...BASE, seed });
  const td = timelineDataset(calm);
  const labelled = td.snapshots.slice(0, -1);
  const m = labelledMatrix(td);
  const t = await trainAndEvaluate(m, parseTrainParams({ rounds: 150, earlyStoppingRounds: 20, seed }), {
    oracleAuc: td.oracleAuc,
    outOfTime: { horizonWeeks: calm.options.horizonWeeks, startDate: null },
  });
  const testAuc = t.metrics.auc;
  const reference = JSON.parse(JSON.stringify(referenceOf(t.ensemble, { X: m.X, nCols: 29, rows: referenceRows(m), asOfWeek: m.asOfWeek })));
  const probs = (X: Float64Array, rows: number) => predictMargin(t.ensemble, X, rows, 29).map(sigmoid);

  const scoring = td.snapshots.at(-1)!;
  const calmAssess = assessScoring(reference, testAuc, scoring.X, 29, probs(scoring.X, scoring.labels.length), SETTINGS);

  // Covariate shift over the whole scoring window (features at 60 look back over weeks 48..59).
  const drifted = timelineDataset(generateTimeline({ ...BASE, seed, driftWeek: 48, driftFeatures: SHIFTED }));
  const sameWorld =
    drifted.timeline.intercept === calm.intercept &&
    drifted.snapshots.length === td.snapshots.length &&
    labelled.every((s, i) => sameBytes(s.X, drifted.snapshots[i]!.X) && sameBytes(s.labels, drifted.snapshots[i]!.labels));
  const ds = drifted.snapshots.at(-1)!;
  const shiftedAssess = assessScoring(reference, testAuc, ds.X, 29, probs(ds.X, ds.labels.length), SETTINGS);

  // The world goes on 12 weeks (as advanceDataset does: stored intercept and start date), with
  // and without a changed churn mechanism from the scoring date; outcomes of the scoring at 60 arrive.
  const advance = (extra: object): Timeline => generateTimeline({ ...BASE, seed, historyWeeks: 72, intercept: calm.intercept, startDate: calm.startDate, ...extra });
  const outcomeAt = (tl: Timeline) => {
    const snap = buildSnapshot(timelineSource(tl), scoring.asOfWeek, { lookbackWeeks: 12, horizonWeeks: 12 });
    // Point in time: the features at the scoring date are what was scored, drift or not.
    expect(sameBytes(snap.X, scoring.X), `seed ${seed}: features at the scoring date moved`).toBe(true);
    const p = probs(snap.X, snap.labels.length);
    const realised = realisedQuality(p, snap.labels, Math.round(snap.labels.length * 0.1));
    return { auc: realised.auc!, alerts: evaluateAlerts({ testAuc, drift: null, estimated: null, realised }, { aucMargin: SETTINGS.aucMargin }) };
  };
  const calmOutcome = outcomeAt(advance({}));
  const conceptOutcome = outcomeAt(advance({ driftWeek: scoring.asOfWeek, conceptDrift: true }));
  return {
    seed,
    testAuc,
    sameWorld,
    calmAlerts: calmAssess.alerts,
    shifted: shiftedAssess.drift!,
    shiftedAlerts: shiftedAssess.alerts,
    calmRealisedAuc: calmOutcome.auc,
    conceptRealisedAuc: conceptOutcome.auc,
    calmOutcomeAlerts: calmOutcome.alerts,
    conceptOutcomeAlerts: conceptOutcome.alerts,
  };
}

describe("generator drift options", () => {
  it("same options → same bytes; without drift the bytes are those of the plain generator", () => {
    const opts = { customers: 200, historyWeeks: 40, seed: 9, driftWeek: 30, driftFeatures: ["trades_total", "service_contacts_total"], conceptDrift: true };
    const a = generateTimeline(opts);
    const b = generateTimeline(opts);
    for (const k of Object.keys(a.activity) as (keyof Timeline["activity"])[]) expect(sameBytes(a.activity[k], b.activity[k]), k).toBe(true);
    expect(sameBytes(a.hazard, b.hazard)).toBe(true);
    const plain = generateTimeline({ customers: 200, historyWeeks: 40, seed: 9 });
    const viaEmpty = generateTimeline({ customers: 200, historyWeeks: 40, seed: 9, driftFeatures: [], conceptDrift: false });
    for (const k of Object.keys(plain.activity) as (keyof Timeline["activity"])[]) expect(sameBytes(plain.activity[k], viaEmpty.activity[k]), k).toBe(true);
    // The drift changed something after week 30.
    expect(sameBytes(plain.hazard, a.hazard)).toBe(false);
  });

  it("names the field and the allowed values on bad drift options", () => {
    const err = (o: object) => {
      try {
        generateTimeline({ customers: 200, historyWeeks: 40, ...o });
      } catch (e) {
        return e as DatasetInputError;
      }
      throw new Error("accepted");
    };
    expect(err({ driftWeek: 0, conceptDrift: true })).toMatchObject({ field: "driftWeek", message: expect.stringMatching(/1\.\.260/) });
    expect(err({ driftWeek: 10, driftFeatures: ["age"] })).toMatchObject({ field: "driftFeatures", message: expect.stringMatching(/logins_total/) });
    expect(err({ driftFeatures: ["logins_total"] })).toMatchObject({ field: "driftWeek" });
    expect(err({ driftWeek: 10 })).toMatchObject({ field: "driftWeek", message: expect.stringMatching(/driftFeatures or conceptDrift/) });
    expect(err({ driftWeek: 10, conceptDrift: "maybe" })).toMatchObject({ field: "conceptDrift" });
    // CLI spelling: a comma-separated list and "true".
    expect(generateTimeline({ customers: 200, historyWeeks: 40, driftWeek: "30", driftFeatures: "logins_total, assets_latest", conceptDrift: "true" }).options).toMatchObject({
      driftWeek: 30,
      driftFeatures: ["logins_total", "assets_latest"],
      conceptDrift: true,
    });
  });
});

describe("monitoring over 20 seeds against the generator's drift", () => {
  let results: SeedResult[] = [];
  beforeAll(async () => {
    results = [];
    for (const s of SEEDS) results.push(await runSeed(s));
  }, 900_000);

  it("covariate shift leaves everything before the drift week as it was (same intercept, same labelled snapshots)", () => {
    expect(results.filter((r) => !r.sameWorld).map((r) => r.seed)).toEqual([]);
  });

  it("no drift → no alert on at least 19 of 20 seeds", () => {
    const noisy = results.filter((r) => r.calmAlerts.length > 0);
    console.info(`generator, no drift: alerts on ${noisy.length}/20 seeds ${noisy.map((r) => `seed ${r.seed}: ${r.calmAlerts.map((a) => a.kind).join("+")}`).join("; ")}`);
    expect(20 - noisy.length).toBeGreaterThanOrEqual(19);
  });

  it("two shifted features: both flagged and a drift alert at the one scoring run, on every seed", () => {
    for (const r of results) {
      expect(r.shifted.driftedFeatures, `seed ${r.seed}`).toEqual(expect.arrayContaining(SHIFTED));
      const a = r.shiftedAlerts.find((x) => x.kind === "feature_drift");
      expect(a, `seed ${r.seed}`).toBeDefined();
      expect(a!.features.map((f) => f.key)).toEqual(expect.arrayContaining(SHIFTED));
    }
  });

  it("concept drift: the realised AUC drops and the realised-AUC alert fires once outcomes arrive; without drift it does not (≥ 19 of 20)", () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.info(
      `generator, concept drift from the scoring date: test AUC mean ${mean(results.map((r) => r.testAuc)).toFixed(4)}; realised AUC without drift ${mean(results.map((r) => r.calmRealisedAuc)).toFixed(4)}, with concept drift ${mean(results.map((r) => r.conceptRealisedAuc)).toFixed(4)} (min drop ${Math.min(...results.map((r) => r.calmRealisedAuc - r.conceptRealisedAuc)).toFixed(4)})`,
    );
    for (const r of results) {
      expect(r.conceptRealisedAuc, `seed ${r.seed}`).toBeLessThan(r.calmRealisedAuc - SETTINGS.aucMargin);
      expect(r.conceptOutcomeAlerts.map((a) => a.kind), `seed ${r.seed}`).toContain("realised_auc_drop");
    }
    expect(results.filter((r) => r.calmOutcomeAlerts.some((a) => a.kind === "realised_auc_drop")).length).toBeLessThanOrEqual(1);
  });
});
