/**
 * Appending weeks of a brokerage's own data (#13, #11 "an import can append new weeks", #14
 * scoring when new weeks arrive), on PGlite and PostgreSQL. Broker-style files of a 64-week
 * timeline are cut at week 52: the first 52 weeks are imported, a model trained and a scoring
 * run made at week 52, then the last 12 weeks (with the customers who joined meanwhile and the
 * churn events after the cut) are appended. The as-of date moves 12 weeks, the week-52 scoring
 * run gets its realised outcomes, one scoring job is queued, and the appended dataset's weekly
 * rows and scoring-snapshot features equal those of one import of all 64 weeks (blanks NULL and
 * NaN alike). Bad appends — a gap in the weeks, a week overlapping stored data, an unknown
 * customer — are refused naming the column and rule, and leave the dataset unchanged.
 *
 * Decision: new customers may join in an append when the customers file gives them; an id
 * already in the dataset keeps its stored row.
 */
import { asc, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createRestAdapter } from "../../app/api/_lib/rest-adapter";
import { rejectedImport } from "../../app/api/datasets/import/upload";
import { datasets, scoringJobs, scoringRuns, weeklyBehaviour } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { parseEnv } from "../../lib/config/env";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import { loadFeatureMatrix } from "../../lib/data/dataset-store";
import { TimelineImportError } from "../../lib/data/import/issues";
import { dayNumber } from "../../lib/data/timeline/as-of";
import { waitForRun } from "../../lib/ml/training-service";
import { dataArrivalKey } from "../../lib/monitor/scoring-jobs";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { waitForBatch } from "../../lib/services/batch-wait";
import { brokerFiles, gbk, type BrokerFile, type BrokerFiles } from "../fixtures/broker/broker-files";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";

const HISTORY = 64;
const CUT = 52;

/** Lines of a broker file (GBK for the customer master) and a week index from a 2026/9/7 date. */
function lines(f: BrokerFile, encoding: "utf-8" | "gb18030"): string[] {
  return new TextDecoder(encoding).decode(f.bytes).replace(/^\uFEFF/, "").split(/\r?\n/);
}

function weekOf(files: BrokerFiles, slash: string): number {
  const [y, m, d] = slash.split("/").map(Number);
  const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return Math.floor((dayNumber(iso) - dayNumber(files.timeline.startDate)) / 7);
}

