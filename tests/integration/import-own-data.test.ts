/**
 * A brokerage's own data through the import action (the one way REST, GraphQL and the CLI
 * take), on PGlite and PostgreSQL: broker-style files (GBK, Chinese headers, blanks, daily dates,
 * 万3, an events file, an unknown column) are previewed, rejected cell by cell with nothing
 * written, or imported with gaps stored as missing; a model trained on a dataset that lacks a
 * feature and has blank cells scores and explains, and its SHAP values equal XGBoost's own
 * pred_contribs on the rows with missing values.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog, datasets, featureVectors, predictions } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { parseEnv } from "../../lib/config/env";
import { FEATURE_COUNT, FEATURE_KEYS } from "../../lib/data/catalog";
import { loadFeatureMatrix } from "../../lib/data/dataset-store";
import { F } from "../../lib/data/features";
import { TimelineImportError } from "../../lib/data/import/issues";
import { getActiveRun, ensembleOfRun } from "../../lib/ml/model-registry";
import { waitForRun } from "../../lib/ml/training-service";
import { createTreeExplainer } from "../../lib/ml/treeshap";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { createRequire } from "node:module";
import { buildSchema } from "../../graphql/schema";
import { buildPlanInput } from "../../lib/plans/plan-input";
import { brokerFiles } from "../fixtures/broker/broker-files";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";

const dir = path.join(__dirname, "../fixtures/broker");
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) });
const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });
const small = () => ({ customers: fixture("customers-gbk.csv"), activity: fixture("activity-daily.csv"), events: fixture("events.csv") });

async function count(db: TestDb["db"], table: "datasets" | "customers" | "weekly_behaviour" | "feature_vectors"): Promise<number> {
  const r = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows?: { n: number }[] } | { n: number }[];
  return Number((Array.isArray(r) ? r : (r.rows ?? []))[0]?.n);
}

// The executable schema is built by @graphql-tools with graphql's CommonJS build; execute with the same one.
const { graphql: runGraphql } = createRequire(import.meta.url)("graphql") as typeof import("graphql");

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`import of a brokerage's own data (${kind})`, () => {
    let db: TestDb;
    let s: AppServices;

    beforeAll(async () => {
      db = await createTestDb(kind);
      const env = parseEnv({ ...process.env, LLM_API_KEY: "", LLM_BASE_URL: "", ARK_API_KEY: "", LOG_LEVEL: "warn" });
      s = await createAppServices(env, { dbHandle: db });
    }, 120_000);

    afterAll(async () => {
      await s?.close();
      await db?.destroy();
    });

    it("preview: the mapping suggested from Chinese headers, the unknown column and the features without data as warnings; nothing written", async () => {
      const p = await perform(s, CLI_ACTOR, actions.previewImport, small());
      expect(p.ok).toBe(true);
      expect(p.errorTotal).toBe(0);
      expect(p.profile?.customers?.columns).toMatchObject({ 客户号: "customer_id", 开户日期: "open_date", 风险等级: "risk_tolerance", 佣金: "commission_rate" });
      expect(p.columns.customers?.find((c) => c.header === "微信昵称")).toEqual({ header: "微信昵称", field: null });
      expect(p.warnings.find((w) => w.rule === "unknown_column")?.message).toContain("微信昵称");
      expect(p.summary?.missingFeatures).toContain("complaints_total");
      expect(p.summary?.encodings.customers).toBe("gb18030");
      expect(await count(db.db, "datasets")).toBe(0);
    });

    it("bad cells: each listed by file, line, column, value and rule with counts per rule; the CSV has them all; nothing written", async () => {
      const customers = csv("c.csv", "客户号,开户日期,风险等级,佣金\nA,2025-01-02,C9,万3\nB,2025/2/30,C1,abc\nC,2025-01-02,C2,万3\n");
      const activity = csv("a.csv", "客户号,日期,交易笔数\nA,2026-01-05,1\nZ,2026-01-05,1\nC,2026-01-12,x\n");
      const p = await perform(s, CLI_ACTOR, actions.previewImport, { customers, activity, maxErrors: 2 });
      expect(p.ok).toBe(false);
      // A's activity row counts too: its customer row is invalid.
      expect(p.errorTotal).toBe(6);
      expect(Object.fromEntries(p.errorsByRule.map((r) => [r.rule, r.count]))).toEqual({ category: 1, date: 1, number: 2, unknown_customer: 2 });
      expect(p.errors).toHaveLength(2);
      expect(p.errors[0]).toMatchObject({ file: "c.csv", line: 2, column: "风险等级", value: "C9", rule: "category" });
      expect(p.profile?.activity?.columns).toMatchObject({ 客户号: "customer_id", 日期: "date", 交易笔数: "trades" });

      const out = await perform(s, CLI_ACTOR, actions.importErrorsCsv, { customers, activity });
      const lines = out.body.replace(/^\uFEFF/, "").trim().split("\n");
      expect(lines[0]).toBe("文件,行,列,值,规则,说明");
      expect(lines).toHaveLength(7);
      expect(lines).toContainEqual(expect.stringMatching(/^a\.csv,4,交易笔数,x,number,/));

      const e = await perform(s, CLI_ACTOR, actions.importDataset, { customers, activity }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TimelineImportError);
      expect((e as TimelineImportError).total).toBe(6);
      expect(await count(db.db, "datasets")).toBe(0);
      expect(await count(db.db, "customers")).toBe(0);
    });

    it("a mapping profile renames columns and maps values; a bad profile names its path", async () => {
      const customers = csv("c.csv", "KHH,KHRQ,等级,费率\nA,2025-01-02,低,3\nB,2025-01-02,高,2.5\n");
      const activity = csv("a.csv", "KHH,RQ,ZZC\nA,2026-01-05,10\nB,2026-01-05,20\nA,2026-01-12,10\nB,2026-01-12,20\n");
      const mapping = {
        name: "某券商",
        customers: { columns: { KHH: "customer_id", KHRQ: "open_date", 等级: "risk_tolerance", 费率: "commission_rate" } },
        activity: { columns: { KHH: "customer_id", RQ: "date", ZZC: "total_assets" } },
        values: { risk_tolerance: { 低: "C1", 高: "C5" } },
        units: { commission_rate: "‱", total_assets: "万元" },
      };
      const p = await perform(s, CLI_ACTOR, actions.previewImport, { customers, activity, mapping: JSON.stringify(mapping) });
      expect(p.errors).toEqual([]);
      expect(p.ok).toBe(true);
      expect(p.profile?.name).toBe("某券商");
      const bad = { ...mapping, customers: { columns: { KHH: "customer_id", KHRQ: "no_such_field" } } };
      await expect(perform(s, CLI_ACTOR, actions.previewImport, { customers, activity, mapping: bad })).rejects.toMatchObject({ code: "BAD_USER_INPUT", field: "mapping.customers.columns.KHRQ" });
    });

    it("a dataset to be trained on needs churn labels: an error with the flag, a warning without", async () => {
      const e = await perform(s, CLI_ACTOR, actions.importDataset, { ...small(), forTraining: true }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TimelineImportError);
      expect((e as TimelineImportError).byRule).toEqual({ label: 1 });
      expect(await count(db.db, "datasets")).toBe(0);
    });

    it("imports the GBK fixtures: blanks and absent features stored as NULL and read back as missing; one audit row; nobody scored it", async () => {
      const r = await perform(s, CLI_ACTOR, actions.importDataset, { ...small(), name: "券商样例" });
      expect(r.dataset).toMatchObject({ name: "券商样例", source: "import", kind: "timeline", nCustomers: 4, isActive: true });
      expect(r.warnings.find((w) => w.rule === "short_history")).toBeDefined();
      const [nulls] = await db.db
        .select({ n: sql<number>`count(*)::int` })
        .from(featureVectors)
        .where(and(eq(featureVectors.datasetId, r.dataset.id), sql`array_position(${featureVectors.values}, null) is not null`));
      expect(Number(nulls!.n)).toBeGreaterThan(0);
      const m = await loadFeatureMatrix(db.db, r.dataset.id, r.dataset.asOfWeek);
      expect(m.customerIds).toEqual(["K001", "K003"]);
      const x = (row: number, f: number) => m.X[row * FEATURE_COUNT + f];
      expect(x(1, F.product_count)).toBeNaN();
      expect(x(0, F.product_count)).toBe(3);
      expect(x(0, F.complaints_total)).toBeNaN();
      expect(x(0, F.commission_rate)).toBe(3);
      const audits = await db.db.select().from(auditLog).where(eq(auditLog.action, "import_dataset"));
      expect(audits).toHaveLength(1);
      expect(await db.db.select().from(predictions).where(eq(predictions.datasetId, r.dataset.id))).toEqual([]);
    });

    it("a generated broker export with a feature absent and blank cells trains, scores and explains; SHAP of missing values equals XGBoost's pred_contribs", async () => {
      const files = brokerFiles({ customers: 700, historyWeeks: 60, seed: 21 });
      expect(files.blankLogins).toBeGreaterThan(0);
      const r = await perform(s, CLI_ACTOR, actions.importDataset, { customers: files.customers, activity: files.activity, events: files.events, forTraining: true });
      expect(r.summary?.encodings).toMatchObject({ customers: "gb18030", activity: "utf-8" });
      expect(r.summary?.churnSource).toBe("events");
      expect(r.summary?.missingFeatures).toEqual(["complaints_total"]);
      expect(r.warnings.find((w) => w.rule === "unknown_column")?.message).toContain("客户等级");
      expect(r.warnings.find((w) => w.rule === "missing_feature")?.message).toContain("投诉次数");
      expect(r.dataset.nCustomers).toBe(files.timeline.customers.length);
      const [d] = await db.db.select().from(datasets).where(eq(datasets.id, r.dataset.id));
      expect(d!.isActive).toBe(true);

      const run = await perform(s, CLI_ACTOR, actions.trainModel, { rounds: 40 });
      const done = await waitForRun(s.training, run.id);
      expect(done.status).toBe("succeeded");
      const active = await getActiveRun(db.db);
      expect(active?.id).toBe(done.id);
      const stored = await db.db.select().from(predictions).where(and(eq(predictions.modelRunId, done.id), eq(predictions.datasetId, r.dataset.id)));
      expect(stored.length).toBeGreaterThan(100);

      // Rows of the scoring snapshot with a missing value (blank logins, blank age, no complaints column).
      const m = await loadFeatureMatrix(db.db, r.dataset.id, r.dataset.asOfWeek);
      const rows: number[] = [];
      for (let i = 0; i < m.customerIds.length && rows.length < 300; i++) rows.push(i);
      const X = new Float64Array(rows.length * FEATURE_COUNT);
      rows.forEach((i, k) => X.set(m.X.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT), k * FEATURE_COUNT));
      const withNaN = (f: number) => rows.filter((_, k) => Number.isNaN(X[k * FEATURE_COUNT + f])).length;
      expect(withNaN(F.complaints_total)).toBe(rows.length);
      expect(withNaN(F.age)).toBeGreaterThan(0);
      expect(withNaN(F.logins_total)).toBeGreaterThan(0);

      const ensemble = ensembleOfRun(active!);
      const ours = createTreeExplainer(ensemble).explain(X, rows.length, FEATURE_COUNT);
      const tmp = mkdtempSync(path.join(tmpdir(), "import-golden-"));
      try {
        writeFileSync(path.join(tmp, "model.bin"), active!.modelBytes!);
        writeFileSync(path.join(tmp, "x.json"), JSON.stringify(Array.from(X, (v) => (Number.isNaN(v) ? null : v))));
        const script = [
          "import json, sys, numpy as np, xgboost as xgb",
          "d = sys.argv[1]",
          "b = xgb.Booster(model_file=bytearray(open(d + '/model.bin', 'rb').read()))",
          "b.set_param({'nthread': 1})",
          `X = np.array([np.nan if v is None else v for v in json.load(open(d + '/x.json'))], dtype=np.float64).reshape(-1, ${FEATURE_COUNT})`,
          "c = b.predict(xgb.DMatrix(X, missing=np.nan), pred_contribs=True)",
          "print(json.dumps(c.astype(np.float64).ravel().tolist()))",
        ].join("\n");
        // XGBoost may print warnings first: the answer is the last line.
        const out = execFileSync("/usr/bin/python3", ["-c", script, tmp], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).trim().split("\n");
        const contribs = JSON.parse(out[out.length - 1]!) as number[];
        let worst = 0;
        let missingChecked = 0;
        for (let k = 0; k < rows.length; k++) {
          for (let f = 0; f < FEATURE_COUNT; f++) {
            const diff = Math.abs(ours.values[k * FEATURE_COUNT + f]! - contribs[k * (FEATURE_COUNT + 1) + f]!);
            worst = Math.max(worst, diff);
            if (Number.isNaN(X[k * FEATURE_COUNT + f])) missingChecked++;
          }
          expect(ours.baseValue).toBeCloseTo(contribs[k * (FEATURE_COUNT + 1) + FEATURE_COUNT]!, 5);
        }
        expect(missingChecked).toBeGreaterThan(rows.length);
        expect(worst, `largest |SHAP − pred_contribs| over ${rows.length} rows × ${FEATURE_KEYS.length} features`).toBeLessThan(1e-5);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }

      // The pages read missing values as null (无数据), not as a GraphQL serialisation error; a plan's
      // reasons never cite a feature the customer has no data for.
      const schema = buildSchema();
      const viewer = { ...CLI_ACTOR, id: "viewer-1", via: "session" as const, role: "viewer" as const };
      const page = await runGraphql({
        schema,
        source: `query C($id: String!) { customer(id: $id) { features { key value display } shap { key value } }
          customers(first: 20) { edges { node { id topDrivers { key value } } } } }`,
        variableValues: { id: m.customerIds[0] },
        contextValue: { services: s, viewer },
      });
      expect(page.errors).toBeUndefined();
      const detail = (page.data as { customer: { features: { key: string; value: number | null; display: string }[] } }).customer;
      expect(detail.features.find((f) => f.key === "complaints_total")).toMatchObject({ value: null, display: "无数据" });
      const input = buildPlanInput({
        customer: { id: "c", customerType: 0, riskTolerance: 2, age: 40, tenureMonths: 24, openChannel: 0, hasMargin: false, hasAdvisor: false, commissionRate: 2.5, productCount: 1 },
        features: Array.from(m.X.subarray(0, FEATURE_COUNT)),
        probability: 0.5,
        shap: Array.from(ours.values.subarray(0, FEATURE_COUNT)),
      });
      expect(input.drivers.length).toBeGreaterThan(0);
      expect(input.drivers.every((d) => Number.isFinite(d.value))).toBe(true);
    }, 300_000);

    it("GraphQL: an upload previewed with a suggested mapping, then imported with the edited mapping; scoredBy stays empty", async () => {
      const schema = buildSchema();
      const admin = { ...CLI_ACTOR, id: "admin-1", via: "session" as const };
      const gql = async (source: string, variableValues: Record<string, unknown>, viewer = admin) => {
        const r = await runGraphql({ schema, source, variableValues, contextValue: { services: s, viewer } });
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped documents in a test
        return r as { data?: Record<string, any> | null; errors?: readonly { message: string; originalError?: { code?: string } }[] };
      };
      const upload = await perform(s, admin, actions.uploadImportFiles, small());
      const preview = await gql(
        `query P($input: ImportDatasetInput!) { previewImport(input: $input, maxErrors: 5) { ok mapping columns { kind columns { header field } } summary { weeks missingFeatures encodings } warnings { rule message } errorTotal errors { line rule } } }`,
        { input: { uploadId: upload.id } },
      );
      expect(preview.errors).toBeUndefined();
      const p = preview.data!.previewImport;
      expect(p.ok).toBe(true);
      expect(p.columns.map((c: { kind: string }) => c.kind)).toEqual(["CUSTOMERS", "ACTIVITY", "EVENTS"]);
      expect(p.summary.weeks).toBe(6);
      expect(p.warnings.map((w: { rule: string }) => w.rule)).toContain("unknown_column");
      // Someone else's upload id is unknown to this caller.
      const other = await gql(`query P($input: ImportDatasetInput!) { previewImport(input: $input) { ok } }`, { input: { uploadId: upload.id } }, { ...admin, id: "admin-2" });
      expect(other.errors?.[0]?.originalError?.code).toBe("NOT_FOUND");

      const mapping = { ...p.mapping, name: "样例券商", customers: { columns: { ...p.mapping.customers.columns, 微信昵称: "ignore" } } };
      const done = await gql(
        `mutation I($input: ImportDatasetInput!) { importDataset(input: $input) { dataset { id name source scoredBy { modelRunId } } warnings { rule } mapping summary { churnSource } } }`,
        { input: { uploadId: upload.id, mapping, name: "经 GraphQL 导入" } },
      );
      expect(done.errors).toBeUndefined();
      const d = done.data!.importDataset;
      expect(d.dataset).toMatchObject({ name: "经 GraphQL 导入", source: "import", scoredBy: [] });
      expect(d.warnings.map((w: { rule: string }) => w.rule)).not.toContain("unknown_column");
      expect(d.mapping.name).toBe("样例券商");
      expect(d.summary.churnSource).toBe("events");
      // The upload is used up.
      const again = await gql(`query P($input: ImportDatasetInput!) { previewImport(input: $input) { ok } }`, { input: { uploadId: upload.id } });
      expect(again.errors?.[0]?.originalError?.code).toBe("NOT_FOUND");
      // Viewers may not import.
      const viewer = await gql(`query P($input: ImportDatasetInput!) { previewImport(input: $input) { ok } }`, { input: { uploadId: upload.id } }, { ...admin, role: "viewer" });
      expect(viewer.errors?.[0]?.originalError?.code).toBe("FORBIDDEN");
    });
  });
}
