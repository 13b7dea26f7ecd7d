/**
 * The zip directory check that runs before exceljs sees an uploaded .xlsx: declared totals,
 * per-entry ratios and entry counts are bounded, a directory that lies about sizes is caught
 * without inflating past what it declared, and ordinary workbooks pass.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readCampaignWorkbookInWorker } from "../../lib/campaigns/workbook-in-worker";
import { readTable } from "../../lib/data/tabular";
import { checkZipBounds, readZipDirectory, zipLimitsOf, type ZipLimits } from "../../lib/data/zip-bounds";
import { bombXlsx, buildZip, lyingXlsx, xlsxParts } from "../support/zip-builder";

const LIMITS: ZipLimits = zipLimitsOf({ XLSX_MAX_UNCOMPRESSED_MB: 64, XLSX_MAX_RATIO: 100, XLSX_MAX_ENTRIES: 2000 });

async function realWorkbook(rows = 2000): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("客户");
  ws.addRow(["customer_id", "name", "age"]);
  for (let i = 0; i < rows; i++) ws.addRow([`C${i}`, `客户${i}`, 20 + (i % 50)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return { code: (e as { code?: string }).code, field: (e as { field?: string }).field, message: (e as Error).message };
  }
};

describe("xlsx zip bounds", () => {
  it("reads an exceljs workbook's directory as JSZip does and lets it through, inflation verified", async () => {
    const bytes = await realWorkbook();
    const entries = readZipDirectory(bytes, "file", LIMITS)!;
    expect(entries.map((e) => e.name)).toContain("xl/worksheets/sheet1.xml");
    expect(codeOf(() => checkZipBounds(bytes, "customers", { limits: LIMITS, verify: true }))).toBeNull();
    const t = await readTable({ name: "c.xlsx", bytes });
    expect(t.rows.length).toBe(2000);
  });

  it("refuses a bomb by its declared total, naming the field and the limit, before inflating anything", () => {
    const bomb = bombXlsx(100);
    expect(bomb.length).toBeLessThan(300 * 1024);
    const e = codeOf(() => checkZipBounds(bomb, "customers", { limits: LIMITS }));
    expect(e).toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "customers" });
    expect(e!.message).toMatch(/^customers: .*100 MiB.*64 MiB/);
  });

  it("refuses an entry whose ratio is above the limit even when the total is within it", () => {
    const bomb = bombXlsx(20);
    expect(codeOf(() => checkZipBounds(bomb, "file", { limits: LIMITS }))).toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "file" });
    expect(codeOf(() => checkZipBounds(bomb, "file", { limits: { ...LIMITS, maxRatio: 5000 } }))).toBeNull();
  });

  it("refuses too many entries", () => {
    const many = buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `x/${i}.xml`, data: Buffer.from("<a/>") })));
    expect(codeOf(() => checkZipBounds(many, "file", { limits: { ...LIMITS, maxEntries: 20 } }))).toMatchObject({ code: "ARCHIVE_TOO_LARGE" });
    expect(codeOf(() => checkZipBounds(many, "file", { limits: LIMITS }))).toBeNull();
  });

  it("catches a directory that understates sizes while inflating only what it declared", () => {
    const liar = lyingXlsx(100);
    // The directory alone looks harmless: 2 KB sheet.
    expect(codeOf(() => checkZipBounds(liar, "file", { limits: LIMITS }))).toBeNull();
    const e = codeOf(() => checkZipBounds(liar, "activity", { limits: LIMITS, verify: true }));
    expect(e).toMatchObject({ code: "ARCHIVE_INVALID", field: "activity" });
    expect(e!.message).toMatch(/2048/);
    // An overstated size is a lie too.
    const over = buildZip(xlsxParts(Buffer.from("<worksheet/>"), { declaredSize: 5000 }));
    expect(codeOf(() => checkZipBounds(over, "file", { limits: LIMITS, verify: true }))).toMatchObject({ code: "ARCHIVE_INVALID" });
  });

  it("refuses layouts JSZip would read differently: prepended bytes, a count that disagrees, a stored entry with two sizes, a file above the cap", async () => {
    const ok = await realWorkbook(10);
    expect(codeOf(() => checkZipBounds(Buffer.concat([Buffer.from("junk!"), ok]), "file", { limits: LIMITS }))).toMatchObject({ code: "ARCHIVE_INVALID" });
    const miscount = Buffer.from(ok);
    const eocd = miscount.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    miscount.writeUInt16LE(miscount.readUInt16LE(eocd + 10) + 1, eocd + 10);
    miscount.writeUInt16LE(miscount.readUInt16LE(eocd + 8) + 1, eocd + 8);
    expect(codeOf(() => checkZipBounds(miscount, "file", { limits: LIMITS }))).toMatchObject({ code: "ARCHIVE_INVALID" });
    const stored = buildZip([{ name: "a.xml", data: Buffer.from("<a/>"), store: true, declaredSize: 400 }]);
    expect(codeOf(() => checkZipBounds(stored, "file", { limits: LIMITS }))).toMatchObject({ code: "ARCHIVE_INVALID" });
    expect(codeOf(() => checkZipBounds(ok, "file", { limits: { ...LIMITS, maxUncompressedBytes: 1000 } }))).toMatchObject({ code: "ARCHIVE_TOO_LARGE" });
    // Not a zip at all: left to the reader's own "not an xlsx" error.
    expect(readZipDirectory(Buffer.from("customer_id,name\n1,a\n"), "file", LIMITS)).toBeNull();
  });

  it("an import table and a campaign workbook refuse a lying archive from inside their readers", async () => {
    await expect(readTable({ name: "customers.xlsx", bytes: lyingXlsx(100) })).rejects.toMatchObject({ code: "ARCHIVE_INVALID", field: "customers.xlsx" });
    await expect(readCampaignWorkbookInWorker(lyingXlsx(100))).rejects.toMatchObject({ code: "ARCHIVE_INVALID", field: "file" });
    await expect(readCampaignWorkbookInWorker(bombXlsx(100))).rejects.toMatchObject({ code: "ARCHIVE_TOO_LARGE", field: "file" });
    const cells = await readCampaignWorkbookInWorker(await realWorkbook(3));
    expect(cells.sheetFound).toBe(false);
  }, 60_000);
});
