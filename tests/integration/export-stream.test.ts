import ExcelJS from "exceljs";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { featureVectors, predictions } from "../../db/schema";
import { numberArray } from "../../lib/data/pg-array";
import { atCurrentAsOf } from "../../db/as-of";
import { FEATURE_KEYS } from "../../lib/data/catalog";
import { generateAndStoreDataset } from "../../lib/data/dataset-service";
import { createEvents } from "../../lib/events";
import { startTraining, waitForRun } from "../../lib/ml/training-service";
import { toResponse } from "../../app/api/_lib/rest";
import { buildCustomersCsv, collectBytes, CUSTOMERS_CSV_HEADER, openCustomersCsv, openPlansWorkbook } from "../../lib/plans/excel";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

describeEachDb("streamed exports (%s)", (kind) => {
  let t: TestDb;
  let runId: number;
  let scored: number;

  beforeAll(async () => {
    t = await createTestDb(kind);
    await generateAndStoreDataset(t.db, { customers: 1_200, historyWeeks: 52, lookbackWeeks: 12, seed: 5, churnRate: 0.3 });
    const deps = { db: t.db, events: createEvents(), ownerId: "export-stream-test", jobs: new Map() };
    const run = await startTraining(deps, {});
    const done = await waitForRun(deps, run.id);
    expect(done.status).toBe("succeeded");
    runId = run.id;
    const [n] = await t.db.select({ n: count() }).from(predictions).where(and(eq(predictions.modelRunId, runId), atCurrentAsOf(predictions)));
    scored = Number(n!.n);
  }, 400_000);
  afterAll(async () => {
    await t?.destroy();
  });

  it("CSV cells equal the stored numbers; a missing value and an unscored row are blank cells, never fewer columns", async () => {
    const [first, second] = await t.db
      .select({ id: featureVectors.customerId, week: featureVectors.asOfWeek, values: featureVectors.values })
      .from(featureVectors)
      .where(atCurrentAsOf(featureVectors))
      .orderBy(featureVectors.customerId)
      .limit(2);
    const [pred] = await t.db.select().from(predictions).where(and(eq(predictions.modelRunId, runId), eq(predictions.customerId, first!.id)));
    const [unscored] = await t.db.select().from(predictions).where(and(eq(predictions.modelRunId, runId), eq(predictions.customerId, second!.id)));
    const cellsOf = async () => {
      const lines = (await buildCustomersCsv(t.db)).split("\r\n");
      return (id: string) => lines.find((l) => l.startsWith(`${id},`))!.split(",");
    };
    const before = (await cellsOf())(first!.id);
    expect(before.slice(1, 30).map(Number)).toEqual(first!.values);
    expect(before.slice(33).map(Number)).toEqual(pred!.shap);
    try {
      // A feature without data is stored as NULL; a customer the model did not score has no SHAP.
      await t.db.execute(sql`update feature_vectors set values[3] = null where customer_id = ${first!.id} and as_of_week = ${first!.week}`);
      await t.db.delete(predictions).where(and(eq(predictions.modelRunId, runId), eq(predictions.customerId, second!.id)));
      const row = await cellsOf();
      const a = row(first!.id);
      const b = row(second!.id);
      expect(a).toHaveLength(1 + 2 * FEATURE_KEYS.length + 3);
      expect(a[3]).toBe("");
      expect(a.slice(1, 30).filter((_, i) => i !== 2).map(Number)).toEqual(first!.values.filter((_, i) => i !== 2));
      expect(b).toHaveLength(1 + 2 * FEATURE_KEYS.length + 3);
      expect(b.slice(30, 32)).toEqual(["", ""]);
      expect(b.slice(33).every((c) => c === "")).toBe(true);
    } finally {
      await t.db.execute(sql`update feature_vectors set values = ${numberArray(first!.values)}::float8[] where customer_id = ${first!.id} and as_of_week = ${first!.week}`);
      await t.db.insert(predictions).values(unscored!).onConflictDoNothing();
    }
  });

  it("the CSV streams one page per chunk and has every customer row once, with all columns", async () => {
    const chunks: Uint8Array[] = [];
    for await (const c of await openCustomersCsv(t.db, { pageSize: 100 })) chunks.push(c);
    const text = Buffer.concat(chunks).toString("utf8");
    const lines = text.split("\r\n").filter((l) => l.length > 0);
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    expect(lines[0]).toBe(CUSTOMERS_CSV_HEADER.join(","));
    expect(lines.slice(1).every((l) => l.split(",").length === 1 + 2 * FEATURE_KEYS.length + 3)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // More rows than one page, so the keyset pages were stitched together: header + one chunk per page.
    expect(ids.length).toBeGreaterThan(500);
    expect(chunks.length).toBe(1 + Math.ceil(ids.length / 100));
    // No chunk holds more than a page: the export's memory does not grow with the dataset.
    expect(Math.max(...chunks.slice(1).map((c) => c.byteLength))).toBeLessThan(text.length / 5);
    const big = await collectBytes(await openCustomersCsv(t.db, { pageSize: 50_000 }));
    expect(big.toString("utf8")).toBe(text);
  });

  it("the workbook streamed in small pages equals the one read in a single page, high-risk rows counted", async () => {
    const [high] = await t.db
      .select({ n: count() })
      .from(predictions)
      .where(and(eq(predictions.modelRunId, runId), atCurrentAsOf(predictions), eq(predictions.riskLevel, "high")));
    const nHigh = Number(high!.n);
    expect(nHigh).toBeGreaterThan(20);
    const read = async (pageRows: number) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await collectBytes(await openPlansWorkbook(t.db, { pageRows }))).buffer as ArrayBuffer);
      const sheet = wb.getWorksheet("高风险客户")!;
      const rows: unknown[][] = [];
      sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
      return { names: wb.worksheets.map((w) => w.name), rows };
    };
    const paged = await read(7);
    const single = await read(50_000);
    expect(paged.names).toEqual(["挽留计划", "高风险客户", "模型指标", "合规复核"]);
    expect(paged.rows).toHaveLength(nHigh + 1);
    expect(paged.rows[0]).toHaveLength(8);
    expect(paged.rows).toEqual(single.rows);
    // Ranked, ascending, each customer once.
    const ranks = paged.rows.slice(1).map((r) => Number(r[0]));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(paged.rows.slice(1).map((r) => r[1])).size).toBe(nHigh);
    expect(scored).toBeGreaterThan(nHigh);
  });

  it("REST answers a streamed export with the same bytes and the download headers", async () => {
    const r = toResponse({ status: 200, stream: await openCustomersCsv(t.db, { pageSize: 100 }), contentType: "text/csv; charset=utf-8", filename: "customers.csv" });
    expect(r.headers.get("content-disposition")).toContain('filename="customers.csv"');
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await r.text()).toBe(await buildCustomersCsv(t.db));
  });

  it("a reader that stops early ends the export without an error", async () => {
    const it = (await openCustomersCsv(t.db, { pageSize: 50 }))[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    expect((await it.next()).done).toBe(false);
    await expect(it.return!(undefined)).resolves.toMatchObject({ done: true });
    const wbIt = (await openPlansWorkbook(t.db, { pageRows: 5 }))[Symbol.asyncIterator]();
    expect((await wbIt.next()).done).toBe(false);
    await expect(wbIt.return!(undefined)).resolves.toMatchObject({ done: true });
  });
});
