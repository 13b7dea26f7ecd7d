/** The in-memory customer list answers exactly like the SQL one, and invalidation shows writes at once. */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { planBatches, retentionPlans } from "../../db/schema";
import { listCustomers, type CustomerFilter, type CustomerOrder } from "../../lib/services/customer-queries";
import { ReadCache } from "../../lib/services/read-cache";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { seedPlanFixture, type PlanFixture } from "../support/plan-fixture";

describeEachDb("read cache on %s", (kind) => {
  let h: TestDb;
  let fx: PlanFixture;

  beforeAll(async () => {
    h = await createTestDb(kind);
    fx = await seedPlanFixture(h.db, { customers: 300, seed: 9 });
  });
  afterAll(async () => {
    await h?.destroy();
  });

  it("pages, filters and orders like SQL (its list read in 7-row queries)", async () => {
    const cache = new ReadCache(h.db, 60_000, 60_000, 7);
    const scope = { datasetId: fx.datasetId, asOfWeek: fx.asOfWeek, runId: fx.modelRunId };
    const filters: CustomerFilter[] = [{}, { riskLevel: "high" }, { customerType: 1 }, { minProbability: 0.2, maxProbability: 0.7 }, { search: "00001" }, { hasPlan: false }];
    const orders: CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];
    for (const filter of filters) {
      for (const orderBy of orders) {
        let after: string | null = null;
        for (let page = 0; page < 3; page++) {
          const args = { first: 25, after, filter, orderBy };
          const sql = await listCustomers(h.db, scope, args);
          const mem = await cache.customers({ ...scope, size: 300 }, args);
          expect(mem.totalCount, JSON.stringify(args)).toBe(sql.totalCount);
          expect(mem.items.map((i) => i.node.id)).toEqual(sql.items.map((i) => i.node.id));
          expect(mem.items.map((i) => i.node.topDrivers.map((d) => d.key))).toEqual(sql.items.map((i) => i.node.topDrivers.map((d) => d.key)));
          expect(mem.hasNextPage).toBe(sql.hasNextPage);
          if (!sql.hasNextPage) break;
          after = sql.endCursor;
        }
      }
    }
  });

  it("shows a write after invalidate(), and a stale read only until then", async () => {
    const cache = new ReadCache(h.db, 60_000, 60_000);
    const scope = { datasetId: fx.datasetId, asOfWeek: fx.asOfWeek, runId: fx.modelRunId, size: 300 };
    const before = await cache.customers(scope, { first: 1, orderBy: "RISK_DESC", filter: { hasPlan: true } });
    expect(before.totalCount).toBe(0);
    const [batch] = await h.db
      .insert(planBatches)
      .values({ datasetId: fx.datasetId, modelRunId: fx.modelRunId, status: "done", total: 1, planner: "template", promptVersion: "t", params: {} })
      .returning();
    await h.db.insert(retentionPlans).values({ batchId: batch!.id, datasetId: fx.datasetId, customerId: fx.rankedIds[0]!, position: 0, status: "done", probability: 0.9, riskLevel: "high" });
    expect((await cache.customers(scope, { first: 1, orderBy: "RISK_DESC", filter: { hasPlan: true } })).totalCount).toBe(0);
    cache.invalidate();
    const after = await cache.customers(scope, { first: 1, orderBy: "RISK_DESC", filter: { hasPlan: true } });
    expect(after.totalCount).toBe(1);
    expect(after.items[0]!.node.id).toBe(fx.rankedIds[0]);
    await h.db.delete(retentionPlans).where(and(eq(retentionPlans.batchId, batch!.id)));
  });

  it("a finished plan flips that customer's flag in the cached list without reloading it", async () => {
    const cache = new ReadCache(h.db, 60_000, 60_000);
    const scope = { datasetId: fx.datasetId, asOfWeek: fx.asOfWeek, runId: fx.modelRunId, size: 300 };
    const customer = fx.rankedIds[5]!;
    const withPlan = async () => (await cache.customers(scope, { first: 300, orderBy: "ID_ASC", filter: { hasPlan: true } })).items.map((i) => i.node.id);
    const before = await withPlan();
    expect(before).not.toContain(customer);
    const selects = vi.spyOn(h.db, "select");
    const selectDistincts = vi.spyOn(h.db, "selectDistinct");
    cache.planChanged(customer, false);
    expect(await withPlan()).toEqual(before);
    cache.planChanged(customer, true);
    await Promise.resolve();
    const after = await withPlan();
    expect(after).toEqual([...before, customer].sort());
    // The list was not read again: only the flag changed.
    expect(selects.mock.calls.length + selectDistincts.mock.calls.length).toBe(0);
    selects.mockRestore();
    selectDistincts.mockRestore();
  });

  it("after its time to live, answers from the old rows once while it refreshes, then from the new", async () => {
    const cache = new ReadCache(h.db, 60_000, 60_000);
    const scope = { datasetId: fx.datasetId, asOfWeek: fx.asOfWeek, runId: fx.modelRunId, size: 300 };
    const q = () => cache.customers(scope, { first: 1, orderBy: "RISK_DESC", filter: { hasPlan: true } });
    expect((await q()).totalCount).toBe(0);
    const [batch] = await h.db
      .insert(planBatches)
      .values({ datasetId: fx.datasetId, modelRunId: fx.modelRunId, status: "done", total: 1, planner: "template", promptVersion: "t", params: {} })
      .returning();
    await h.db.insert(retentionPlans).values({ batchId: batch!.id, datasetId: fx.datasetId, customerId: fx.rankedIds[1]!, position: 0, status: "done", probability: 0.9, riskLevel: "high" });
    // The cache's clock moves past both times to live, instead of the test sleeping through them.
    const realNow = Date.now.bind(Date);
    const clock = vi.spyOn(Date, "now").mockImplementation(() => realNow() + 61_000);
    try {
      expect((await q()).totalCount).toBe(0); // stale, served without waiting
      await expect.poll(async () => (await q()).totalCount, { timeout: 5000 }).toBe(1);
    } finally {
      clock.mockRestore();
    }
    await h.db.delete(retentionPlans).where(eq(retentionPlans.batchId, batch!.id));
  });
});
