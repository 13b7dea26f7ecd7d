import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as schema from "../../db/schema";
import type { Db } from "../../db/client";
import { loadFeatureMatrix, writeDataset } from "../../lib/data/dataset-store";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { createEvents } from "../../lib/events";
import { openCustomersCsv, openPlansWorkbook } from "../../lib/plans/excel";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { getCustomerDetail, listCustomers, type CustomerOrder, type CustomerScope } from "../../lib/services/customer-queries";
import { createTestDb, type TestDb } from "../support/db";
import { describeOnPostgres } from "../support/db-suites";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

const BIG = new Set(["customers", "predictions", "feature_vectors", "weekly_behaviour"]);

/** Every node of a plan, depth first. */
function nodes(n: PlanNode): PlanNode[] {
  return [n, ...(n.Plans ?? []).flatMap(nodes)];
}

/** Nested loops whose inner side reads a whole large table (the quadratic plan after bulk loads). */
function quadraticLoops(root: PlanNode): string[] {
  return nodes(root)
    .filter((n) => n["Node Type"] === "Nested Loop")
    .flatMap((n) => nodes(n.Plans![1]!).filter((c) => c["Node Type"] === "Seq Scan" && BIG.has(c["Relation Name"] ?? "")))
    .map((c) => c["Relation Name"]!);
}

/**
 * Large tables filtered by a subquery run once per row: the dataset's current as-of week looked up
 * from each row, which keeps the week out of the index condition, so a keyset page scans and sorts
 * every later row of the dataset instead of reading one range.
 */
function perRowSubplans(root: PlanNode): string[] {
  return nodes(root)
    .filter((n) => BIG.has(n["Relation Name"] ?? "") && /SubPlan/.test(n.Filter ?? ""))
    .map((n) => n["Relation Name"]!);
}

describeOnPostgres("query plans after a second bulk load and ANALYZE (PostgreSQL)", () => {
  let t: TestDb;
  let client: postgres.Sql;
  let db: Db;
  let scope: CustomerScope;
  let captured: { query: string; params: unknown[] }[] = [];

  beforeAll(async () => {
    t = await createTestDb("postgres");
    await writeDataset(t.db, generateDataset(parseGenerateOptions({ customers: 3_000, weeks: 12, seed: 1 })));
    const second = await writeDataset(t.db, generateDataset(parseGenerateOptions({ customers: 4_000, weeks: 12, seed: 2 })));
    await t.db.execute(sql.raw("analyze"));
    const deps = { db: t.db, events: createEvents(), ownerId: "query-plans-test", jobs: new Map() };
    const run = await waitForRun(deps, (await startTraining(deps, {})).id);
    expect(run.status).toBe("succeeded");
    await t.db.execute(sql.raw("analyze"));
    scope = { datasetId: second.id, asOfWeek: second.asOfWeek, runId: run.id };
    client = postgres(t.url!, { max: 1, onnotice: () => {}, debug: (_c, query, params) => captured.push({ query, params: params as unknown[] }) });
    db = drizzle({ client, schema }) as unknown as Db;
  }, 400_000);
  afterAll(async () => {
    await client?.end();
    await t?.destroy();
  });

  async function plansOf(run: () => Promise<unknown>): Promise<{ query: string; plan: PlanNode }[]> {
    captured = [];
    await run();
    const out: { query: string; plan: PlanNode }[] = [];
    for (const c of captured.filter((q) => /^\s*(select|with)/i.test(q.query))) {
      const [row] = await client.unsafe(`explain (format json) ${c.query}`, c.params as never[]);
      out.push({ query: c.query, plan: (row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan });
    }
    return out;
  }

  it("customer pages in every order and at offset 10,000 (past the end here) use no nested loop over a whole table", async () => {
    const orders: CustomerOrder[] = ["RISK_DESC", "EXPECTED_LOSS_DESC", "ASSETS_DESC", "ID_ASC"];
    for (const orderBy of orders) {
      for (const after of [null, Buffer.from("o:99").toString("base64url"), Buffer.from("o:9999").toString("base64url")]) {
        const plans = await plansOf(() => listCustomers(db, scope, { first: 20, after, orderBy }));
        expect(plans.length).toBeGreaterThanOrEqual(2);
        for (const p of plans) expect({ orderBy, query: p.query.slice(0, 80), loops: quadraticLoops(p.plan) }).toMatchObject({ loops: [] });
      }
    }
  });

  it("the check sees a quadratic plan when the planner is pushed into one", async () => {
    const forced = await client.begin(async (tx) => {
      for (const k of ["enable_hashjoin", "enable_mergejoin", "enable_indexscan", "enable_bitmapscan", "enable_material"]) await tx.unsafe(`set local ${k} = off`);
      const [row] = await tx.unsafe(
        `explain (format json) select c.id from predictions p join customers c on c.dataset_id = p.dataset_id and c.id = p.customer_id where p.model_run_id = ${scope.runId}`,
      );
      return (row!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
    });
    expect(quadraticLoops(forced).length).toBeGreaterThan(0);
  });

  it("a customer's detail and the training matrix load use no nested loop over a whole table", async () => {
    const page = await listCustomers(db, scope, { first: 1, orderBy: "RISK_DESC" });
    const detail = await plansOf(() => getCustomerDetail(db, scope, page.items[0]!.node.id));
    expect(detail.length).toBeGreaterThanOrEqual(4);
    for (const p of detail) expect(quadraticLoops(p.plan)).toEqual([]);
    const training = await plansOf(() => loadFeatureMatrix(db, scope.datasetId, "labelled"));
    expect(training.length).toBeGreaterThanOrEqual(1);
    for (const p of training) expect(quadraticLoops(p.plan)).toEqual([]);
  });

  it("CSV and Excel export pages read one index range each: the as-of week is resolved once, not per row", async () => {
    const drain = async (chunks: AsyncIterable<Uint8Array>) => {
      for await (const _ of chunks);
    };
    const csv = await plansOf(async () => drain(await openCustomersCsv(db, { pageSize: 500 })));
    const xlsx = await plansOf(async () => drain(await openPlansWorkbook(db, { pageRows: 100 })));
    const pages = [...csv, ...xlsx].filter((p) => /"feature_vectors"|"predictions"/.test(p.query));
    // Several keyset pages of each export (4,000 rows / 500; the high-risk rows / 100).
    expect(csv.filter((p) => /"feature_vectors"\."customer_id" >/.test(p.query)).length).toBeGreaterThanOrEqual(5);
    expect(xlsx.filter((p) => /"risk_level" = /.test(p.query)).length).toBeGreaterThanOrEqual(2);
    for (const p of pages) expect({ query: p.query.slice(0, 120), perRow: perRowSubplans(p.plan), loops: quadraticLoops(p.plan) }).toMatchObject({ perRow: [], loops: [] });
  });
});
