import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FEATURE_KEYS } from "../../lib/data/catalog";
import { PRIORITY_LABEL } from "../../lib/plans/plan-schema";
import { buildCustomersCsv, buildPlansWorkbook, ExportNotFoundError } from "../../lib/plans/excel";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { INJECTION, METRICS, seedReportFixture, type Fixture } from "../support/report-fixture";

interface SheetDump {
  rows: unknown[][];
  types: string[][];
  formats: string[][];
  formulaCells: string[];
  frozen: string | null;
  autoFilter: string | null;
  widths: Record<string, number>;
}
interface WorkbookDump {
  sheetNames: string[];
  sheets: Record<string, SheetDump>;
  anyFormula: boolean;
  xmlFormulaParts: string[];
}

const tmp = mkdtempSync(path.join(tmpdir(), "excel-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function readWithOpenpyxl(buf: Buffer, name: string): WorkbookDump {
  const file = path.join(tmp, name);
  writeFileSync(file, buf);
  const out = execFileSync("/usr/bin/python3", [path.resolve("scripts/read-xlsx.py"), file], { encoding: "utf8" });
  return JSON.parse(out) as WorkbookDump;
}

/** Rows of a sheet as objects keyed by the header row. */
function records(sheet: SheetDump): Record<string, unknown>[] {
  const [head, ...rows] = sheet.rows;
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [String(h), r[i]])));
}

const LEVEL_ZH = { high: "高", medium: "中", low: "低" } as const;