/** The rows of a file whose date (column `col`) passes `keep`, with the header. */
function cut(f: BrokerFile, files: BrokerFiles, col: number, keep: (week: number) => boolean, encoding: "utf-8" | "gb18030" = "utf-8"): BrokerFile {
  const [header, ...rows] = lines(f, encoding);
  const kept = rows.filter((l) => l !== "" && keep(weekOf(files, l.split(",")[col]!)));
  const text = [header, ...kept].join("\n");
  return { name: f.name, bytes: encoding === "gb18030" ? gbk(text) : new TextEncoder().encode(text) };
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`appending weeks to an imported dataset (${kind})`, () => {
    let db: TestDb;
    let s: AppServices;
    let files: BrokerFiles;
    let datasetId = 0;

    const snapshot = async () => {
      const [d] = await db.db.select().from(datasets).where(eq(datasets.id, datasetId));
      const [w] = await db.db.select({ n: count() }).from(weeklyBehaviour).where(eq(weeklyBehaviour.datasetId, datasetId));
      return { nWeeks: d!.nWeeks, asOfWeek: d!.asOfWeek, nCustomers: d!.nCustomers, weekly: w!.n };
    };

    beforeAll(async () => {
      db = await createTestDb(kind);
      const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
      s = await createAppServices(env, { dbHandle: db });
      files = brokerFiles({ customers: 400, historyWeeks: HISTORY, seed: 29 });
      const first = await perform(s, CLI_ACTOR, actions.importDataset, {
        customers: cut(files.customers, files, 2, (w) => w < CUT, "gb18030"),
        activity: cut(files.activity, files, 1, (w) => w < CUT),
        events: cut(files.events, files, 1, (w) => w < CUT),
      });
      datasetId = first.dataset.id;
      expect(first.dataset.nWeeks).toBe(CUT);
      const run = await perform(s, CLI_ACTOR, actions.trainModel, {});
      expect((await waitForRun(s.training, run.id)).status).toBe("succeeded");
      const predicted = await perform(s, CLI_ACTOR, actions.predictRisk, { topK: 20 });
      await waitForBatch(s, predicted.batch!.id, 20);
    }, 600_000);

    afterAll(async () => {
      await s?.close();
      await db?.destroy();
    });

    const refused = async (input: Parameters<typeof actions.appendDatasetWeeks.run>[1]): Promise<TimelineImportError> => {
      const before = await snapshot();
      const e = await perform(s, CLI_ACTOR, actions.appendDatasetWeeks, input).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TimelineImportError);
      expect(await snapshot()).toEqual(before);
      return e as TimelineImportError;
    };

    it("refuses a gap in the weeks, a week overlapping stored data and an unknown customer, naming the column; nothing changes", async () => {
      const gap = await refused({ datasetId, activity: cut(files.activity, files, 1, (w) => w > CUT && w < HISTORY), customers: files.customers });
      expect(gap.issues[0]).toMatchObject({ rule: "append_gap", column: "交易日期" });
      expect(gap.issues[0]!.message).toContain("连续");

      const overlap = await refused({ datasetId, activity: cut(files.activity, files, 1, (w) => w >= CUT - 1), customers: files.customers });
      expect(overlap.byRule.append_overlap).toBeGreaterThan(0);
      expect(overlap.issues.find((i) => i.rule === "append_overlap")).toMatchObject({ column: "交易日期" });

      // Customers who joined after the cut have activity but no customers file: unknown.
      const unknown = await refused({ datasetId, activity: cut(files.activity, files, 1, (w) => w >= CUT) });
      expect(unknown.issues[0]).toMatchObject({ rule: "unknown_customer", column: "客户号" });

      await expect(perform(s, CLI_ACTOR, actions.appendDatasetWeeks, { datasetId: 999_999, activity: files.activity })).rejects.toMatchObject({ code: "NOT_FOUND", field: "datasetId" });

      // REST (POST /api/datasets/:id/append): the same refusal as a 400 listing the bad cells; no activity file names the field.
      const rest = createRestAdapter(s);
      const upload = { customers: files.customers, activity: cut(files.activity, files, 1, (w) => w > CUT), events: null, weekly: null, mapping: null, forTraining: false, name: null };
      const before = await snapshot();
      const answer = await rest.appendDatasetWeeks(CLI_ACTOR, String(datasetId), upload).catch(rejectedImport);
      expect(answer.status).toBe(400);
      expect((answer.json as { errors: { rule: string; column: string }[] }).errors[0]).toMatchObject({ rule: "append_gap", column: "交易日期" });
      await expect(rest.appendDatasetWeeks(CLI_ACTOR, String(datasetId), { ...upload, activity: null })).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "activity" });
      expect(await snapshot()).toEqual(before);

      // Files uploaded first (the GraphQL path: uploadId), refused the same way.
      const up = await perform(s, CLI_ACTOR, actions.uploadImportFiles, { customers: files.customers, activity: upload.activity });
      const viaUpload = await refused({ datasetId, uploadId: up.id });
      expect(viaUpload.issues[0]).toMatchObject({ rule: "append_gap", column: "交易日期" });
    }, 300_000);

    it("appends 12 weeks: as-of moves, the earlier scoring run gets outcomes, one scoring job is queued, rows and features equal a full import", async () => {
      const before = await snapshot();
      const r = await perform(s, CLI_ACTOR, actions.appendDatasetWeeks, {
        datasetId,
        activity: cut(files.activity, files, 1, (w) => w >= CUT),
        customers: files.customers,
        events: cut(files.events, files, 1, (w) => w >= CUT),
        // The queued job is run to its end here, so the full import below does not race it.
        waitForScoring: true,
      });
      expect(r.weeksAdded).toBe(12);
      expect(r.dataset.nWeeks).toBe(HISTORY);
      expect(r.dataset.asOfWeek).toBe(before.asOfWeek + 12);
      expect(r.dataset.nCustomers).toBeGreaterThan(before.nCustomers);
      expect(r.warnings.find((w) => w.rule === "customer_in_dataset")?.count).toBe(before.nCustomers);

      // The scoring run made at the cut: t + H = 52 + 12 has passed.
      const runs = await db.db.select().from(scoringRuns).where(eq(scoringRuns.datasetId, datasetId)).orderBy(asc(scoringRuns.asOfWeek));
      expect(runs[0]!.asOfWeek).toBe(before.asOfWeek);
      expect(runs[0]!.realised).not.toBeNull();
      expect(r.outcomes.map((o) => o.id)).toContain(runs[0]!.id);
      const jobs = await db.db.select().from(scoringJobs).where(eq(scoringJobs.dedupeKey, dataArrivalKey(datasetId, r.dataset.asOfWeek)));
      expect(jobs).toHaveLength(1);
      expect(r.scoringJob?.id).toBe(jobs[0]!.id);

      // The same history imported at once gives the same weekly rows and scoring features.
      const full = await perform(s, CLI_ACTOR, actions.importDataset, { customers: files.customers, activity: files.activity, events: files.events });
      expect({ n: full.dataset.nCustomers, weeks: full.dataset.nWeeks, asOf: full.dataset.asOfWeek }).toEqual({ n: r.dataset.nCustomers, weeks: HISTORY, asOf: r.dataset.asOfWeek });
      const weekly = (id: number) =>
        db.db
          .select()
          .from(weeklyBehaviour)
          .where(eq(weeklyBehaviour.datasetId, id))
          .orderBy(sql`${weeklyBehaviour.customerId} collate "C"`, asc(weeklyBehaviour.week))
          .then((rows) => rows.map(({ datasetId: _d, ...w }) => w));
      const [x, y] = [await weekly(datasetId), await weekly(full.dataset.id)];
      expect(x.length).toBe(y.length);
      expect(x.filter((w) => w.logins === null).length).toBeGreaterThan(0);
      for (let i = 0; i < x.length; i++) {
        for (const k of Object.keys(x[i]!) as (keyof (typeof x)[number])[]) {
          const u = x[i]![k];
          const v = y[i]![k];
          if (typeof u === "number" && typeof v === "number") expect(Math.abs(u - v), `${x[i]!.customerId} week ${x[i]!.week} ${k}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(u)));
          else expect(v, `${x[i]!.customerId} week ${x[i]!.week} ${k}`).toEqual(u);
        }
      }
      const fa = await loadFeatureMatrix(db.db, datasetId, r.dataset.asOfWeek);
      const fb = await loadFeatureMatrix(db.db, full.dataset.id, full.dataset.asOfWeek);
      expect(fa.customerIds).toEqual(fb.customerIds);
      let nan = 0;
      for (let j = 0; j < fa.X.length; j++) {
        const u = fa.X[j]!;
        const v = fb.X[j]!;
        if (Number.isNaN(v)) {
          expect(u, `${fa.customerIds[Math.floor(j / FEATURE_COUNT)]} feature ${j % FEATURE_COUNT}`).toBeNaN();
          nan++;
        } else expect(Math.abs(u - v), `${fa.customerIds[Math.floor(j / FEATURE_COUNT)]} feature ${j % FEATURE_COUNT}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
      }
      expect(nan).toBeGreaterThan(0);
    }, 600_000);
  });
}
