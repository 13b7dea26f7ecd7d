import ExcelJS from "exceljs";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customers, datasets, featureVectors, weeklyBehaviour } from "../../db/schema";
import { FEATURE_COUNT, FEATURE_KEYS } from "../../lib/data/catalog";
import { loadCustomer, loadFeatureMatrix } from "../../lib/data/dataset-store";
import { generateDataset, parseGenerateOptions, type GeneratedDataset } from "../../lib/data/generator";
import { importDataset, ImportValidationError, parseImport } from "../../lib/data/import";
import { createTestDb, type TestDb } from "../support/db";
import { parseImportInWorker } from "../../lib/data/import/import-in-worker";
import { describeEachDb } from "../support/db-suites";

const ds = generateDataset(parseGenerateOptions({ customers: 120, seed: 11 }));

const PROFILE_HEADER = ["customer_id", "name", "phone", "id_number", "branch", "customer_type", "risk_tolerance", "age", "tenure_months", "open_channel", "has_margin", "has_advisor", "commission_rate", "product_count", "churned"];
const WEEKLY_HEADER = ["customer_id", "week", "logins", "trades", "trade_amount", "total_assets", "net_inflow", "service_contacts", "complaints", "weekly_return", "market_return"];

function profileRows(d: GeneratedDataset): (string | number)[][] {
  return d.profiles.map((p, i) => [p.id, p.name, p.phone, p.idNumber, p.branch, p.customerType, p.riskTolerance, p.age, p.tenureMonths, p.openChannel, p.hasMargin ? 1 : 0, p.hasAdvisor ? 1 : 0, p.commissionRate, p.productCount, d.labels[i]]);
}

function weeklyRows(d: GeneratedDataset): (string | number)[][] {
  const rows: (string | number)[][] = [];
  d.weekly.forEach((weeks, i) => {
    for (const w of weeks) rows.push([d.profiles[i].id, w.week, w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn, d.marketReturns[w.week - 1]]);
  });
  return rows;
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: (string | number)[][]) => [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
const file = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

async function xlsx(name: string, header: string[], rows: (string | number)[][]) {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("数据");
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  const buf = await wb.xlsx.writeBuffer();
  return { name, bytes: new Uint8Array(buf as ArrayBuffer) };
}

async function expectIssues(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportValidationError);
    return (e as ImportValidationError).errors.map(({ file, line, column }) => `${file}:${line}:${column}`);
  }
  throw new Error("expected an ImportValidationError");
}

describe("parseImport (no database)", () => {
  it("reports every bad cell by file, line and column", async () => {
    const rows = profileRows(ds).slice(0, 6);
    rows[1][7] = "abc"; // age, line 3
    rows[3][6] = 9; // risk_tolerance, line 5
    rows[3][10] = "maybe"; // has_margin, line 5
    rows[4][0] = rows[0][0]; // duplicate id, line 6
    const weekly = weeklyRows(ds).filter((r) => (rows.slice(0, 4).map((x) => x[0]) as string[]).includes(r[0] as string));
    weekly[2][2] = -1; // logins, line 4
    weekly[5][0] = "C7777777"; // unknown customer, line 7
    weekly[30][9] = "12%%"; // weekly_return, line 32
    const issues = await expectIssues(parseImport({ customersFile: file("c.csv", csv(PROFILE_HEADER, rows)), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weekly)) }));
    expect(issues).toEqual(["c.csv:3:age", "c.csv:5:risk_tolerance", "c.csv:5:has_margin", "c.csv:6:customer_id", "w.csv:4:logins", "w.csv:7:customer_id", "w.csv:32:weekly_return"]);
  });

  it("names missing columns and messages carry the allowed range", async () => {
    const header = PROFILE_HEADER.filter((h) => h !== "age");
    const rows = profileRows(ds).map((r) => r.filter((_, k) => k !== 7));
    const issues = await expectIssues(parseImport({ customersFile: file("c.csv", csv(header, rows)), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weeklyRows(ds))) }));
    expect(issues).toEqual(["c.csv:1:age"]);
    try {
      const bad = profileRows(ds);
      bad[0][7] = 7;
      await parseImport({ customersFile: file("c.csv", csv(PROFILE_HEADER, bad)), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weeklyRows(ds))) });
    } catch (e) {
      expect((e as Error).message).toMatch(/c\.csv 第2行 age: .*16\.\.120/);
    }
  });

  it("requires weeks 1..n for every customer", async () => {
    const weekly = weeklyRows(ds).filter((r) => !(r[0] === ds.profiles[5].id && r[1] === 4));
    const issues = await expectIssues(parseImport({ customersFile: file("c.csv", csv(PROFILE_HEADER, profileRows(ds))), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weekly)) }));
    expect(issues).toEqual([`w.csv:${5 * 12 + 2}:week`]);
  });

  it("reads the same records in a worker thread, and rejects there with the same issues", async () => {
    const input = { customersFile: file("c.csv", csv(PROFILE_HEADER, profileRows(ds))), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weeklyRows(ds))) };
    const here = await parseImport(input, "同一份");
    const there = await parseImportInWorker(input, "同一份");
    expect(there.count).toBe(here.count);
    for (let i = 0; i < here.count; i++) {
      expect(there.customer(i)).toEqual(here.customer(i));
      expect(there.weeks(i)).toEqual(here.weeks(i));
    }
    const bad = profileRows(ds).slice(0, 6);
    bad[2]![7] = "abc";
    const ids = new Set(bad.map((r) => r[0]));
    const badInput = { customersFile: file("c.csv", csv(PROFILE_HEADER, bad)), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weeklyRows(ds).filter((r) => ids.has(r[0])))) };
    const inThread = await parseImportInWorker(badInput).catch((e: unknown) => e);
    expect(inThread).toBeInstanceOf(ImportValidationError);
    const where = (inThread as ImportValidationError).errors.map(({ file, line, column }) => `${file}:${line}:${column}`);
    expect(where.length).toBeGreaterThan(0);
    expect(where).toEqual(await expectIssues(parseImport(badInput)));
  });

  it("rejects unsupported and empty files", async () => {
    expect(await expectIssues(parseImport({ customersFile: file("c.json", "{}") }))).toEqual(["c.json:1:"]);
    expect(await expectIssues(parseImport({ customersFile: file("c.csv", "") }))).toEqual(["c.csv:1:"]);
  });

  it("reads Chinese labels, quoted commas and a UTF-8 BOM", async () => {
    const rows = profileRows(ds).slice(0, 5);
    rows[0][1] = '王,"小"明';
    rows[0][5] = "高净值";
    rows[0][6] = "C4";
    rows[0][10] = "是";
    rows[1][14] = "";
    const ids = new Set(rows.map((r) => r[0]));
    const weekly = weeklyRows(ds).filter((r) => ids.has(r[0]));
    const rec = await parseImport({ customersFile: file("c.csv", `\uFEFF${csv(PROFILE_HEADER, rows)}`), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weekly)) });
    const c0 = rec.customer(0);
    expect(c0).toMatchObject({ name: '王,"小"明', customerType: 1, riskTolerance: 3, hasMargin: true });
    expect(rec.customer(1).churned).toBeNull();
    expect(rec.count).toBe(5);
  });
});

