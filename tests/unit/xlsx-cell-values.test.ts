/**
 * XLSX cells that are not plain values: each is named by file, line, column and what it holds
 * (formula, Excel error value; other objects as unsupported content), never “[object Object]”; hyperlinks and rich
 * text are read as their text.
 */
import { describe, expect, it } from "vitest";
import { TimelineImportError } from "../../lib/data/import/issues";
import { importTimeline } from "../../lib/data/import/timeline-import";
import { readTable, TableFormatError } from "../../lib/data/tabular";

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  const ws = wb.addWorksheet("客户");
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

describe("xlsx cells that are not values", () => {
  it("a formula and an Excel error value are listed with line, column and what the cell holds", async () => {
    const bytes = await workbook([
      ["客户号", "开户日期", "年龄", "佣金"],
      ["A", "2025-01-02", { formula: "1+1" }, 3],
      ["B", "2025-01-02", { error: "#DIV/0!" }, 3],
      ["C", "2025-01-02", 40, 3],
    ]);
    const e = await importTimeline({ customers: { name: "客户.xlsx", bytes }, activity: csv("a.csv", "客户号,日期\nC,2026-01-05\n") }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TimelineImportError);
    const issues = (e as TimelineImportError).issues;
    expect(issues.map((i) => [i.file, i.line, i.column, i.value, i.rule])).toEqual([
      ["客户.xlsx", 2, "年龄", "C2 =1+1", "formula"],
      ["客户.xlsx", 3, "年龄", "C3 #DIV/0!", "formula"],
    ]);
    expect(issues[0]!.message).toContain("公式单元格 (formula cell) 不被接受");
    expect(issues[1]!.message).toContain("错误值单元格 #DIV/0! (error cell) 不被接受");
    expect((e as Error).message).not.toContain("[object Object]");
    expect((e as Error).message).toContain("客户.xlsx 第3行 年龄");
  });

  it("a hyperlink whose text is rich text is read as its text; the legacy reader names an error cell", async () => {
    const bytes = await workbook([
      ["客户号", "姓名"],
      [{ text: { richText: [{ text: "K0" }, { text: "01" }] }, hyperlink: "https://example.com" }, { richText: [{ text: "张" }, { text: "三" }] }],
      ["K002", { error: "#N/A" }],
    ]);
    const t = await readTable({ name: "c.xlsx", bytes }, { cellErrors: "collect" });
    expect(t.rows[0]!.cells).toEqual(["K001", "张三"]);
    expect(t.cellErrors).toEqual([{ line: 3, column: 1, value: "B3 #N/A", message: expect.stringContaining("错误值单元格 #N/A (error cell)") }]);
    const thrown = await readTable({ name: "c.xlsx", bytes }).catch((x: unknown) => x);
    expect(thrown).toBeInstanceOf(TableFormatError);
    expect((thrown as Error).message).toMatch(/^c\.xlsx: B3 #N\/A: 错误值单元格/);
  });
});
