import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers, datasets, featureVectors, weeklyBehaviour } from "../../db/schema";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import {
  generatedRecords,
  getActiveDataset,
  loadCustomer,
  loadFeatureMatrix,
  writeDataset,
  writeDatasetRecords,
} from "../../lib/data/dataset-store";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

const ds = generateDataset(parseGenerateOptions({ customers: 300, seed: 7 }));

async function counts(h: TestDb) {
  const c = async (t: typeof datasets | typeof customers | typeof weeklyBehaviour | typeof featureVectors) =>
    Number((await h.db.select({ n: count() }).from(t))[0].n);
  return { datasets: await c(datasets), customers: await c(customers), weekly: await c(weeklyBehaviour), features: await c(featureVectors) };
}

describeEachDb("dataset store on %s", (kind) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb(kind);
  });
  afterAll(async () => {
    await h?.destroy();
  });

  it("applies the migrations to an empty database", async () => {
    expect(await counts(h)).toEqual({ datasets: 0, customers: 0, weekly: 0, features: 0 });
    expect(await getActiveDataset(h.db)).toBeNull();
  });

  it("round-trips a generated dataset: customers, weekly rows and features", async () => {
    const progress: number[] = [];
    const row = await writeDataset(h.db, ds, { name: "测试数据", onProgress: (done) => progress.push(done) });
    expect(row).toMatchObject({ name: "测试数据", source: "synthetic", seed: 7, nCustomers: 300, nWeeks: 12, isActive: true, targetChurnRate: 0.3 });
    expect(row.churnRate).toBe(ds.churnRate);
    expect(row.oracleAuc).toBe(ds.oracleAuc);
    expect(progress.at(-1)).toBe(300 * 2 + 300 * 12);
    expect(await counts(h)).toEqual({ datasets: 1, customers: 300, weekly: 3600, features: 300 });

    const m = await loadFeatureMatrix(h.db, row.id, 0);
    expect(m.nCols).toBe(29);
    expect(m.customerIds).toEqual(ds.profiles.map((p) => p.id));
    expect(Array.from(m.X)).toEqual(Array.from(ds.features));
    expect(Array.from(m.labels)).toEqual(Array.from(ds.labels));
    expect(Array.from(m.assets)).toEqual(ds.weekly.map((w) => w[w.length - 1].totalAssets));

    for (const i of [0, 137, 299]) {
      const p = ds.profiles[i];
      const c = await loadCustomer(h.db, row.id, p.id);
      expect(c).not.toBeNull();
      if (!c) return;
      const { datasetId, churned, trueProbability, openWeek, churnWeek, churnType, ...profile } = c.customer;
      expect([openWeek, churnWeek, churnType]).toEqual([null, null, null]);
      expect(datasetId).toBe(row.id);
      expect(profile).toEqual(p);
      expect(churned).toBe(ds.labels[i] === 1);
      expect(trueProbability).toBe(ds.trueProbability[i]);
      expect(c.weekly.map(({ datasetId: _d, customerId: _c, ...w }) => w)).toEqual(ds.weekly[i]);
      expect(c.features).toEqual(Array.from(ds.features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)));
    }
    expect(await loadCustomer(h.db, row.id, "C9999999")).toBeNull();
  });

  it("keeps exactly one active dataset; a newer write takes over", async () => {
    const first = await getActiveDataset(h.db);
    const second = await writeDataset(h.db, generateDataset(parseGenerateOptions({ customers: 100, seed: 8 })));
    expect(second.isActive).toBe(true);
    expect(second.id).not.toBe(first?.id);
    const active = await h.db.select().from(datasets).where(eq(datasets.isActive, true));
    expect(active.map((d) => d.id)).toEqual([second.id]);
    expect((await getActiveDataset(h.db))?.id).toBe(second.id);
    // The older dataset's rows are still readable by id.
    if (first) expect((await loadFeatureMatrix(h.db, first.id, 0)).customerIds).toHaveLength(300);
  });

  it("writes nothing when the transaction fails half-way", async () => {
    const before = await counts(h);
    const activeBefore = await getActiveDataset(h.db);
    const rec = generatedRecords(generateDataset(parseGenerateOptions({ customers: 200, seed: 9 })));
    // A duplicate id makes the customers insert fail after the datasets row is written.
    const broken = { ...rec, customer: (i: number) => ({ ...rec.customer(i), id: i === 150 ? rec.customer(0).id : rec.customer(i).id }) };
    await expect(writeDatasetRecords(h.db, broken)).rejects.toThrow();
    expect(await counts(h)).toEqual(before);
    expect((await getActiveDataset(h.db))?.id).toBe(activeBefore?.id);
  });

  it("stores text with quotes, commas, braces and backslashes verbatim", async () => {
    const rec = generatedRecords(generateDataset(parseGenerateOptions({ customers: 100, seed: 10 })));
    const odd = 'A "B", {C} \\ NULL 王,五';
    const row = await writeDatasetRecords(h.db, { ...rec, customer: (i) => ({ ...rec.customer(i), name: i === 3 ? odd : rec.customer(i).name, churned: i === 4 ? null : rec.customer(i).churned }) });
    const c = await loadCustomer(h.db, row.id, rec.customer(3).id);
    expect(c?.customer.name).toBe(odd);
    expect((await loadCustomer(h.db, row.id, rec.customer(4).id))?.customer.churned).toBeNull();
    const m = await loadFeatureMatrix(h.db, row.id, 0);
    expect(m.labelled[4]).toBe(0);
  });
});
