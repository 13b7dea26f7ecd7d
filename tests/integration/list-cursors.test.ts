/**
 * Cursors of the SQL customer list carry the row's key in the page's order, so the next page
 * seeks to it instead of walking every row before it. Paging by those cursors must list exactly
 * what paging by offsets lists: every order, through the customers without the order's row
 * (unscored, listed by id after the ordered ones), with ties in assets.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { featureVectors, predictions } from "../../db/schema";
import { writeDataset } from "../../lib/data/dataset-store";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { featureIndex } from "../../lib/data/catalog";
import { createEvents } from "../../lib/events";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { CursorError, decodeCursorWithKey, encodeCursor, listCustomers, type CustomerFilter, type CustomerOrder, type CustomerScope } from "../../lib/services/customer-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

const offsetCursor = (i: number) => Buffer.from(`o:${i}`).toString("base64url");

it("cursors keep their offset, carry a key, and refuse what this server did not make", () => {
  expect(decodeCursorWithKey(encodeCursor(41, ["R", 42]))).toEqual({ offset: 42, key: ["R", 42] });
  expect(decodeCursorWithKey(offsetCursor(9))).toEqual({ offset: 10, key: null });
  const bad = [
    Buffer.from("o:1:{not json").toString("base64url"),
    Buffer.from('o:1:["R"]').toString("base64url"),
    Buffer.from('o:1:["R",{"x":1}]').toString("base64url"),
    Buffer.from(`o:1:["I","${"x".repeat(300)}"]`).toString("base64url"),
    "x".repeat(700),
  ];
  for (const c of bad) expect(() => decodeCursorWithKey(c)).toThrow(CursorError);
  try {
    decodeCursorWithKey(bad[0]);
  } catch (e) {
    expect((e as CursorError).field).toBe("after");
  }
});

describeEachDb("customer list cursors (%s)", (kind) => {
  let t: TestDb;
  let scope: CustomerScope;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const ds = await writeDataset(t.db, generateDataset(parseGenerateOptions({ customers: 400, weeks: 12, seed: 9 })));
    const deps = { db: t.db, events: createEvents(), ownerId: "list-cursors-test", jobs: new Map() };
    const run = await waitForRun(deps, (await startTraining(deps, { rounds: 20 })).id);
    expect(run.status).toBe("succeeded");
    scope = { datasetId: ds.id, asOfWeek: ds.asOfWeek, runId: run.id };
    // Unscored customers (a tail after the ordered rows) and ties in assets across page borders.
    const ids = (await t.db.select({ id: predictions.customerId }).from(predictions).orderBy(predictions.customerId)).map((r) => r.id);
    await t.db.delete(predictions).where(and(eq(predictions.modelRunId, run.id), inArray(predictions.customerId, ids.filter((_, i) => i % 9 === 0))));
    const k = featureIndex("assets_latest") + 1;
    await t.db.execute(sql`update feature_vectors set values[${sql.raw(String(k))}] = 123456 where dataset_id = ${ds.id} and customer_id in (${sql.join(ids.filter((_, i) => i % 7 === 3).map((id) => sql`${id}`), sql`, `)})`);
    await t.db.delete(featureVectors).where(and(eq(featureVectors.datasetId, ds.id), inArray(featureVectors.customerId, ids.filter((_, i) => i % 23 === 5))));
  }, 240_000);
  afterAll(async () => t?.destroy());

  async function walk(orderBy: CustomerOrder, filter: CustomerFilter, byKey: boolean): Promise<string[]> {
    const out: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 200; n++) {
      const page = await listCustomers(t.db, scope, { first: 13, after, orderBy, filter });
      out.push(...page.items.map((i) => i.node.id));
      if (!page.hasNextPage) return out;
      // By key: the cursor's offset is replaced with 0, so a page that used it instead of the key would repeat the first rows.
      const key = decodeCursorWithKey(page.endCursor).key;
      after = byKey ? (key ? encodeCursor(0, key) : page.endCursor) : offsetCursor(out.length - 1);
    }
    throw new Error("list did not end");
  }

  for (const orderBy of ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"] as const) {
    for (const status of ["active", "all"] as const) {
      it(`${orderBy}, status ${status}: paging by keys lists what paging by offsets lists`, async () => {
        const byOffset = await walk(orderBy, { status }, false);
        const byKey = await walk(orderBy, { status }, true);
        expect(byOffset.length).toBeGreaterThan(100);
        expect(new Set(byOffset).size).toBe(byOffset.length);
        expect(byKey).toEqual(byOffset);
      });
    }
  }

  it("a key cursor seeks (its offset is not used), and a cursor of another order falls back to its offset", async () => {
    const first = await listCustomers(t.db, scope, { first: 10, orderBy: "RISK_DESC" });
    const next = await listCustomers(t.db, scope, { first: 5, after: first.endCursor, orderBy: "RISK_DESC" });
    // The same key with a wrong offset still lands after the row it names.
    const { key } = decodeCursorWithKey(first.endCursor);
    const lying = await listCustomers(t.db, scope, { first: 5, after: encodeCursor(200, key!), orderBy: "RISK_DESC" });
    expect(lying.items.map((i) => i.node.id)).toEqual(next.items.map((i) => i.node.id));
    const byId = await listCustomers(t.db, scope, { first: 5, after: first.endCursor, orderBy: "ID_ASC" });
    const byIdOffset = await listCustomers(t.db, scope, { first: 5, after: offsetCursor(9), orderBy: "ID_ASC" });
    expect(byId.items.map((i) => i.node.id)).toEqual(byIdOffset.items.map((i) => i.node.id));
  });
});