describeEachDb("Excel export (%s)", (kind) => {
  let t: TestDb;
  let fx: Fixture;
  let buf: Buffer;
  let dump: WorkbookDump;

  beforeAll(async () => {
    t = await createTestDb(kind);
    fx = await seedReportFixture(t.db);
    buf = await buildPlansWorkbook(t.db, {});
    dump = readWithOpenpyxl(buf, `${kind}.xlsx`);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("has the four sheets in order", () => {
    expect(dump.sheetNames).toEqual(["挽留计划", "高风险客户", "模型指标", "合规复核"]);
  });

  it("lists exactly the done, non-rejected plans in batch order, matching the database", () => {
    const expected = fx.plans.filter((p) => p.status === "done" && p.compliance !== "rejected");
    const rows = records(dump.sheets["挽留计划"]);
    expect(rows.map((r) => r["客户编号"])).toEqual(expected.map((p) => p.customerId));
    for (const [i, p] of expected.entries()) {
      const c = fx.customers.find((x) => x.id === p.customerId)!;
      expect(rows[i]["流失概率"]).toBeCloseTo(c.probability, 12);
      expect(rows[i]["风险等级"]).toBe(LEVEL_ZH[c.riskLevel]);
      expect(rows[i]["优先级"]).toBe(PRIORITY_LABEL[p.priority].zh); // stored as a code, shown in Chinese
      expect(rows[i]["沟通话术"]).toBe(p.script);
      expect(rows[i]["来源"]).toBe("LLM（doubao-test）");
      expect(String(rows[i]["主要流失原因"])).toMatch(/^近4周资金转出/);
      expect(String(rows[i]["挽留措施"])).toContain("【电话】客户经理回访了解转出原因（3日内）");
      expect(rows[i]["优惠力度"]).toBe("@SUM(A1) 专属投教课程（力度：低）");
      expect(rows[i]["合规检查"]).toBe(p.compliance === "flagged" ? "需人工复核：\n[优惠超限] 优惠力度需复核 「免佣」" : "通过");
      // 2025-03-01T02:30Z shown in Beijing time.
      expect(rows[i]["生成时间"]).toBe("2025-03-01T10:30:00");
    }
  });

  it("puts rejected plans in 合规复核 with their reason, not in 挽留计划", () => {
    const rejected = fx.plans.filter((p) => p.compliance === "rejected");
    expect(rejected.length).toBe(1);
    const rows = records(dump.sheets["合规复核"]);
    expect(rows.map((r) => r["客户编号"])).toEqual(rejected.map((p) => p.customerId));
    expect(String(rows[0]["驳回原因"])).toContain("承诺收益");
    expect(String(rows[0]["驳回原因"])).toContain("保证保本");
    const planIds = records(dump.sheets["挽留计划"]).map((r) => r["客户编号"]);
    expect(planIds).not.toContain(rejected[0].customerId);
  });

  it("keeps formula-looking customer ids and plan text as text (no formula anywhere)", () => {
    expect(dump.anyFormula).toBe(false);
    expect(dump.xmlFormulaParts).toEqual([]);
    const sheet = dump.sheets["挽留计划"];
    const rowIdx = sheet.rows.findIndex((r) => r[0] === INJECTION);
    expect(rowIdx).toBeGreaterThan(0);
    expect(sheet.types[rowIdx][0]).toBe("s");
    expect(sheet.formats[rowIdx][0]).toBe("@");
    const scriptCol = (sheet.rows[0] as string[]).indexOf("沟通话术");
    expect(sheet.rows[rowIdx][scriptCol]).toBe(INJECTION);
    expect(sheet.types[rowIdx][scriptCol]).toBe("s");
    const plus = sheet.rows.findIndex((r) => r[0] === "+SUM(1)");
    expect(plus).toBeGreaterThan(0);
    expect(sheet.types[plus][0]).toBe("s");
    for (const s of Object.values(dump.sheets)) expect(s.formulaCells).toEqual([]);
  });

  it("styles the sheets: frozen header, autofilter, widths, % format", () => {
    const sheet = dump.sheets["挽留计划"];
    expect(sheet.frozen).toBe("A2");
    expect(sheet.autoFilter).toBe("A1:M1");
    expect(sheet.widths.H).toBeGreaterThan(40);
    expect(sheet.formats[1][1]).toBe("0.00%");
    expect(dump.sheets["高风险客户"].frozen).toBe("A2");
  });

  it("ranks the high-risk customers with assets and expected loss", () => {
    const high = fx.customers.filter((c) => c.riskLevel === "high").sort((a, b) => a.riskRank - b.riskRank);
    const rows = records(dump.sheets["高风险客户"]);
    expect(high.length).toBeGreaterThan(3);
    expect(rows.map((r) => r["客户编号"])).toEqual(high.map((c) => c.id));
    expect(rows.map((r) => r["风险排名"])).toEqual(high.map((c) => c.riskRank));
    for (const [i, c] of high.entries()) {
      expect(rows[i]["预期资产流失(元)"]).toBeCloseTo(c.expectedLoss, 6);
      expect(rows[i]["总资产(元)"]).toBe(c.assets);
      expect(rows[i]["客户类型"]).toBe(["普通个人", "高净值", "机构"][c.customerType]);
    }
  });

  it("shows the active model's metrics", () => {
    const rows = records(dump.sheets["模型指标"]);
    const value = (name: string) => rows.find((r) => r["指标"] === name)?.["数值"];
    expect(value("AUC")).toBe(METRICS.auc);
    expect(value("PR-AUC")).toBe(METRICS.prAuc);
    expect(value("理论最优 AUC (oracle)")).toBe(METRICS.oracleAuc);
    expect(value("混淆矩阵 TP")).toBe(METRICS.confusion.tp);
    expect(value("判定阈值")).toBe(METRICS.threshold);
    expect(value("模型运行编号")).toBe(fx.modelRunId);
  });

  it("reads back with exceljs: strings stay strings, rows coloured by priority", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("挽留计划")!;
    let injectionRow: ExcelJS.Row | undefined;
    ws.eachRow((row) => {
      if (row.getCell(1).value === INJECTION) injectionRow = row;
    });
    expect(injectionRow).toBeDefined();
    expect(injectionRow!.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(injectionRow!.getCell(1).formula).toBeUndefined();
    const fills = new Map<string, string | undefined>();
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const fill = row.getCell(1).fill;
      fills.set(String(row.getCell(4).value), fill?.type === "pattern" ? fill.fgColor?.argb : undefined);
    });
    expect(fills.get("高")).toBe("FFF8D7DA");
    expect(fills.get("中")).toBe("FFFFF3CD");
    expect(fills.get("低")).toBe("FFD4EDDA");
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    // Cells share style objects per column and fill: each column keeps its own format and wrapping.
    const data = ws.getRow(2);
    expect(data.getCell(1).numFmt).toBe("@");
    expect(data.getCell(2).numFmt).toBe("0.00%");
    expect(data.getCell(13).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(data.getCell(1).alignment?.vertical).toBe("top");
    expect(data.getCell(1).alignment?.wrapText ?? false).toBe(false);
    expect(data.getCell(6).alignment).toMatchObject({ vertical: "top", wrapText: true });
  });

  it("exports a given batch and rejects unknown or invalid batch ids", async () => {
    const again = readWithOpenpyxl(await buildPlansWorkbook(t.db, { batchId: fx.batchId }), `${kind}-2.xlsx`);
    expect(again.sheets["挽留计划"].rows).toEqual(dump.sheets["挽留计划"].rows);
    await expect(buildPlansWorkbook(t.db, { batchId: fx.batchId + 100 })).rejects.toBeInstanceOf(ExportNotFoundError);
    await expect(buildPlansWorkbook(t.db, { batchId: -1 })).rejects.toThrow(/batchId/);
  });

  it("writes the customers CSV with features, probability, risk and SHAP, injection-safe", async () => {
    const csv = await buildCustomersCsv(t.db, { pageSize: 7 });
    const lines = csv.trimEnd().split("\r\n");
    const header = lines[0].split(",");
    expect(header).toEqual(["id", ...FEATURE_KEYS, "probability", "risk_level", "label", ...FEATURE_KEYS.map((k) => `shap_${k}`)]);
    expect(header.length).toBe(62);
    expect(lines.length).toBe(fx.customers.length + 1);
    const inj = lines.find((l) => l.startsWith(`"'=HYPERLINK(""x"")"`));
    expect(inj).toBeDefined();
    expect(lines.some((l) => l.startsWith("'+SUM(1),"))).toBe(true);
    const c = fx.customers.find((x) => x.id === "C0001")!;
    const row = lines.find((l) => l.startsWith("C0001,"))!.split(",");
    expect(Number(row[1 + 29])).toBe(c.probability);
    expect(row[1 + 29 + 1]).toBe(c.riskLevel);
    // The fixture's snapshot has no label yet: a blank cell, not 0.
    expect(row[1 + 29 + 2]).toBe("");
    expect(row.slice(33).map(Number)).toEqual(c.shap);
    // Negative numbers are numbers, not text: never prefixed.
    expect(row[1 + 11]).toBe("-5000");
    // Small pages and one big page give the same file.
    expect(await buildCustomersCsv(t.db, { pageSize: 50_000 })).toBe(csv);
    expect((await buildCustomersCsv(t.db, { bom: true })).startsWith("\uFEFFid,")).toBe(true);
  });
});