describeEachDb("importDataset on %s", (kind) => {
  let h: TestDb;
  beforeAll(async () => {
    h = await createTestDb(kind);
  });
  afterAll(async () => {
    await h?.destroy();
  });

  async function counts() {
    const c = async (t: typeof datasets | typeof customers | typeof weeklyBehaviour | typeof featureVectors) =>
      Number((await h.db.select({ n: count() }).from(t))[0].n);
    return [await c(datasets), await c(customers), await c(weeklyBehaviour), await c(featureVectors)];
  }

  it("imports a valid CSV pair and engineers the same features as the generator", async () => {
    const row = await importDataset(h.db, {
      customersFile: file("customers.csv", csv(PROFILE_HEADER, profileRows(ds))),
      weeklyFile: file("weekly.csv", csv(WEEKLY_HEADER, weeklyRows(ds))),
    });
    expect(row).toMatchObject({ source: "import", nCustomers: 120, nWeeks: 12, isActive: true, seed: null, oracleAuc: null });
    expect(row.churnRate).toBeCloseTo(ds.churnRate, 12);
    const m = await loadFeatureMatrix(h.db, row.id, 0);
    expect(m.customerIds).toEqual(ds.profiles.map((p) => p.id));
    expect(Array.from(m.X)).toEqual(Array.from(ds.features));
    expect(Array.from(m.labels)).toEqual(Array.from(ds.labels));
    const c = await loadCustomer(h.db, row.id, ds.profiles[7].id);
    expect(c?.customer).toMatchObject({ name: ds.profiles[7].name, idNumber: ds.profiles[7].idNumber, trueProbability: null });
    expect(c?.weekly).toHaveLength(12);
  });

  it("writes nothing when any cell is bad", async () => {
    const before = await counts();
    const rows = profileRows(ds);
    rows[50][12] = "-3"; // commission_rate, line 52
    await expect(
      importDataset(h.db, { customersFile: file("c.csv", csv(PROFILE_HEADER, rows)), weeklyFile: file("w.csv", csv(WEEKLY_HEADER, weeklyRows(ds))) }),
    ).rejects.toMatchObject({ name: "ImportValidationError", total: 1, errors: [{ file: "c.csv", line: 52, column: "commission_rate" }] });
    expect(await counts()).toEqual(before);
  });

  it("imports XLSX files", async () => {
    const row = await importDataset(h.db, {
      customersFile: await xlsx("customers.xlsx", PROFILE_HEADER, profileRows(ds)),
      weeklyFile: await xlsx("weekly.xlsx", WEEKLY_HEADER, weeklyRows(ds)),
    });
    const m = await loadFeatureMatrix(h.db, row.id, 0);
    expect(Array.from(m.X)).toEqual(Array.from(ds.features));
    const bad = profileRows(ds);
    bad[9][8] = "十年"; // tenure_months, row 11
    await expect(importDataset(h.db, { customersFile: await xlsx("bad.xlsx", PROFILE_HEADER, bad), weeklyFile: await xlsx("weekly.xlsx", WEEKLY_HEADER, weeklyRows(ds)) })).rejects.toMatchObject({
      errors: [{ file: "bad.xlsx", line: 11, column: "tenure_months" }],
    });
  });

  it("imports a customer file that carries the 29 features directly", async () => {
    const header = ["customer_id", ...FEATURE_KEYS, "churned"];
    const rows = ds.profiles.map((p, i) => [p.id, ...Array.from(ds.features.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)), ds.labels[i]]);
    const row = await importDataset(h.db, { customersFile: file("features.csv", csv(header, rows)) }, { name: "特征导入" });
    expect(row).toMatchObject({ name: "特征导入", nWeeks: 0, nCustomers: 120 });
    const m = await loadFeatureMatrix(h.db, row.id, 0);
    expect(Array.from(m.X)).toEqual(Array.from(ds.features));
    const c = await loadCustomer(h.db, row.id, ds.profiles[0].id);
    expect(c?.customer).toMatchObject({ name: "", phone: "", idNumber: "", branch: "", age: ds.profiles[0].age });
    expect(c?.weekly).toEqual([]);
  });
});
