/**
 * Reads an uploaded table (CSV or XLSX) into header + rows of trimmed strings, each row
 * with the 1-based line (CSV) or row number (XLSX) it came from, for error messages.
 */
import type ExcelJS from "exceljs";

export interface TableRow {
  line: number;
  cells: string[];
}

export interface Table {
  header: string[];
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

/** Excel on Chinese Windows saves CSV as GB18030/GBK; everything else is expected in UTF-8. */
function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
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

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

async function readXlsx(name: string, bytes: Uint8Array): Promise<{ line: number; cells: string[] }[]> {
  // Loaded on demand: exceljs is large and most imports are CSV.
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
    for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
    if (cells.some((c) => c.trim() !== "")) records.push({ line: rowNumber, cells });
  });
  return records;
}

export async function readTable(file: { name: string; bytes: Uint8Array }): Promise<Table> {
  const lower = file.name.toLowerCase();
  let records: { line: number; cells: string[] }[];
  if (lower.endsWith(".xlsx")) records = await readXlsx(file.name, file.bytes);
  else if (lower.endsWith(".csv") || lower.endsWith(".txt")) records = parseCsv(decodeText(file.bytes));
  else throw new TableFormatError(file.name, `${file.name}: 仅支持 .csv 或 .xlsx 文件 (only .csv and .xlsx are supported)`);
  if (records.length === 0) throw new TableFormatError(file.name, `${file.name}: 文件为空 (file is empty)`);
  const [head, ...rest] = records;
  return {
    header: head.cells.map((h) => h.trim().toLowerCase()),
    headerLine: head.line,
    rows: rest.map((r) => ({ line: r.line, cells: r.cells.map((c) => c.trim()) })),
  };
}
