/**
 * Reads an uploaded table (CSV or XLSX) into header + rows of trimmed strings, each row
 * with the 1-based line (CSV) or row number (XLSX) it came from, for error messages.
 */
import type ExcelJS from "exceljs";
import { decodeText as decodeBytes, type TextEncoding } from "./import/encoding";
import { checkZipBounds } from "./zip-bounds";

export interface TableRow {
  line: number;
  cells: string[];
}

/** A cell that cannot be read as a value (an XLSX formula), kept for the caller to report. */
export interface TableCellError {
  line: number;
  /** 0-based column index. */
  column: number;
  /** Cell address and content as shown to the user (e.g. "C5 =SUM(A5:B5)"). */
  value: string;
  message: string;
}

export interface Table {
  /** Header cells trimmed and lower-cased (what column lookups compare). */
  header: string[];
  /** Header cells trimmed, as written in the file (for messages). */
  rawHeader?: string[];
  /** CSV only: the detected text encoding. */
  encoding?: TextEncoding;
  /** XLSX formula cells (their text in `rows` is empty); present only with `cellErrors: "collect"`. */
  cellErrors?: TableCellError[];
  /** Line of the header row. */
  headerLine: number;
  rows: TableRow[];
}

export class TableFormatError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "TableFormatError";
  }
}

/** UTF-8 (BOM or not), GB18030/GBK (Excel on Chinese Windows) or UTF-16 with a BOM: see import/encoding.ts. */
function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  const d = decodeBytes(bytes);
  return { text: d.text, encoding: d.encoding };
}

export const FORMULA_MESSAGE =
  "公式单元格 (formula cell) 不被接受，导入只接受数值：请在 Excel 中复制后“选择性粘贴 → 数值”再导入 (paste formulas as values first)";

/** Marks a formula cell in cellText's output. */
class FormulaCell {
  constructor(
    readonly formula: string,
    /** What the cell holds, when it is not a formula (an error value, an unknown object). */
    readonly message: string = FORMULA_MESSAGE,
  ) {}
}

/** Excel column letters of a 1-based column number. */
function columnLetters(n: number): string {
  let s = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const endRecord = () => {
    cells.push(field);
    if (!(cells.length === 1 && cells[0].trim() === "" && !fieldStarted)) records.push({ line: recordLine, cells });
    cells = [];
    field = "";
    fieldStarted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
      fieldStarted = true;
    } else if (ch === ",") {
      cells.push(field);
      field = "";
      fieldStarted = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== "" || cells.length > 0) endRecord();
  return records;
}

function cellText(value: ExcelJS.CellValue): string | FormulaCell {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    // A formula's cached result may be stale or absent ({ formula } alone used to print "[object Object]").
    if ("formula" in value || "sharedFormula" in value) {
      const v = value as { formula?: string; sharedFormula?: string };
      return new FormulaCell(`=${v.formula ?? v.sharedFormula ?? ""}`);
    }
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    // A hyperlink's text may itself be rich text ({ richText }): String() of it was "[object Object]".
    if ("text" in value) return cellText(value.text as ExcelJS.CellValue);
    if ("error" in value) {
      const code = String(value.error);
      return new FormulaCell(code, `错误值单元格 ${code} (error cell) 不被接受：请在 Excel 中修正或清空该单元格 (an Excel error value is not data)`);
    }
    return new FormulaCell("{…}", "不支持的单元格内容 (unsupported cell content) 不被接受：请把该单元格改为数值或文本 (enter a number or text)");
  }
  return String(value);
}

async function readXlsx(name: string, bytes: Uint8Array, cellErrors: TableCellError[]): Promise<{ line: number; cells: string[] }[]> {
  // Loaded on demand: exceljs is large and most imports are CSV.
  // The zip directory first: exceljs inflates every entry whole, however large it claims to be.
  checkZipBounds(bytes, name, { verify: true });
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw new TableFormatError(name, `${name}: 不是有效的 XLSX 文件 (not a valid XLSX file): ${(e as Error).message}`);
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new TableFormatError(name, `${name}: 工作簿中没有工作表 (workbook has no sheet)`);
  const records: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // row.values is 1-based with a hole at 0.
    const values = row.values as ExcelJS.CellValue[];
    let formula = false;
    for (let c = 1; c < values.length; c++) {
      const t = cellText(values[c]);
      if (t instanceof FormulaCell) {
        formula = true;
        cellErrors.push({ line: rowNumber, column: c - 1, value: `${columnLetters(c)}${rowNumber} ${t.formula.slice(0, 60)}`, message: t.message });
        cells.push("");
      } else cells.push(t);
    }
    if (formula || cells.some((c) => c.trim() !== "")) records.push({ line: rowNumber, cells });
  });
  return records;
}

export interface ReadTableOptions {
  /** "throw" (default): a formula cell fails the file with TableFormatError naming the cell; "collect": listed in Table.cellErrors. */
  cellErrors?: "throw" | "collect";
}

export async function readTable(file: { name: string; bytes: Uint8Array }, options: ReadTableOptions = {}): Promise<Table> {
  const lower = file.name.toLowerCase();
  let records: { line: number; cells: string[] }[];
  let encoding: TextEncoding | undefined;
  const cellErrors: TableCellError[] = [];
  if (lower.endsWith(".xlsx")) {
    records = await readXlsx(file.name, file.bytes, cellErrors);
    if (cellErrors.length > 0 && options.cellErrors !== "collect") {
      const shown = cellErrors.slice(0, 5).map((e) => e.value).join("、");
      const more = cellErrors.length > 5 ? ` 等 ${cellErrors.length} 个` : "";
      throw new TableFormatError(file.name, `${file.name}: ${shown}${more}: ${cellErrors[0]!.message}`);
    }
  } else if (lower.endsWith(".csv") || lower.endsWith(".txt")) {
    const d = decodeText(file.bytes);
    encoding = d.encoding;
    records = parseCsv(d.text);
  } else throw new TableFormatError(file.name, `${file.name}: 仅支持 .csv 或 .xlsx 文件 (only .csv and .xlsx are supported)`);
  if (records.length === 0) throw new TableFormatError(file.name, `${file.name}: 文件为空 (file is empty)`);
  const [head, ...rest] = records;
  return {
    header: head.cells.map((h) => h.trim().toLowerCase()),
    rawHeader: head.cells.map((h) => h.trim()),
    ...(encoding ? { encoding } : {}),
    ...(options.cellErrors === "collect" ? { cellErrors } : {}),
    headerLine: head.line,
    rows: rest.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })),
  };
}
