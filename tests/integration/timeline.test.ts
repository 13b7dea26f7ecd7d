/**
 * Time (issue 11), end to end through the actions on both databases: a generated timeline is
 * trained out of time, scored as of its latest date on active customers only, and no churned
 * customer ever reaches a retention list, a plan batch, the Excel export or the report's list.
 * Advancing the world 12 weeks gives the earlier scoring its realised outcomes, whose quality
 * must agree with what the model promised within sampling error.
 */
import ExcelJS from "exceljs";
import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { customers, retentionPlans, scoringRuns } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { parseEnv } from "../../lib/config/env";
import type { Metrics } from "../../lib/ml/metrics";
import { waitForRun } from "../../lib/ml/training-service";
import { computeReportData } from "../../lib/plans/report-data";
import { collectBytes } from "../../lib/plans/excel";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { waitForBatch } from "../../lib/services/batch-wait";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";

/** Standard error of an AUC (Hanley & McNeil 1982). */
function aucStandardError(auc: number, positives: number, negatives: number): number {
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  return Math.sqrt((auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives));
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`time: train on the past, score the present, learn from outcomes (${kind})`, () => {
    let db: TestDb;
    let s: AppServices;
    let churnedIds: Set<string>;
    let testAuc = 0;
    let batchId = 0;

    beforeAll(async () => {
      db = await createTestDb(kind);
      const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
      s = await createAppServices(env, { dbHandle: db });
      await perform(s, CLI_ACTOR, actions.generateDataset, { nCustomers: 2000, historyWeeks: 80, seed: 11 });
      const run = await perform(s, CLI_ACTOR, actions.trainModel, {});
      const done = await waitForRun(s.training, run.id);
      expect(done.status).toBe("succeeded");
      testAuc = (done.metrics as Metrics).auc;
      const predicted = await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 200 });
      batchId = predicted.batch!.id;
      await waitForBatch(s, batchId, 200);
      const churned = await db.db.select({ id: customers.id }).from(customers).where(and(isNotNull(customers.churnWeek)));
      churnedIds = new Set(churned.map((c) => c.id));
      expect(churnedIds.size).toBeGreaterThan(100);
    }, 600_000);

    afterAll(async () => {
      await s?.close();
      await db?.destroy();
    });

    it("no churned customer is on the retention list, in the plan batch, in the Excel export or in the report's list", async () => {
      const list = await s.cache.customers(
        { datasetId: (await s.cache.scope()).dataset!.id, asOfWeek: (await s.cache.scope()).dataset!.asOfWeek, runId: (await s.cache.scope()).run!.id, size: 10_000 },
        { first: 200, orderBy: "RISK_DESC" },
      );
      expect(list.items.length).toBe(200);
      expect(list.items.filter((i) => churnedIds.has(i.node.id))).toEqual([]);

      const plans = await db.db.select({ id: retentionPlans.customerId, status: retentionPlans.status }).from(retentionPlans).where(eq(retentionPlans.batchId, batchId));
      expect(plans).toHaveLength(200);
      expect(plans.filter((p) => churnedIds.has(p.id))).toEqual([]);
      expect(plans.every((p) => p.status === "done")).toBe(true);

      const xlsx = await perform(s, CLI_ACTOR, actions.exportPlans, { batchId });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await collectBytes(xlsx.chunks)).buffer as ArrayBuffer);
      const idsInWorkbook: string[] = [];
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (typeof cell.value === "string" && /^C\d{7}$/.test(cell.value)) idsInWorkbook.push(cell.value);
          }),
        ),
      );
      expect(idsInWorkbook.length).toBeGreaterThanOrEqual(200);
      expect(idsInWorkbook.filter((id) => churnedIds.has(id))).toEqual([]);

      const report = await computeReportData(db.db);
      const reportIds = report.expectedLoss?.top.map((r) => r.customerId) ?? [];
      expect(reportIds.length).toBeGreaterThan(0);
      expect(reportIds.filter((id) => churnedIds.has(id))).toEqual([]);

      // The churned are still there, as churned, with their event.
      const churnedPage = await s.cache.customers(
        { datasetId: (await s.cache.scope()).dataset!.id, asOfWeek: (await s.cache.scope()).dataset!.asOfWeek, runId: (await s.cache.scope()).run!.id, size: 10_000 },
        { first: 50, orderBy: "ID_ASC", filter: { status: "churned" } },
      );
      expect(churnedPage.totalCount).toBe(churnedIds.size);
      expect(churnedPage.items.every((i) => i.node.churnWeek !== null && i.node.churnType !== null && i.node.probability === null)).toBe(true);
      // Their assets are the last known before the event, not 0 (most churners held assets until they left).
      expect(churnedPage.items.filter((i) => i.node.assetsLatest > 0).length).toBeGreaterThan(churnedPage.items.length / 2);
    });

    it("advancing 12 weeks gives the earlier scoring its outcomes, within sampling error of the model's promise", async () => {
      const before = (await s.cache.scope()).dataset!;
      const { dataset, outcomes } = await perform(s, CLI_ACTOR, actions.advanceDataset, { weeks: 12 });
      expect(dataset.asOfWeek).toBe(before.asOfWeek + 12);
      expect(outcomes.map((o) => o.asOfWeek)).toEqual([before.asOfWeek]);
      const q = outcomes[0]!.realised!;
      const se = aucStandardError(testAuc, q.churned, q.customers - q.churned);
      console.info(
        `${kind}: predicted at week ${before.asOfWeek}: test AUC ${testAuc.toFixed(4)}, mean probability ${outcomes[0]!.predicted.meanProbability.toFixed(4)}; ` +
          `realised: AUC ${q.auc!.toFixed(4)} (±${(2 * se).toFixed(4)}), churn rate ${q.churnRate.toFixed(4)}, precision@${q.k} ${q.precisionAtK!.toFixed(3)}, recall@${q.k} ${q.recallAtK!.toFixed(3)}, oracle ${q.oracleAuc?.toFixed(4)}`,
      );
      expect(Math.abs(q.auc! - testAuc)).toBeLessThan(3 * se + 0.01);
      // Calibrated: realised churn rate near the mean predicted probability (binomial error of a rate).
      const p = outcomes[0]!.predicted.meanProbability;
      expect(Math.abs(q.churnRate - p)).toBeLessThan(3 * Math.sqrt((p * (1 - p)) / q.customers) + 0.02);
      expect(q.calibration.reduce((n, b) => n + b.count, 0)).toBe(q.customers);

      // The active model scored the new date; that scoring waits for its own outcomes.
      const runs = await db.db.select().from(scoringRuns).orderBy(scoringRuns.asOfWeek);
      expect(runs.map((r) => [r.asOfWeek, r.realised === null])).toEqual([
        [before.asOfWeek, false],
        [dataset.asOfWeek, true],
      ]);
      // Outcomes are recorded once: advancing by one more week does not recount them.
      const again = await perform(s, CLI_ACTOR, actions.advanceDataset, { weeks: 1 });
      expect(again.outcomes).toEqual([]);
    }, 600_000);
  });
}
