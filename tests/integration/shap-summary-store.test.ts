import { createHash } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { predictions, shapSummaries } from "../../db/schema";
import { atCurrentAsOf } from "../../db/as-of";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { loadFeatureMatrix } from "../../lib/data/dataset-store";
import { scoreInWorker } from "../../lib/ml/score-in-worker";
import type { ShapSummaryData } from "../../lib/ml/shap-summary-build";
import { createEvents } from "../../lib/events";
import { computeShapSummary, ensureShapSummary, readShapSummary, SHAP_SAMPLE_MAX } from "../../lib/ml/shap-summary-store";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { loadModel, ModelCache, shapSummary } from "../../lib/services/model-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

/** Per-feature columns of a row-major sample, as readShapSummary returns them. */
function unpackRows(d: ShapSummaryData): { shap: Float64Array[]; normalizedValue: Float64Array[] } {
  const col = (a: Float64Array, c: number) => Float64Array.from({ length: d.sampleSize }, (_, k) => a[k * FEATURE_COUNT + c]!);
  return {
    shap: Array.from({ length: FEATURE_COUNT }, (_, c) => col(d.sampleShap, c)),
    normalizedValue: Array.from({ length: FEATURE_COUNT }, (_, c) => col(d.sampleNormalized, c)),
  };
}

describeEachDb("stored SHAP summary (%s)", (kind) => {
  let t: TestDb;
  let key: { modelRunId: number; datasetId: number; asOfWeek: number };
  let rows: { id: string; shap: number[] }[];

  beforeAll(async () => {
    t = await createTestDb(kind);
    const ds = await generateAndStoreDataset(t.db, { customers: 600, historyWeeks: 52, lookbackWeeks: 12, seed: 9, churnRate: 0.3 });
    const deps = { db: t.db, events: createEvents(), ownerId: "shap-summary-test", jobs: new Map() };
    const run = await startTraining(deps, {});
    expect((await waitForRun(deps, run.id)).status).toBe("succeeded");
    key = { modelRunId: run.id, datasetId: ds.id, asOfWeek: ds.asOfWeek };
    rows = await t.db
      .select({ id: predictions.customerId, shap: predictions.shap })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, run.id), eq(predictions.datasetId, ds.id), atCurrentAsOf(predictions)))
      .orderBy(asc(predictions.customerId));
  }, 400_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it("scoring stored the summary with the run (before any read); it equals the database computation (golden)", async () => {
    // Stored by the scoring itself: no read has happened yet in this suite.
    const [row] = await t.db.select().from(shapSummaries);
    expect(row).toBeDefined();
    expect(row!.nRows).toBe(rows.length);
    const atScoring = (await readShapSummary(t.db, key))!;
    expect(atScoring).not.toBeNull();
    // The same summary from the scoring worker (the large-data path) over the stored matrix.
    const m = await loadFeatureMatrix(t.db, key.datasetId, key.asOfWeek);
    const model = (await loadModel(t.db, new ModelCache(), key.modelRunId))!;
    const w = await scoreInWorker({ model: { ensemble: model.ensemble }, X: m.X, nRows: m.customerIds.length, nCols: m.nCols, withShap: true, ids: m.customerIds, chunkRows: 128 });
    // Golden: what the on-read computation (SQL over the stored predictions) gives.
    const golden = (await computeShapSummary(t.db, key))!;
    for (const got of [atScoring, { ...w.shapSummary!, ...unpackRows(w.shapSummary!) }]) {
      expect(got.nRows).toBe(golden.nRows);
      expect(got.sampleSize).toBe(golden.sampleSize);
      for (let c = 0; c < FEATURE_COUNT; c++) {
        expect(got.meanAbsShap[c]).toBeCloseTo(golden.meanAbsShap[c]!, 10);
        expect(Array.from(got.shap[c]!)).toEqual(Array.from(golden.shap[c]!));
        const a = Array.from(got.normalizedValue[c]!);
        const b = Array.from(golden.normalizedValue[c]!);
        a.forEach((v, k) => (Number.isNaN(b[k]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(b[k]!, 10)));
      }
    }
  }, 120_000);

  it("stores mean |SHAP| over all rows and a hash-ordered sample; reading returns the same, recomputing is identical", async () => {
    const s = (await ensureShapSummary(t.db, key))!;
    expect(s.nRows).toBe(rows.length);
    for (let c = 0; c < FEATURE_COUNT; c++) {
      const mean = rows.reduce((acc, r) => acc + Math.abs(r.shap[c]!), 0) / rows.length;
      expect(s.meanAbsShap[c]).toBeCloseTo(mean, 9);
    }
    expect(s.sampleSize).toBe(Math.min(rows.length, SHAP_SAMPLE_MAX));
    // The sample's order is md5(salt || id): the first sampled row is the customer with the smallest hash.
    const first = [...rows].sort((a, b) => {
      const h = (id: string) => createHash("md5").update(`shap-sample-7:${id}`).digest("hex");
      return h(a.id) < h(b.id) ? -1 : 1;
    })[0]!;
    for (let c = 0; c < FEATURE_COUNT; c++) expect(s.shap[c]![0]).toBe(first.shap[c]);
    for (const col of s.normalizedValue) for (const v of col) expect(Number.isNaN(v) || (v >= 0 && v <= 1)).toBe(true);

    const again = (await readShapSummary(t.db, key))!;
    expect(again.shap.map((a) => Array.from(a))).toEqual(s.shap.map((a) => Array.from(a)));
    expect(again.normalizedValue.map((a) => Array.from(a))).toEqual(s.normalizedValue.map((a) => Array.from(a)));
    await computeShapSummary(t.db, key);
    expect((await t.db.select().from(shapSummaries)).length).toBe(1);
  });

  it("shapSummary(sampleSize) returns the stored sample's first rows and the stored importance", async () => {
    const run = { id: key.modelRunId, shapBaseValue: 0.1 };
    const small = (await shapSummary(t.db, run, key.datasetId, 50))!;
    const large = (await shapSummary(t.db, run, key.datasetId, 5_000))!;
    expect(small.sampleSize).toBe(50);
    expect(large.sampleSize).toBe(rows.length);
    expect(small.beeswarm[3]!.shap).toEqual(large.beeswarm[3]!.shap.slice(0, 50));
    expect(small.importance).toEqual(large.importance);
    expect(small.importance[0]!.meanAbsShap).toBeGreaterThanOrEqual(small.importance[1]!.meanAbsShap);
  });
});
