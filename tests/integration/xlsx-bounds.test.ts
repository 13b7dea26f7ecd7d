/**
 * Uploaded .xlsx files are bounded before exceljs inflates them, on every upload path of the real
 * HTTP front (REST import and upload, GraphQL importDataset/previewImport by upload id, GraphQL
 * campaign workbook): a zip bomb (100 MiB of sheet XML in ~100 KB) and an archive whose directory
 * understates its sizes get a 4xx naming the field and the limit, nothing is written, the
 * server's memory does not follow the declared size, and an ordinary workbook still imports.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { auditLog, datasets } from "../../db/schema";
import { ensureAdmin } from "../../lib/auth/accounts";
import { generateDataset, parseGenerateOptions } from "../../lib/data/generator";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { adminTokenFor, startInProcessServer, type InProcessServer } from "../support/in-process-server";
import { bombXlsx, lyingXlsx } from "../support/zip-builder";

// See token-lifecycle.test.ts: one copy of graphql, as under tsx.
vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "xlsx-admin@test.local", password: "xlsx-bounds-admin-pass-7731" };
const ds = generateDataset(parseGenerateOptions({ customers: 120, seed: 9 }));
const HEADER = ["customer_id", "name", "phone", "id_number", "branch", "customer_type", "risk_tolerance", "age", "tenure_months", "open_channel", "has_margin", "has_advisor", "commission_rate", "product_count", "churned"];
const WEEKLY = ["customer_id", "week", "logins", "trades", "trade_amount", "total_assets", "net_inflow", "service_contacts", "complaints", "weekly_return", "market_return"];

async function customersXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("customers");
  ws.addRow(HEADER);
  ds.profiles.forEach((p, i) => ws.addRow([p.id, p.name, p.phone, p.idNumber, p.branch, p.customerType, p.riskTolerance, p.age, p.tenureMonths, p.openChannel, p.hasMargin ? 1 : 0, p.hasAdvisor ? 1 : 0, p.commissionRate, p.productCount, ds.labels[i]!]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function weeklyCsv(): string {
  const rows: (string | number)[][] = [];
  ds.weekly.forEach((weeks, i) => {
    for (const w of weeks) rows.push([ds.profiles[i]!.id, w.week, w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn, ds.marketReturns[w.week - 1]!]);
  });
  return [WEEKLY, ...rows].map((r) => r.join(",")).join("\n") + "\n";
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const xlsxFile = (bytes: Buffer, name: string) => new File([new Uint8Array(bytes)], name, { type: XLSX_TYPE });

describeEachDb("uploaded xlsx bounds over REST and GraphQL (%s)", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let token = "";
  let bomb: Buffer;
  let liar: Buffer;

  const auth = () => ({ authorization: `Bearer ${token}` });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(`${srv.url}/api/graphql`, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify({ query, variables }) });
    return (await r.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  };
  const written = async () => ({ datasets: (await t.db.select().from(datasets)).length, audit: (await t.db.select().from(auditLog)).length });

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    srv = await startInProcessServer(t, { RATE_LIMIT_LOGIN_PER_MIN: "1000", RATE_LIMIT_EXPENSIVE_PER_MIN: "1000" });
    token = await adminTokenFor(srv, BOOT, "xlsx");
    bomb = bombXlsx(100);
    liar = lyingXlsx(100);
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  it("REST import: a zip bomb is 413 naming the field and the limit, nothing is written, memory stays flat", async () => {
    const before = await written();
    const rss0 = process.memoryUsage().rss;
    const f = new FormData();
    f.set("customers", xlsxFile(bomb, "customers.xlsx"));
    f.set("weekly", new File([weeklyCsv()], "weekly.csv", { type: "text/csv" }));
    const r = await fetch(`${srv.url}/api/datasets/import`, { method: "POST", headers: auth(), body: f });
    const body = (await r.json()) as { code: string; field: string; message: string };
    expect(r.status).toBe(413);
    expect(body).toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "customers" });
    expect(body.message).toMatch(/100 MiB.*64 MiB/);
    // exceljs on this file grew the server by gigabytes; refused from the directory it stays within the upload's own size.
    expect(process.memoryUsage().rss - rss0).toBeLessThan(96 * 1024 * 1024);
    expect(await written()).toEqual(before);
  }, 120_000);

  it("REST import: a directory that understates its sizes is 400 ARCHIVE_INVALID naming the field, nothing is written", async () => {
    const before = await written();
    const rss0 = process.memoryUsage().rss;
    const f = new FormData();
    f.set("customers", xlsxFile(liar, "customers.xlsx"));
    f.set("weekly", new File([weeklyCsv()], "weekly.csv", { type: "text/csv" }));
    const r = await fetch(`${srv.url}/api/datasets/import`, { method: "POST", headers: auth(), body: f });
    const body = (await r.json()) as { code: string; field: string; message: string };
    expect(r.status).toBe(400);
    expect(body).toMatchObject({ code: "ARCHIVE_INVALID", field: "customers" });
    expect(body.message).toMatch(/2048/);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(96 * 1024 * 1024);
    expect(await written()).toEqual(before);
  }, 120_000);

  it("REST upload refuses a bomb; GraphQL importDataset and previewImport refuse a lying archive uploaded by id", async () => {
    const f = new FormData();
    f.set("customers", xlsxFile(bomb, "customers.xlsx"));
    const refused = await fetch(`${srv.url}/api/datasets/import/uploads`, { method: "POST", headers: auth(), body: f });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "customers" });

    const g = new FormData();
    g.set("customers", new File(["customer_id,name\nC1,a\n"], "customers.csv", { type: "text/csv" }));
    g.set("activity", xlsxFile(liar, "activity.xlsx"));
    const up = await fetch(`${srv.url}/api/datasets/import/uploads`, { method: "POST", headers: auth(), body: g });
    expect(up.status).toBe(200);
    const uploadId = ((await up.json()) as { upload_id: string }).upload_id;
    const before = await written();
    const imported = await gql("mutation ($id: String!) { importDataset(input: { uploadId: $id }) { dataset { id } } }", { id: uploadId });
    expect(imported.errors?.[0]?.extensions).toMatchObject({ code: "ARCHIVE_INVALID", field: "input.activity" });
    const preview = await gql("query ($id: String!) { previewImport(input: { uploadId: $id }) { ok } }", { id: uploadId });
    expect(preview.errors?.[0]?.extensions).toMatchObject({ code: "ARCHIVE_INVALID", field: "input.activity" });
    expect(await written()).toEqual(before);
  }, 180_000);

  it("GraphQL campaign workbook upload: a bomb is ARCHIVE_TOO_LARGE naming the file, nothing written", async () => {
    const before = await written();
    const r = await gql("mutation ($b: String!) { importCampaignWorkbook(campaignId: 1, base64: $b) { rows updated } }", { b: bomb.toString("base64") });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "file" });
    expect(r.errors?.[0]?.message).toMatch(/64 MiB/);
    expect(await written()).toEqual(before);
  }, 60_000);

  it("an ordinary workbook still imports (customers as .xlsx, weekly as CSV)", async () => {
    const f = new FormData();
    f.set("customers", xlsxFile(await customersXlsx(), "customers.xlsx"));
    f.set("weekly", new File([weeklyCsv()], "weekly.csv", { type: "text/csv" }));
    const r = await fetch(`${srv.url}/api/datasets/import`, { method: "POST", headers: auth(), body: f });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: "success", customer_count: 120 });
  }, 180_000);
});
