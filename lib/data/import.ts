/**
 * Import a brokerage's own customers (CSV or XLSX). Two shapes:
 * - customer file (profile columns) + weekly file → the 29 features are engineered here;
 * - customer file alone → it must carry all 29 feature columns (catalog keys).
 * Every cell is checked; all problems are collected with file, line and column, and if
 * there is any, nothing is written. The write goes through the same single transaction as
 * generated data.
 */
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { DatasetRow } from "../../db/schema";
import { FEATURE_COUNT, FEATURE_KEYS } from "./catalog";
import { writeDatasetRecords, type CustomerInput, type DatasetRecords } from "./dataset-store";
import { engineerFeatures, notMissing } from "./features";
import type { WeekRecord } from "./generator";
import {
  DERIVED_FEATURE_CELLS,
  IDENTITY_CELLS,
  MARKET_RETURN_CELL,
  OPTIONAL_CUSTOMER_COLUMNS,
  PROFILE_CELLS,
  WEEKLY_CELLS,
} from "./import-schema";
import { readTable, TableFormatError, type Table } from "./tabular";
import { AppError } from "../errors/app-error";

export interface ImportIssue {
  file: string;
  /** 1-based line in the file, header included. */
  line: number;
  /** Column name as in the header (or the missing column). */
  column: string;
  message: string;
}

/** Keep memory bounded on a hopeless file; `total` still counts every problem. */
const MAX_COLLECTED = 10_000;
const MAX_REPORTED = 100;

export class ImportValidationError extends AppError {
  /** The first 100 problems, in file order. */
  readonly errors: ImportIssue[];
  readonly total: number;
  constructor(errors: ImportIssue[], total: number) {
    const shown = errors.slice(0, MAX_REPORTED);
    const lines = shown.slice(0, 20).map((e) => `  ${e.file} 第${e.line}行 ${e.column}: ${e.message}`);
    const more = total > 20 ? `\n  … 共 ${total} 处错误 (${total} problems in total)` : "";
    super("BAD_USER_INPUT", `导入数据校验失败，未写入任何数据 (import rejected, nothing written):\n${lines.join("\n")}${more}`, { field: "file", details: shown });
    this.name = "ImportValidationError";
    this.errors = shown;
    this.total = total;
  }
}

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportInput {
  customersFile: ImportFile;
  weeklyFile?: ImportFile;
}

export interface ImportOptions {
  name?: string;
  onProgress?: (done: number, total: number) => void;
}

class Issues {
  readonly list: ImportIssue[] = [];
  total = 0;
  add(file: string, line: number, column: string, message: string): void {
    this.total++;
    if (this.list.length < MAX_COLLECTED) this.list.push({ file, line, column, message });
  }
}

type CellSchema = z.ZodType<unknown, string>;

/** Column index per name; reports missing required and duplicated columns. */
function columnIndex(table: Table, file: string, required: readonly string[], issues: Issues): Map<string, number> {
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    if (!name) return;
    if (index.has(name)) issues.add(file, table.headerLine, name, "列名重复 (duplicate column)");
    else index.set(name, i);
  });
  for (const name of required) {
    if (!index.has(name)) issues.add(file, table.headerLine, name, "缺少必需列 (required column missing)");
  }
  return index;
}

/** Parses the given columns of one row; undefined when any cell failed (issues recorded). */
function parseRow(
  file: string,
  row: { line: number; cells: string[] },
  index: Map<string, number>,
  schemas: Readonly<Record<string, CellSchema>>,
  issues: Issues,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [name, schema] of Object.entries(schemas)) {
    const col = index.get(name);
    if (col === undefined) continue;
    const r = schema.safeParse(row.cells[col] ?? "");
    if (r.success) out[name] = r.data;
    else {
      ok = false;
      issues.add(file, row.line, name, r.error.issues[0]?.message ?? "无效 (invalid)");
    }
  }
  return ok ? out : undefined;
}

