/**
 * Reads an uploaded campaign workbook into plain cell text (exceljs: CPU and memory heavy, so it
 * runs in a worker thread, see workbook-in-worker.ts). Checking the cells against the campaign
 * happens back on the caller's side (excel.ts), with the database.
 */
import ExcelJS from "exceljs";
import { AppError } from "../errors/app-error";
import { checkZipBounds } from "../data/zip-bounds";

export const SHEET = "挽留活动";

/** A formula cell anywhere in the workbook (all sheets). */
export interface FormulaCell {
  sheet: string;
  row: number;
  /** 1-based column number. */
  col: number;
  formula: string;
}

export interface WorkbookCells {
  /** The 挽留活动 sheet exists. */
  sheetFound: boolean;
  formulas: FormulaCell[];
  /** Header text (trimmed) → 1-based column, of the 挽留活动 sheet's first row. */
  header: [string, number][];
  /** The 挽留活动 sheet's non-empty rows after the header; cells[c] is column c's text, trimmed. */
  rows: { row: number; cells: string[] }[];
}

export function plainText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") {
    if ("richText" in v) return v.richText.map((t) => t.text).join("");
    if ("text" in v && typeof v.text === "string") return v.text;
    if (v instanceof Date) return v.toISOString();
    return JSON.stringify(v);
  }
  return String(v);
}

const isFormula = (cell: ExcelJS.Cell) => cell.type === ExcelJS.ValueType.Formula || (typeof cell.value === "object" && cell.value !== null && ("formula" in cell.value || "sharedFormula" in cell.value));

export async function readCampaignWorkbook(bytes: Uint8Array): Promise<WorkbookCells> {
  checkZipBounds(bytes, "file", { verify: true });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch {
    throw new AppError("BAD_USER_INPUT", "无法读取 Excel 文件（需要 .xlsx）(not a readable .xlsx workbook)", { field: "file" });
  }
  const formulas: FormulaCell[] = [];
  wb.eachSheet((sheet) =>
    sheet.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        if (!isFormula(cell)) return;
        const f = typeof cell.value === "object" && cell.value && "formula" in cell.value ? String(cell.value.formula) : plainText(cell.value);
        formulas.push({ sheet: sheet.name, row: r, col: c, formula: f });
      }),
    ),
  );
  const ws = wb.getWorksheet(SHEET);
  if (!ws) return { sheetFound: false, formulas, header: [], rows: [] };
  const header: [string, number][] = [];
  ws.getRow(1).eachCell((cell, c) => header.push([plainText(cell.value).trim(), c]));
  const rows: WorkbookCells["rows"] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    if (r === 1) return;
    const cells: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      cells[c] = plainText(cell.value).trim();
    });
    for (let c = 0; c < cells.length; c++) cells[c] ??= "";
    rows.push({ row: r, cells });
  });
  return { sheetFound: true, formulas, header, rows };
}
