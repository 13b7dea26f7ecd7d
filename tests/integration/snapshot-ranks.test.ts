/**
 * A one-snapshot dataset scores its churned customers too (they are the snapshot's positives).
 * Ranks put every active customer first, so the risk- and loss-ordered lists a retention team
 * reads (active customers) start at rank 1 and never walk past the departed to fill a page.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers, predictions } from "../../db/schema";
import { writeDataset } from "../../lib/data/dataset-store";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { createEvents } from "../../lib/events";
import { rankDescending } from "../../lib/ml/scoring";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { listCustomers } from "../../lib/services/customer-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

it("rankDescending puts flagged rows after every other, each part by value then input order", () => {
  const values = Float64Array.from([0.9, 0.2, 0.95, 0.2, 0.5]);
  expect([...rankDescending(values)]).toEqual([2, 4, 1, 5, 3]);
  const last = Uint8Array.from([1, 0, 1, 0, 0]);
  expect([...rankDescending(values, last)]).toEqual([5, 2, 4, 3, 1]);
});

describeEachDb("ranks on a one-snapshot dataset (%s)", (kind) => {
  let t: TestDb;
  let datasetId = 0;
  let runId = 0;
  let asOfWeek = 0;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const ds = await writeDataset(t.db, generateDataset(parseGenerateOptions({ customers: 600, weeks: 12, seed: 5 })));
    datasetId = ds.id;
    asOfWeek = ds.asOfWeek;
    const deps = { db: t.db, events: createEvents(), ownerId: "snapshot-ranks-test", jobs: new Map() };
    const run = await waitForRun(deps, (await startTraining(deps, { rounds: 30 })).id);
    expect(run.status).toBe("succeeded");
    runId = run.id;
  }, 240_000);
  afterAll(async () => t?.destroy());

  it("every active customer ranks before every churned one, by probability and by expected loss", async () => {
    const rows = await t.db
      .select({ id: predictions.customerId, p: predictions.probability, loss: predictions.expectedAssetLoss, rr: predictions.riskRank, lr: predictions.lossRank, churned: customers.churned })
      .from(predictions)
      .innerJoin(customers, and(eq(customers.datasetId, predictions.datasetId), eq(customers.id, predictions.customerId)))
      .where(eq(predictions.modelRunId, runId));
    const active = rows.filter((r) => !r.churned);
    const left = rows.filter((r) => r.churned);
    expect(active.length).toBeGreaterThan(100);
    expect(left.length).toBeGreaterThan(20);
    // Churned customers score higher on average, so plain probability ranks would interleave them.
    expect(Math.max(...left.map((r) => r.p))).toBeGreaterThan(Math.min(...active.map((r) => r.p)));
    expect(new Set(active.map((r) => r.rr))).toEqual(new Set(active.map((_, i) => i + 1)));
    expect(new Set(active.map((r) => r.lr))).toEqual(new Set(active.map((_, i) => i + 1)));
    const byRank = [...active].sort((a, b) => a.rr - b.rr);
    for (let i = 1; i < byRank.length; i++) expect(byRank[i - 1]!.p).toBeGreaterThanOrEqual(byRank[i]!.p);
    const byLoss = [...left].sort((a, b) => a.lr - b.lr);
    expect(byLoss[0]!.lr).toBe(active.length + 1);
    for (let i = 1; i < byLoss.length; i++) expect(byLoss[i - 1]!.loss).toBeGreaterThanOrEqual(byLoss[i]!.loss);
  });

  it("the risk-ordered page of active customers starts at rank 1; status all lists the churned after them", async () => {
    const scope = { datasetId, asOfWeek, runId };
    const page = await listCustomers(t.db, scope, { first: 20, orderBy: "RISK_DESC" });
    expect(page.items.map((i) => i.node.riskRank)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(page.items.every((i) => !i.node.churned)).toBe(true);
    const all = await listCustomers(t.db, scope, { first: 1_000, orderBy: "RISK_DESC", filter: { status: "all" } });
    const firstChurned = all.items.findIndex((i) => i.node.churned);
    expect(firstChurned).toBe(all.items.filter((i) => !i.node.churned).length);
  });
});