interface ParsedCustomer {
  line: number;
  row: CustomerInput;
  /** Only when the file carries features directly. */
  features?: Float64Array;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

function toCustomer(v: Record<string, unknown>): CustomerInput {
  return {
    id: str(v.customer_id),
    name: str(v.name),
    phone: str(v.phone),
    idNumber: str(v.id_number),
    branch: str(v.branch),
    customerType: v.customer_type as number,
    riskTolerance: v.risk_tolerance as number,
    age: v.age as number,
    tenureMonths: v.tenure_months as number,
    openChannel: v.open_channel as number,
    hasMargin: v.has_margin as boolean,
    hasAdvisor: v.has_advisor as boolean,
    commissionRate: v.commission_rate as number,
    productCount: v.product_count as number,
    churned: v.churned === undefined ? null : (v.churned as boolean | null),
    trueProbability: null,
  };
}

function featureValue(v: Record<string, unknown>, key: string): number {
  const x = v[key];
  return typeof x === "boolean" ? (x ? 1 : 0) : (x as number);
}

async function loadTable(file: ImportFile, issues: Issues): Promise<Table | undefined> {
  try {
    return await readTable(file);
  } catch (e) {
    if (e instanceof TableFormatError) {
      issues.add(file.name, 1, "", e.message);
      return undefined;
    }
    throw e;
  }
}

/** Validates both files and builds the records to store; throws ImportValidationError on any problem. */
export async function parseImport(input: ImportInput, name?: string): Promise<DatasetRecords> {
  const issues = new Issues();
  const cFile = input.customersFile.name;
  const withWeekly = input.weeklyFile !== undefined;
  const cTable = await loadTable(input.customersFile, issues);
  const wTable = input.weeklyFile ? await loadTable(input.weeklyFile, issues) : undefined;
  const fail = () => new ImportValidationError(issues.list, issues.total);
  if (!cTable || (withWeekly && !wTable)) throw fail();

  const customerSchemas: Record<string, CellSchema> = withWeekly
    ? { ...IDENTITY_CELLS, ...PROFILE_CELLS }
    : { ...IDENTITY_CELLS, ...PROFILE_CELLS, ...DERIVED_FEATURE_CELLS };
  const requiredCustomer = Object.keys(customerSchemas).filter((k) => !(OPTIONAL_CUSTOMER_COLUMNS as readonly string[]).includes(k));
  const cIndex = columnIndex(cTable, cFile, requiredCustomer, issues);
  if (cTable.rows.length === 0) issues.add(cFile, cTable.headerLine, "customer_id", "文件中没有客户数据 (no customer rows)");

  const parsed: ParsedCustomer[] = [];
  const byId = new Map<string, number>();
  // Ids of every row, valid or not, so weekly rows of a bad customer row are not reported twice.
  const knownIds = new Map<string, number>();
  for (const row of cTable.rows) {
    const v = parseRow(cFile, row, cIndex, customerSchemas, issues);
    const id = row.cells[cIndex.get("customer_id") ?? -1]?.trim() ?? "";
    if (id && knownIds.has(id)) {
      issues.add(cFile, row.line, "customer_id", `客户编号重复，首次出现在第${knownIds.get(id)}行 (duplicate customer_id)`);
      continue;
    }
    if (id) knownIds.set(id, row.line);
    if (!v) continue;
    const customer: ParsedCustomer = { line: row.line, row: toCustomer(v) };
    if (!withWeekly) {
      const f = new Float64Array(FEATURE_COUNT);
      FEATURE_KEYS.forEach((key, k) => (f[k] = notMissing(featureValue(v, key))));
      customer.features = f;
    }
    byId.set(id, parsed.length);
    parsed.push(customer);
  }

  let weeks: WeekRecord[][] = [];
  let nWeeks = 0;
  let market: number[] = [];
  if (wTable && input.weeklyFile) {
    const r = parseWeekly(input.weeklyFile.name, wTable, byId, knownIds, parsed, issues);
    weeks = r.weeks;
    nWeeks = r.nWeeks;
    market = r.market;
  }
  if (issues.total > 0) throw fail();

  const features = new Float64Array(parsed.length * FEATURE_COUNT);
  parsed.forEach((c, i) => {
    if (c.features) features.set(c.features, i * FEATURE_COUNT);
    else engineerFeatures(c.row, weeks[i], market, features, i * FEATURE_COUNT);
  });
  let labelled = 0;
  let churned = 0;
  for (const c of parsed) {
    if (c.row.churned !== null) {
      labelled++;
      if (c.row.churned) churned++;
    }
  }
  return {
    name: name ?? `导入数据 ${cFile}`,
    source: "import",
    seed: null,
    nWeeks,
    targetChurnRate: null,
    oracleAuc: null,
    churnRate: labelled > 0 ? churned / labelled : 0,
    count: parsed.length,
    customer: (i) => parsed[i].row,
    weeks: (i) => weeks[i] ?? [],
    features,
  };
}

function parseWeekly(
  file: string,
  table: Table,
  byId: Map<string, number>,
  knownIds: ReadonlyMap<string, number>,
  customers: ParsedCustomer[],
  issues: Issues,
): { weeks: WeekRecord[][]; nWeeks: number; market: number[] } {
  const before = issues.total;
  const index = columnIndex(table, file, Object.keys(WEEKLY_CELLS), issues);
  const schemas: Record<string, CellSchema> = index.has("market_return") ? { ...WEEKLY_CELLS, market_return: MARKET_RETURN_CELL } : WEEKLY_CELLS;
  const weeks: WeekRecord[][] = customers.map(() => []);
  const firstLine: number[] = customers.map(() => 0);
  const seen = new Map<string, number>();
  const marketByWeek = new Map<number, number>();
  const unknownReported = new Set<string>();
  let maxWeek = 0;
  if (issues.total > before) return { weeks, nWeeks: 0, market: [] };
  if (table.rows.length === 0) issues.add(file, table.headerLine, "customer_id", "文件中没有周度数据 (no weekly rows)");
  for (const row of table.rows) {
    const v = parseRow(file, row, index, schemas, issues);
    if (!v) continue;
    const id = v.customer_id as string;
    const week = v.week as number;
    const ci = byId.get(id);
    if (ci === undefined) {
      if (knownIds.has(id) || unknownReported.has(id)) continue; // reported already (its customer row, or its first week)
      unknownReported.add(id);
      issues.add(file, row.line, "customer_id", `客户 ${id.slice(0, 64)} 不在客户文件中 (customer not in the customer file)`);
      continue;
    }
    const key = `${id}\u0000${week}`;
    if (seen.has(key)) {
      issues.add(file, row.line, "week", `客户 ${id} 第${week}周重复，首次出现在第${seen.get(key)}行 (duplicate week)`);
      continue;
    }
    seen.set(key, row.line);
    if (firstLine[ci] === 0) firstLine[ci] = row.line;
    maxWeek = Math.max(maxWeek, week);
    weeks[ci].push({
      week,
      logins: v.logins as number,
      trades: v.trades as number,
      tradeAmount: v.trade_amount as number,
      totalAssets: v.total_assets as number,
      netInflow: v.net_inflow as number,
      serviceContacts: v.service_contacts as number,
      complaints: v.complaints as number,
      weeklyReturn: v.weekly_return as number,
    });
    // The index return is the same for everyone; the first row of a week carries it.
    if (typeof v.market_return === "number" && !marketByWeek.has(week)) marketByWeek.set(week, v.market_return);
  }
  if (issues.total > before) return { weeks, nWeeks: 0, market: [] };
  if (maxWeek < 4) issues.add(file, table.headerLine, "week", `至少需要 4 周数据，文件只有 ${maxWeek} 周 (need 4..52 weeks)`);
  customers.forEach((c, i) => {
    const w = weeks[i];
    if (w.length === 0) {
      issues.add(file, table.headerLine, "customer_id", `客户 ${c.row.id}（客户文件第${c.line}行）没有周度数据 (customer has no weekly rows)`);
      return;
    }
    if (w.length !== maxWeek) {
      const have = new Set(w.map((x) => x.week));
      const missing: number[] = [];
      for (let k = 1; k <= maxWeek && missing.length < 5; k++) if (!have.has(k)) missing.push(k);
      issues.add(file, firstLine[i], "week", `客户 ${c.row.id} 缺少第 ${missing.join("、")} 周数据，每位客户需有第 1 至 ${maxWeek} 周 (every customer needs weeks 1..${maxWeek})`);
    }
    w.sort((a, b) => a.week - b.week);
  });
  const market: number[] = [];
  for (let k = 1; k <= maxWeek; k++) {
    market.push(marketByWeek.get(k) ?? 0);
  }
  return { weeks, nWeeks: maxWeek, market };
}

export async function importDataset(db: Db, input: ImportInput, options: ImportOptions = {}): Promise<DatasetRow> {
  const records = await parseImport(input, options.name);
  return writeDatasetRecords(db, records, options.onProgress);
}
