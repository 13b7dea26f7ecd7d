/**
 * Export round trip on PGlite and PostgreSQL: a brokerage's files (GBK, Chinese headers and
 * names, blank ages and logins, no complaints column, an events file) are imported, exported in
 * the import format (customers with the label, dated weekly activity, churn events, mapping
 * profile) and imported again through the same action: customers, weekly rows and churn events
 * are the same row by row, blank profile and weekly cells stay missing (NULL, blank, NaN
 * features), the absent column stays absent, excess_return (market returns) comes back.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { auditLog, customers, datasets, weeklyBehaviour } from "../../db/schema";
import * as actions from "../../lib/actions";
import { CLI_ACTOR, perform } from "../../lib/actions";
import { exportDataset } from "../../lib/actions/export-dataset";
import { parseEnv } from "../../lib/config/env";
import { FEATURE_COUNT, FEATURE_KEYS } from "../../lib/data/catalog";
import { loadFeatureMatrix } from "../../lib/data/dataset-store";
import { createAppServices, type AppServices } from "../../lib/services/app-services";
import { brokerFiles } from "../fixtures/broker/broker-files";
import { createTestDb, type TestDb } from "../support/db";
import { dbSuites } from "../support/db-suites";

const PROFILE_FEATURES = ["customer_type", "risk_tolerance", "age", "tenure_months", "open_channel", "has_margin", "has_advisor", "commission_rate", "product_count"];
const text = (f: { text: string }) => ({ bytes: new TextEncoder().encode(f.text) });

async function stored(db: TestDb["db"], datasetId: number) {
  const cs = await db.select().from(customers).where(eq(customers.datasetId, datasetId)).orderBy(sql`${customers.id} collate "C"`);
  const ws = await db
    .select()
    .from(weeklyBehaviour)
    .where(eq(weeklyBehaviour.datasetId, datasetId))
    .orderBy(sql`${weeklyBehaviour.customerId} collate "C"`, asc(weeklyBehaviour.week));
  return { customers: cs.map(({ datasetId: _d, ...c }) => c), weekly: ws.map(({ datasetId: _d, ...w }) => w) };
}

/** Equal, numbers to 1e-9 relative (a weekly row is spread over its days and summed back on import). */
function expectSameRows<T extends Record<string, unknown>>(a: readonly T[], b: readonly T[], what: string): void {
  expect(b.length, what).toBe(a.length);
  for (let i = 0; i < a.length; i++) {
    for (const k of Object.keys(a[i]!)) {
      const x = a[i]![k];
      const y = b[i]![k];
      if (typeof x === "number" && typeof y === "number" && !Number.isInteger(x)) {
        expect(Math.abs(x - y), `${what} row ${i} ${k}: ${x} vs ${y}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(x)));
      } else expect(y, `${what} row ${i} ${k}`).toEqual(x);
    }
  }
}

for (const { kind, describeDb } of dbSuites()) {
  describeDb(`export in the import format imports back to the same rows (${kind})`, () => {
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

    it("customers (with label and Chinese text), weekly activity and churn events round-trip; blank profile cells stay missing", async () => {
      const files = brokerFiles({ customers: 160, historyWeeks: 40, seed: 13 });
      expect(files.blankAges).toBeGreaterThan(0);
      const first = await perform(s, CLI_ACTOR, actions.importDataset, { customers: files.customers, activity: files.activity, events: files.events });
      const a = first.dataset;

      const out = await perform(s, CLI_ACTOR, exportDataset, { id: a.id, format: "import" });
      const exp = out.exp;
      expect(out.contentType).toBe("application/zip");
      // Label column present; Chinese names written as they were.
      const header = exp.customers.text.replace(/^\uFEFF/, "").split("\r\n")[0]!.split(",");
      expect(header).toContain("是否流失");
      expect(exp.customers.text).toContain(files.timeline.customers[0]!.profile.name);
      const blankAgeCells = exp.customers.text
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n")
        .slice(1)
        .filter((l) => l.split(",")[header.indexOf("年龄")] === "").length;
      // Every blank age of a customer with a snapshot (one without has nothing a model reads).
      expect(blankAgeCells).toBeGreaterThan(0);
      expect(blankAgeCells).toBeLessThanOrEqual(files.blankAges);
      expect(exp.activity.text.split("\r\n")[0]).not.toContain("投诉次数");
      expect(exp.counts.events).toBeGreaterThan(0);

      const second = await perform(s, CLI_ACTOR, actions.importDataset, {
        customers: { name: exp.customers.name, ...text(exp.customers) },
        activity: { name: exp.activity.name, ...text(exp.activity) },
        events: { name: exp.events.name, ...text(exp.events) },
        mapping: exp.mapping.text,
        name: "round trip",
      });
      const b = second.dataset;
      expect(second.warnings.filter((w) => w.rule === "unknown_column")).toEqual([]);
      // The market's weekly return is stored (dataset_market_weeks) and exported: excess_return comes back.
      expect(exp.activity.text.split("\r\n")[0]).toContain("大盘周收益率");
      expect(second.summary?.missingFeatures).toEqual(first.summary?.missingFeatures);
      expect(second.summary?.missingFeatures).not.toContain("excess_return");
      expect(second.summary?.churnEvents).toEqual(first.summary?.churnEvents);
      expect({ n: b.nCustomers, weeks: b.nWeeks, start: b.startDate, asOf: b.asOfWeek, h: b.horizonWeeks, lb: b.lookbackWeeks, rate: b.churnRate }).toEqual({
        n: a.nCustomers, weeks: a.nWeeks, start: a.startDate, asOf: a.asOfWeek, h: a.horizonWeeks, lb: a.lookbackWeeks, rate: a.churnRate,
      });

      const x = await stored(db.db, a.id);
      const y = await stored(db.db, b.id);
      expect(x.customers.some((c) => c.churnType !== null)).toBe(true);
      expectSameRows(x.customers, y.customers, "customers");
      expectSameRows(x.weekly, y.weekly, "weekly");
      // Blank login cells are stored NULL (not 0), written back blank and stored NULL again.
      const nullLogins = x.weekly.filter((w) => w.logins === null).length;
      expect(nullLogins).toBeGreaterThan(0);
      expect(nullLogins).toBeLessThanOrEqual(files.blankLogins);
      expect(y.weekly.filter((w) => w.logins === null).length).toBe(nullLogins);
      expect(x.weekly.every((w) => w.trades !== null)).toBe(true);

      // Profile features (blank ages included) are the same in the scoring snapshot, missing where they were.
      const fa = await loadFeatureMatrix(db.db, a.id, a.asOfWeek);
      const fb = await loadFeatureMatrix(db.db, b.id, b.asOfWeek);
      expect(fb.customerIds).toEqual(fa.customerIds);
      let missingAges = 0;
      for (const key of PROFILE_FEATURES) {
        const k = FEATURE_KEYS.indexOf(key);
        for (let i = 0; i < fa.customerIds.length; i++) {
          const u = fa.X[i * FEATURE_COUNT + k]!;
          const v = fb.X[i * FEATURE_COUNT + k]!;
          if (Number.isNaN(u)) {
            expect(v, `${fa.customerIds[i]} ${key}`).toBeNaN();
            if (key === "age") missingAges++;
          } else expect(v, `${fa.customerIds[i]} ${key}`).toBe(u);
        }
      }
      expect(missingAges).toBeGreaterThan(0);
      // Every feature, activity ones included: missing where it was (a blank login in the window
      // makes the login features missing, not 0), equal elsewhere; excess_return is known again.
      let missingLogins = 0;
      for (const [k, key] of FEATURE_KEYS.entries()) {
        for (let i = 0; i < fa.customerIds.length; i++) {
          const u = fa.X[i * FEATURE_COUNT + k]!;
          const v = fb.X[i * FEATURE_COUNT + k]!;
          if (Number.isNaN(u)) {
            expect(v, `${fa.customerIds[i]} ${key}`).toBeNaN();
            if (key === "logins_total") missingLogins++;
          } else expect(Math.abs(v - u), `${fa.customerIds[i]} ${key}: ${u} vs ${v}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(u)));
        }
      }
      expect(missingLogins).toBeGreaterThan(0);
      const excess = FEATURE_KEYS.indexOf("excess_return");
      expect(fb.customerIds.some((_, i) => Number.isFinite(fb.X[i * FEATURE_COUNT + excess]!))).toBe(true);
      // The feature whose column was absent is missing for everyone again.
      const complaints = FEATURE_KEYS.indexOf("complaints_total");
      expect(fb.customerIds.every((_, i) => Number.isNaN(fb.X[i * FEATURE_COUNT + complaints]!))).toBe(true);

      const audits = await db.db.select().from(auditLog).where(eq(auditLog.action, "export_dataset"));
      expect(audits).toHaveLength(1);
    }, 120_000);

    it("the zip holds the four files; unknown or snapshot datasets are refused with the field named", async () => {
      const [d] = await db.db.select().from(datasets).orderBy(asc(datasets.id)).limit(1);
      const out = await perform(s, CLI_ACTOR, exportDataset, { id: d!.id });
      const dir = mkdtempSync(path.join(tmpdir(), "export-zip-"));
      try {
        const zip = path.join(dir, "x.zip");
        const { writeFileSync } = await import("node:fs");
        writeFileSync(zip, out.body);
        execFileSync("python3", ["-c", "import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, dir]);
        const names = readdirSync(dir).filter((n) => n !== "x.zip").sort();
        expect(names).toEqual([`dataset_${d!.id}_activity.csv`, `dataset_${d!.id}_customers.csv`, `dataset_${d!.id}_events.csv`, `dataset_${d!.id}_mapping.json`]);
        expect(readFileSync(path.join(dir, `dataset_${d!.id}_customers.csv`), "utf8")).toBe(out.exp.customers.text);
        expect(JSON.parse(readFileSync(path.join(dir, `dataset_${d!.id}_mapping.json`), "utf8"))).toMatchObject({ activityPeriod: "week", startDate: d!.startDate });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await expect(perform(s, CLI_ACTOR, exportDataset, { id: 999_999 })).rejects.toMatchObject({ code: "NOT_FOUND", field: "id" });
      await expect(perform(s, CLI_ACTOR, exportDataset, { id: d!.id, file: "nope" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    });
  });
}
