/**
 * A brokerage's own data as a timeline: a customer master (id, open date, profile), dated
 * activity (daily, weekly or monthly rows, aggregated to the product's Monday weeks) and,
 * optionally, churn events. The result is DatasetRecords exactly like a generated timeline's:
 * customers with openWeek / churnWeek / churnType, weekly rows, and as-of snapshots built by
 * buildSnapshot over a TimelineSource on the imported weeks.
 *
 * Aggregation to weeks (week w = the Monday startDate + 7w … the Sunday after, Asia/Shanghai
 * calendar dates): counts, amounts and flows are summed; total assets take the value of the
 * latest date in the week, carried forward through weeks without one; returns compound. A
 * monthly (or weekly) row covers its whole period: sums are spread over the period's days,
 * returns geometrically, assets belong to the period's last day. A week with no rows has no
 * activity (counts 0, return 0); a week whose rows are all blank in a column is missing there.
 *
 * Churn: the earliest of the master's close date (销户) and the customer's events; without an
 * events file, 资产转出 is derived from weekly assets as the generator defines it (assets at the
 * end of week w ≤ 20 % of those four weeks earlier → event in week w + 1). Rows at or after the
 * churn week are dropped (a warning counts them).
 *
 * Missing values: a blank profile or activity cell is missing, so are the features computed
 * from it in every window that contains it; a feature whose inputs have no column at all is
 * missing (NaN) for the whole dataset and named in a warning. Ids and dates are required.
 */
import { FEATURE_COUNT, FEATURES } from "../catalog";
import type { CustomerInput, DatasetRecords, StoredSnapshot } from "../dataset-store";
import type { FeatureProfile, FeatureWeek } from "../features";
import type { WeekRecord } from "../generator";
import type { ImportFile } from "../import";
import { readTable, TableFormatError, type Table } from "../tabular";
import { asOfDates, dayNumber, isoDate, tenureMonthsAt, weekday } from "../timeline/as-of";
import { buildSnapshot } from "../timeline/snapshot";
import type { SourceCustomer, TimelineSource } from "../timeline/source";
import type { ChurnType } from "../timeline/types";
import type { TextEncoding } from "./encoding";
import { IssueList, TimelineImportError, type ImportFileColumns, type ImportWarning, type IssueRule, type MappedColumn } from "./issues";
import {
  boolLookup,
  categoryLabels,
  categoryLookup,
  eventTypeLookup,
  FILE_KIND_ZH,
  fieldDef,
  mappingProfileSchema,
  resolveColumns,
  suggestProfile,
  unitOf,
  type ActivityPeriod,
  type ColumnMapping,
  type FileKind,
  type MappingProfile,
  type MappingProfileInput,
} from "./mapping";
import { labelKey, parseAmount, parseBool, parseDate, parsePlainNumber, parseRateBp, parseReturn, type AmountUnit, type RateUnit, type ReturnUnit } from "./values";

export interface TimelineImportFiles {
  /** Required for a new dataset; optional when appending (it then only adds customers who join). */
  customers?: ImportFile;
  activity: ImportFile;
  events?: ImportFile;
}

/**
 * Appending weeks to a stored dataset: the dataset in the import format (export-import-format.ts)
 * is read back as the history, the new files add to it. The new activity must cover weeks
 * after the stored ones, contiguously from the data date; new customers join through the
 * customers file (ids already stored keep their stored row); churn events must be dated on or
 * after the data date (the past's labels do not change).
 */
export interface TimelineAppend {
  base: { customers: ImportFile; activity: ImportFile; events: ImportFile; profile: MappingProfileInput };
  startDate: string;
  /** Weeks stored: the new activity starts at this week index. */
  nWeeks: number;
  lookbackWeeks: number;
  horizonWeeks: number;
}

export interface TimelineImportOptions {
  /** Header mapping, value maps, units and timeline options; default: suggestions from the headers. */
  profile?: MappingProfile;
  /** Dataset name; default "导入数据 <customers file name>". */
  name?: string;
  /**
   * The dataset is to be trained on: labelled as-of dates with both churned and retained
   * customers are then required (an error naming the cause), otherwise only a warning.
   */
  forTraining?: boolean;
  /** Append weeks to a stored dataset instead of importing a new one. */
  append?: TimelineAppend;
}

export interface TimelineImportSummary {
  customers: number;
  /** Customers left out (churned before the data starts, or opened after it ends). */
  customersDropped: number;
  activityRows: number;
  period: Exclude<ActivityPeriod, "auto">;
  startDate: string;
  nWeeks: number;
  /** Monday after the last week: the as-of date of scoring. */
  dataDate: string;
  churnSource: "events" | "derived";
  churnEvents: Record<ChurnType, number>;
  /** Features missing for the whole dataset (catalog keys). */
  missingFeatures: string[];
  encodings: Partial<Record<FileKind, TextEncoding>>;
}

export interface TimelineImportResult {
  records: DatasetRecords;
  /** Each file's columns and the field each maps to. */
  columns: ImportFileColumns["columns"];
  warnings: ImportWarning[];
  /** The mapping used (the given profile, or the suggestions): save it to repeat the import. */
  profile: MappingProfile;
  summary: TimelineImportSummary;
}

/** Weeks a timeline may span (20 years; the database stores weeks as smallint). */
const MAX_WEEKS = 1040;
/** 资产转出: assets at most this share of those ASSET_OUT_WEEKS earlier. */
const ASSET_OUT_SHARE = 0.2;
const ASSET_OUT_WEEKS = 4;

type WeekField = keyof FeatureWeek;
const WEEK_FIELDS: readonly WeekField[] = ["logins", "trades", "tradeAmount", "totalAssets", "netInflow", "serviceContacts", "complaints", "weeklyReturn"];
const SUM_FIELDS: readonly WeekField[] = ["logins", "trades", "tradeAmount", "netInflow", "serviceContacts", "complaints"];
const INT_FIELDS = new Set<WeekField>(["logins", "trades", "serviceContacts", "complaints"]);
/** Activity field key → weekly column. */
const ACTIVITY_TO_WEEK: Readonly<Record<string, WeekField>> = {
  logins: "logins",
  trades: "trades",
  trade_amount: "tradeAmount",
  total_assets: "totalAssets",
  net_inflow: "netInflow",
  service_contacts: "serviceContacts",
  complaints: "complaints",
  period_return: "weeklyReturn",
};

type ProfileField = Exclude<keyof FeatureProfile, "tenureMonths">;
const PROFILE_FIELDS: Readonly<Record<ProfileField, string>> = {
  customerType: "customer_type",
  riskTolerance: "risk_tolerance",
  age: "age",
  openChannel: "open_channel",
  hasMargin: "has_margin",
  hasAdvisor: "has_advisor",
  commissionRate: "commission_rate",
  productCount: "product_count",
};

/** What each feature reads: weekly columns, "market", or a profile field. tenure_months reads the (required) open date. */
const FEATURE_INPUTS: Readonly<Record<string, readonly (WeekField | "market" | ProfileField)[]>> = {
  customer_type: ["customerType"],
  risk_tolerance: ["riskTolerance"],
  age: ["age"],
  tenure_months: [],
  open_channel: ["openChannel"],
  has_margin: ["hasMargin"],
  has_advisor: ["hasAdvisor"],
  commission_rate: ["commissionRate"],
  assets_latest: ["totalAssets"],
  assets_change_pct: ["totalAssets"],
  assets_trend: ["totalAssets"],
  net_inflow_total: ["netInflow"],
  outflow_last4w: ["netInflow"],
  max_drawdown: ["weeklyReturn"],
  product_count: ["productCount"],
  trades_total: ["trades"],
  trades_trend: ["trades"],
  avg_trade_amount: ["trades", "tradeAmount"],
  turnover_rate: ["tradeAmount", "totalAssets"],
  inactive_weeks: ["trades"],
  days_since_last_trade: ["trades"],
  logins_total: ["logins"],
  login_trend: ["logins"],
  days_since_last_login: ["logins"],
  active_weeks_last4: ["logins", "trades"],
  service_contacts_total: ["serviceContacts"],
  complaints_total: ["complaints"],
  return_12w: ["weeklyReturn"],
  excess_return: ["weeklyReturn", "market"],
};

const INPUT_ZH: Readonly<Record<string, string>> = {
  logins: "登录次数",
  trades: "交易笔数",
  tradeAmount: "交易金额",
  totalAssets: "总资产",
  netInflow: "资金净流入",
  serviceContacts: "客服联系次数",
  complaints: "投诉次数",
  weeklyReturn: "收益率",
  market: "大盘收益率",
  customerType: "客户类型",
  riskTolerance: "风险承受能力",
  age: "年龄",
  openChannel: "开户渠道",
  hasMargin: "是否开通两融",
  hasAdvisor: "是否有专属投顾",
  commissionRate: "佣金费率",
  productCount: "持有产品种类数",
};

interface ParsedCustomer {
  line: number;
  id: string;
  name: string;
  phone: string;
  idNumber: string;
  branch: string;
  openDay: number;
  closeDay: number | null;
  /** Profile values as numbers (booleans 0/1); NaN = blank (missing). */
  profile: Record<ProfileField, number>;
}

/** One table with its column mapping, and cell access by field. */
class MappedTable {
  readonly byField = new Map<string, number>();
  readonly headerOf = new Map<string, string>();
  constructor(
    readonly kind: FileKind,
    readonly file: string,
    readonly table: Table,
    readonly mapping: ColumnMapping,
  ) {
    const header = table.rawHeader ?? table.header;
    for (const [i, field] of mapping.fields) {
      this.byField.set(field, i);
      this.headerOf.set(field, header[i] ?? field);
    }
  }
  has(field: string): boolean {
    return this.byField.has(field);
  }
  cell(cells: readonly string[], field: string): string {
    const i = this.byField.get(field);
    return i === undefined ? "" : (cells[i] ?? "").trim();
  }
  column(field: string): string {
    return this.headerOf.get(field) ?? field;
  }
}

async function loadTable(kind: FileKind, file: ImportFile, issues: IssueList): Promise<Table | undefined> {
  try {
    const t = await readTable(file, { cellErrors: "collect" });
    const header = t.rawHeader ?? t.header;
    for (const e of t.cellErrors ?? []) issues.add(file.name, e.line, header[e.column] ?? `#${e.column + 1}`, e.value, "formula", e.message);
    return t;
  } catch (e) {
    if (e instanceof TableFormatError) {
      issues.add(file.name, 1, "", "", "file", `${FILE_KIND_ZH[kind]}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

function mapTable(kind: FileKind, file: ImportFile, table: Table, profile: MappingProfile | undefined, issues: IssueList, warnings: ImportWarning[]): MappedTable {
  const header = table.rawHeader ?? table.header;
  const mapping = resolveColumns(kind, header, profile);
  for (const d of mapping.missingRequired) {
    const known = d.synonyms.slice(0, 8).join("、");
    issues.add(file.name, table.headerLine, d.key, "", "missing_column", `${FILE_KIND_ZH[kind]}缺少必需列 ${d.zh} (${d.key})；可识别的列名：${known}，或在映射配置中指定 (required column missing: map one in the profile)`);
  }
  if (mapping.unknown.length > 0) {
    warnings.push({
      file: file.name,
      rule: "unknown_column",
      count: mapping.unknown.length,
      message: `未识别的列已忽略 (unknown columns ignored): ${mapping.unknown.map((u) => u.header).join("、")}`,
    });
  }
  for (const h of mapping.labelColumns) {
    warnings.push({
      file: file.name,
      column: h,
      rule: "label_column",
      count: 1,
      message: `列 “${h}” 像是流失标签，但时间线需要流失日期：请提供事件文件（销户/转户及日期）或销户日期列；该列已忽略 (a churn label without a date cannot be placed on the timeline; ignored)`,
    });
  }
  return new MappedTable(kind, file.name, table, mapping);
}

function mappedColumns(t: MappedTable): MappedColumn[] {
  const header = t.table.rawHeader ?? t.table.header;
  return header.map((h, i) => ({ header: h, field: t.mapping.fields.get(i) ?? null })).filter((c) => c.header.trim() !== "");
}

/** Reads cells of one row, reporting each bad one; `ok` false once any failed. */
class RowReader {
  ok = true;
  constructor(
    private readonly t: MappedTable,
    private readonly cells: readonly string[],
    private readonly line: number,
    private readonly issues: IssueList,
  ) {}

  fail(field: string, value: string, rule: IssueRule, message: string): void {
    this.ok = false;
    this.issues.add(this.t.file, this.line, this.t.column(field), value, rule, message);
  }

  text(field: string): string {
    return this.t.cell(this.cells, field);
  }

  id(field = "customer_id"): string {
    const v = this.text(field);
    if (v === "") this.fail(field, v, "required", "客户编号不能为空 (customer id required)");
    else if (v.length > 64) this.fail(field, v, "text", "客户编号不能超过 64 个字符 (at most 64 characters)");
    else if (/[\u0000-\u001f\u007f]/.test(v)) this.fail(field, v, "text", "不能包含控制字符 (no control characters)");
    else return v;
    return "";
  }

  freeText(field: string): string {
    const v = this.text(field);
    const max = fieldDef(this.t.kind, field)?.max ?? 100;
    if (v.length > max) this.fail(field, v, "text", `长度不能超过 ${max} 个字符 (at most ${max} characters)`);
    else if (/[\u0000-\u001f\u007f]/.test(v)) this.fail(field, v, "text", "不能包含控制字符 (no control characters)");
    else return v;
    return "";
  }

  /** Day number; NaN when blank and optional or bad (reported). */
  date(field: string, required: boolean): number {
    const v = this.text(field);
    if (v === "") {
      if (required) this.fail(field, v, "required", "日期不能为空 (date required)");
      return Number.NaN;
    }
    const iso = parseDate(v);
    if (iso === null) {
      this.fail(field, v, "date", "不是有效日期：可用 2026-11-01、2026/11/1、20261101、2026年11月1日 或 Excel 日期序号 (not a valid date)");
      return Number.NaN;
    }
    return dayNumber(iso);
  }

  /** A number in range after `parse`; NaN when blank (missing) or bad (reported). */
  number(field: string, parse: (s: string) => number | null, int = false): number {
    const v = this.text(field);
    if (v === "") return Number.NaN;
    const def = fieldDef(this.t.kind, field)!;
    const x = parse(v);
    const range = `${def.min ?? "−∞"}..${def.max ?? "+∞"}`;
    if (x === null) {
      this.fail(field, v, "number", `不是有效数值 (not a number); ${def.zh} 应在 ${range}`);
      return Number.NaN;
    }
    if ((def.min !== undefined && x < def.min) || (def.max !== undefined && x > def.max) || (int && !Number.isInteger(x))) {
      this.fail(field, v, "range", `${def.zh} 必须是 ${range} 之间的${int ? "整数" : "数值"} (must be ${int ? "an integer" : "a number"} in ${range})`);
      return Number.NaN;
    }
    return x;
  }

  category(field: string, lookup: ReadonlyMap<string, number>): number {
    const v = this.text(field);
    if (v === "") return Number.NaN;
    const code = lookup.get(labelKey(v));
    if (code === undefined) {
      this.fail(field, v, "category", `不是可识别的取值：可用 ${categoryLabels(field)}，或在映射配置 values.${field} 中添加 (unknown value: add it to the profile's value map)`);
      return Number.NaN;
    }
    return code;
  }

  bool(field: string, extra: Record<string, boolean> | undefined): number {
    const v = this.text(field);
    if (v === "") return Number.NaN;
    const b = parseBool(v, extra);
    if (b === null) {
      this.fail(field, v, "bool", "必须是 是/否、1/0、true/false (must be yes/no)");
      return Number.NaN;
    }
    return b ? 1 : 0;
  }
}

const withoutSuffix = (suffix: string) => (s: string) => parsePlainNumber(s.trim().replace(new RegExp(`${suffix}$`), ""));

function parseCustomers(t: MappedTable, profile: MappingProfile | undefined, issues: IssueList): ParsedCustomer[] {
  const customerType = categoryLookup(profile, "customer_type");
  const risk = categoryLookup(profile, "risk_tolerance");
  const channel = categoryLookup(profile, "open_channel");
  const margin = boolLookup(profile, "has_margin");
  const advisor = boolLookup(profile, "has_advisor");
  const rateUnit = unitOf(profile, t.mapping, "commission_rate") as RateUnit | undefined;
  const seen = new Map<string, number>();
  const out: ParsedCustomer[] = [];
  if (t.table.rows.length === 0) issues.add(t.file, t.table.headerLine, t.column("customer_id"), "", "required", "客户文件中没有客户 (no customer rows)");
  for (const row of t.table.rows) {
    const r = new RowReader(t, row.cells, row.line, issues);
    const id = r.id();
    if (id) {
      const first = seen.get(id);
      if (first !== undefined) r.fail("customer_id", id, "duplicate_id", `客户编号重复，首次出现在第${first}行 (duplicate customer id)`);
      else seen.set(id, row.line);
    }
    const openDay = r.date("open_date", true);
    const closeDay = r.date("close_date", false);
    if (Number.isFinite(openDay) && Number.isFinite(closeDay) && closeDay < openDay) {
      r.fail("close_date", r.text("close_date"), "before_open", `销户日期早于开户日期 ${isoDate(openDay)} (close date before open date)`);
    }
    const p: Record<ProfileField, number> = {
      customerType: r.category("customer_type", customerType),
      riskTolerance: r.category("risk_tolerance", risk),
      age: r.number("age", withoutSuffix("岁"), true),
      openChannel: r.category("open_channel", channel),
      hasMargin: r.bool("has_margin", margin),
      hasAdvisor: r.bool("has_advisor", advisor),
      commissionRate: r.number("commission_rate", (s) => parseRateBp(s, rateUnit)),
      productCount: r.number("product_count", withoutSuffix("种"), true),
    };
    const name = r.freeText("name");
    const phone = r.freeText("phone");
    const idNumber = r.freeText("id_number");
    const branch = r.freeText("branch");
    if (!r.ok) continue;
    out.push({ line: row.line, id, name, phone, idNumber, branch, openDay, closeDay: Number.isFinite(closeDay) ? closeDay : null, profile: p });
  }
  return out;
}

/** Activity rows column-wise, as read (before aggregation). */
interface ActivityRows {
  n: number;
  customer: Int32Array;
  day: Int32Array;
  /** Per weekly column: the row's value (NaN = blank); absent when the column is not in the file. */
  values: Partial<Record<WeekField, Float64Array>>;
  market: Float64Array | null;
  lines: Int32Array;
  /** Per row, when rows of different periods are combined (appending): index into PERIODS. */
  periodCode?: Uint8Array;
}

type Period = Exclude<ActivityPeriod, "auto">;
const PERIODS: readonly Period[] = ["day", "week", "month"];
const rowPeriod = (rows: ActivityRows, r: number, period: Period): Period => (rows.periodCode ? PERIODS[rows.periodCode[r]] : period);

/** Two row sets as one, each row keeping its own period; a column one set lacks is blank (missing) in its rows. */
function concatRows(a: ActivityRows, pa: Period, b: ActivityRows, pb: Period): ActivityRows {
  const n = a.n + b.n;
  const join = <T extends Int32Array | Float64Array>(x: T, y: T, make: (n: number) => T): T => {
    const out = make(n);
    out.set(x.subarray(0, a.n));
    out.set(y.subarray(0, b.n), a.n);
    return out;
  };
  const blank = (k: number) => new Float64Array(k).fill(Number.NaN);
  const values: Partial<Record<WeekField, Float64Array>> = {};
  for (const f of WEEK_FIELDS) {
    if (!a.values[f] && !b.values[f]) continue;
    values[f] = join(a.values[f] ?? blank(a.n), b.values[f] ?? blank(b.n), (k) => new Float64Array(k));
  }
  const market = a.market || b.market ? join(a.market ?? blank(a.n), b.market ?? blank(b.n), (k) => new Float64Array(k)) : null;
  const periodCode = new Uint8Array(n);
  periodCode.fill(PERIODS.indexOf(pa), 0, a.n);
  periodCode.fill(PERIODS.indexOf(pb), a.n);
  return {
    n,
    customer: join(a.customer, b.customer, (k) => new Int32Array(k)),
    day: join(a.day, b.day, (k) => new Int32Array(k)),
    values,
    market,
    lines: join(a.lines, b.lines, (k) => new Int32Array(k)),
    periodCode,
  };
}

const UNKNOWN_CUSTOMER = "客户不在客户文件中（或其客户行有错误）(customer not in the customer file, or its row is invalid)";
const UNKNOWN_IN_APPEND = "客户不在数据集中，也不在本次的客户文件中：新客户请在客户文件中提供 (customer neither in the dataset nor in this customers file: new customers join through the customers file)";

function parseActivity(t: MappedTable, profile: MappingProfile | undefined, customers: readonly ParsedCustomer[], issues: IssueList, unknownMessage = UNKNOWN_CUSTOMER): ActivityRows {
  const index = new Map(customers.map((c, i) => [c.id, i] as const));
  const n0 = t.table.rows.length;
  const customer = new Int32Array(n0);
  const day = new Int32Array(n0);
  const lines = new Int32Array(n0);
  const values: Partial<Record<WeekField, Float64Array>> = {};
  const readers: { field: string; week: WeekField; parse: (s: string) => number | null; int: boolean }[] = [];
  const amount = (field: string) => (s: string) => parseAmount(s, (unitOf(profile, t.mapping, field) as AmountUnit | undefined) ?? "元");
  const ret = (field: string) => (s: string) => parseReturn(s, (unitOf(profile, t.mapping, field) as ReturnUnit | undefined) ?? "fraction");
  for (const [field, week] of Object.entries(ACTIVITY_TO_WEEK)) {
    if (!t.has(field)) continue;
    const kind = fieldDef("activity", field)!.kind;
    const parse = kind === "amount" ? amount(field) : kind === "return" ? ret(field) : (s: string) => parsePlainNumber(s);
    readers.push({ field, week, parse, int: kind === "count" });
    values[week] = new Float64Array(n0);
  }
  // Without a net-inflow column, transfers in and out give it.
  const flows = !t.has("net_inflow") && (t.has("inflow") || t.has("outflow"));
  if (flows) values.netInflow = new Float64Array(n0);
  const market = t.has("market_return") ? new Float64Array(n0) : null;
  const known = (id: string) => index.get(id);
  const seen = new Set<number>();
  let n = 0;
  if (n0 === 0) issues.add(t.file, t.table.headerLine, t.column("customer_id"), "", "required", "活动文件中没有记录 (no activity rows)");
  for (const row of t.table.rows) {
    const r = new RowReader(t, row.cells, row.line, issues);
    const id = r.id();
    const d = r.date("date", true);
    const ci = id ? known(id) : undefined;
    if (id && ci === undefined) r.fail("customer_id", id, "unknown_customer", unknownMessage);
    const parsed = readers.map((x) => r.number(x.field, x.parse, x.int));
    let net = Number.NaN;
    if (flows) {
      const inflow = r.number("inflow", amount("inflow"));
      const outflow = r.number("outflow", amount("outflow"));
      net = Number.isNaN(inflow) && Number.isNaN(outflow) ? Number.NaN : (Number.isNaN(inflow) ? 0 : inflow) - (Number.isNaN(outflow) ? 0 : outflow);
    }
    const m = market ? r.number("market_return", ret("market_return")) : Number.NaN;
    if (ci !== undefined && Number.isFinite(d)) {
      const c = customers[ci];
      if (d < c.openDay) r.fail("date", r.text("date"), "before_open", `活动日期早于该客户的开户日期 ${isoDate(c.openDay)} (activity before the account was opened)`);
      // Days fit in 2^16 from 1900 to 2079; a customer index times 2^17 stays below 2^53.
      const key = ci * 131072 + (d + 25567);
      if (seen.has(key)) r.fail("date", r.text("date"), "duplicate_row", `客户 ${id} 在 ${isoDate(d)} 的记录重复 (duplicate row for this customer and date)`);
      else seen.add(key);
    }
    if (!r.ok || ci === undefined) continue;
    customer[n] = ci;
    day[n] = d;
    lines[n] = row.line;
    readers.forEach((x, k) => (values[x.week]![n] = parsed[k]));
    if (flows) values.netInflow![n] = net;
    if (market) market[n] = m;
    n++;
  }
  return { n, customer, day, values, market, lines };
}

function detectPeriod(rows: ActivityRows): Exclude<ActivityPeriod, "auto"> {
  const order = Array.from({ length: rows.n }, (_, i) => i).sort((a, b) => rows.customer[a] - rows.customer[b] || rows.day[a] - rows.day[b]);
  let minGap = Number.POSITIVE_INFINITY;
  for (let k = 1; k < order.length; k++) {
    const a = order[k - 1];
    const b = order[k];
    if (rows.customer[a] === rows.customer[b]) minGap = Math.min(minGap, rows.day[b] - rows.day[a]);
  }
  if (minGap >= 28 && Number.isFinite(minGap)) return "month";
  if (minGap >= 7) return "week";
  return "day";
}

/** Days [first, last] a row dated `day` covers. */
function periodOf(period: Exclude<ActivityPeriod, "auto">, day: number): [number, number] {
  if (period === "day") return [day, day];
  if (period === "week") {
    const monday = day - weekday(isoDate(day));
    return [monday, monday + 6];
  }
  const iso = isoDate(day);
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const first = Date.UTC(y, m - 1, 1) / 86_400_000;
  const next = Date.UTC(y, m, 1) / 86_400_000;
  return [first, next - 1];
}

interface WeeklyData {
  /** Per customer: first week with a row (max(openWeek, 0)) and row offset into the columns. */
  firstWeek: Int32Array;
  offset: Int32Array;
  /** Column per weekly field, rows [firstWeek, nWeeks) per customer; NaN = missing. */
  cols: Record<WeekField, Float64Array>;
  /** 1 where the customer had any activity row that week. */
  hasRow: Uint8Array;
  market: number[];
}

const HAS_ROW = 1;

function aggregate(
  rows: ActivityRows,
  period: Exclude<ActivityPeriod, "auto">,
  startDay: number,
  nWeeks: number,
  openWeeks: Int32Array,
  present: ReadonlySet<WeekField>,
): WeeklyData {
  const nc = openWeeks.length;
  const firstWeek = new Int32Array(nc);
  const offset = new Int32Array(nc);
  let total = 0;
  for (let i = 0; i < nc; i++) {
    firstWeek[i] = Math.max(openWeeks[i], 0);
    offset[i] = total;
    total += Math.max(0, nWeeks - firstWeek[i]);
  }
  const cols = Object.fromEntries(WEEK_FIELDS.map((f) => [f, new Float64Array(total)])) as Record<WeekField, Float64Array>;
  const known = Object.fromEntries(WEEK_FIELDS.map((f) => [f, new Uint8Array(total)])) as Record<WeekField, Uint8Array>;
  const flags = new Uint8Array(total);
  const assetsDay = new Int32Array(total).fill(-2147483648);
  cols.weeklyReturn.fill(1);
  const marketFactor = new Float64Array(nWeeks).fill(1);
  const marketKnown = new Uint8Array(nWeeks);
  const marketSeen = new Set<number>();

  for (let r = 0; r < rows.n; r++) {
    const ci = rows.customer[r];
    const [a, b] = periodOf(rowPeriod(rows, r, period), rows.day[r]);
    const span = b - a + 1;
    const wa = Math.floor((a - startDay) / 7);
    const wb = Math.floor((b - startDay) / 7);
    for (let w = Math.max(wa, firstWeek[ci]); w <= Math.min(wb, nWeeks - 1); w++) {
      const lo = Math.max(a, startDay + 7 * w);
      const hi = Math.min(b, startDay + 7 * w + 6);
      const share = (hi - lo + 1) / span;
      const cell = offset[ci] + w - firstWeek[ci];
      flags[cell] |= HAS_ROW;
      for (const f of SUM_FIELDS) {
        const v = rows.values[f]?.[r];
        if (v === undefined || Number.isNaN(v)) continue;
        cols[f][cell] += v * share;
        known[f][cell] = 1;
      }
      const ret = rows.values.weeklyReturn?.[r];
      if (ret !== undefined && !Number.isNaN(ret)) {
        cols.weeklyReturn[cell] *= Math.pow(1 + ret, share);
        known.weeklyReturn[cell] = 1;
      }
      if (w === wb) {
        const v = rows.values.totalAssets?.[r];
        if (v !== undefined && !Number.isNaN(v) && b > assetsDay[cell]) {
          assetsDay[cell] = b;
          cols.totalAssets[cell] = v;
          known.totalAssets[cell] = 1;
        }
      }
    }
    // The index return is the same for everyone: the first row of each period carries it.
    const m = rows.market?.[r];
    if (m !== undefined && !Number.isNaN(m) && !marketSeen.has(a)) {
      marketSeen.add(a);
      for (let w = Math.max(wa, 0); w <= Math.min(wb, nWeeks - 1); w++) {
        const lo = Math.max(a, startDay + 7 * w);
        const hi = Math.min(b, startDay + 7 * w + 6);
        marketFactor[w] *= Math.pow(1 + m, (hi - lo + 1) / span);
        marketKnown[w] = 1;
      }
    }
  }

  for (let i = 0; i < nc; i++) {
    let lastAssets = Number.NaN;
    for (let w = firstWeek[i]; w < nWeeks; w++) {
      const cell = offset[i] + w - firstWeek[i];
      const any = flags[cell] & HAS_ROW;
      for (const f of SUM_FIELDS) {
        if (!present.has(f)) cols[f][cell] = Number.NaN;
        else if (!known[f][cell]) cols[f][cell] = any ? Number.NaN : 0;
      }
      if (!present.has("totalAssets")) cols.totalAssets[cell] = Number.NaN;
      else if (known.totalAssets[cell]) lastAssets = cols.totalAssets[cell];
      else cols.totalAssets[cell] = lastAssets;
      if (present.has("weeklyReturn")) {
        cols.weeklyReturn[cell] = known.weeklyReturn[cell] ? cols.weeklyReturn[cell] - 1 : any ? Number.NaN : 0;
      } else cols.weeklyReturn[cell] = Number.NaN;
    }
  }
  const market: number[] = new Array(nWeeks);
  for (let w = 0; w < nWeeks; w++) market[w] = rows.market ? (marketKnown[w] ? marketFactor[w] - 1 : Number.NaN) : 0;
  return { firstWeek, offset, cols, hasRow: flags, market };
}

/** Weekly returns from assets and flows when the file has no return column: (A_w − A_{w−1} − flow_w) / A_{w−1}. */
function deriveReturns(data: WeeklyData, nWeeks: number): void {
  const { cols, firstWeek, offset } = data;
  for (let i = 0; i < firstWeek.length; i++) {
    for (let w = firstWeek[i]; w < nWeeks; w++) {
      const cell = offset[i] + w - firstWeek[i];
      const prev = w > firstWeek[i] ? cols.totalAssets[cell - 1] : Number.NaN;
      cols.weeklyReturn[cell] = prev > 0 ? (cols.totalAssets[cell] - prev - cols.netInflow[cell]) / prev : Number.NaN;
    }
  }
}

/** First week (≥ `from`: an append leaves the stored weeks' events as they are) of a 资产转出 event from weekly assets, or null. */
function assetOutWeek(data: WeeklyData, i: number, nWeeks: number, from: number): number | null {
  const { cols, firstWeek, offset } = data;
  const a = cols.totalAssets;
  for (let w = Math.max(firstWeek[i] + ASSET_OUT_WEEKS, from - 1); w + 1 < nWeeks; w++) {
    const before = a[offset[i] + w - ASSET_OUT_WEEKS - firstWeek[i]];
    const now = a[offset[i] + w - firstWeek[i]];
    if (before > 0 && now <= ASSET_OUT_SHARE * before) return w + 1;
  }
  return null;
}

interface EventRow {
  customer: number;
  day: number;
  type: ChurnType;
  line: number;
}

function parseEvents(t: MappedTable, profile: MappingProfile | undefined, customers: readonly ParsedCustomer[], issues: IssueList, unknownMessage = UNKNOWN_CUSTOMER): EventRow[] {
  const index = new Map(customers.map((c, i) => [c.id, i] as const));
  const types = eventTypeLookup(profile);
  const out: EventRow[] = [];
  for (const row of t.table.rows) {
    const r = new RowReader(t, row.cells, row.line, issues);
    const id = r.id();
    const day = r.date("date", true);
    const typeText = r.text("event_type");
    const type = types.get(labelKey(typeText));
    if (typeText === "") r.fail("event_type", typeText, "required", `事件类型不能为空：${categoryLabels("event_type")} (event type required)`);
    else if (type === undefined) r.fail("event_type", typeText, "category", `不是可识别的事件类型：可用 ${categoryLabels("event_type")}，或在映射配置 values.event_type 中添加 (unknown event type)`);
    const ci = id ? index.get(id) : undefined;
    if (id && ci === undefined) r.fail("customer_id", id, "unknown_customer", unknownMessage);
    if (ci !== undefined && Number.isFinite(day) && day < customers[ci].openDay) {
      r.fail("date", r.text("date"), "before_open", `事件日期早于该客户的开户日期 ${isoDate(customers[ci].openDay)} (event before the account was opened)`);
    }
    if (r.ok && ci !== undefined && type !== undefined) out.push({ customer: ci, day, type, line: row.line });
  }
  return out;
}

/** The source snapshots read: imported customers and their weekly columns. */
class ImportedSource implements TimelineSource {
  constructor(
    readonly nWeeks: number,
    readonly marketReturns: readonly number[],
    readonly customers: readonly SourceCustomer[],
    private readonly data: WeeklyData,
    private readonly map: Int32Array,
  ) {}
  weeks(i: number, from: number, to: number): FeatureWeek[] {
    const src = this.map[i];
    const c = this.customers[i];
    const first = this.data.firstWeek[src];
    const end = c.churnWeek ?? this.nWeeks;
    if (from < first || to > end || from > to) throw new RangeError(`customer ${i} has rows for weeks [${first}, ${end}), asked for [${from}, ${to})`);
    const out: FeatureWeek[] = new Array(to - from);
    const cols = this.data.cols;
    for (let w = from; w < to; w++) {
      const cell = this.data.offset[src] + w - first;
      out[w - from] = {
        logins: cols.logins[cell],
        trades: cols.trades[cell],
        tradeAmount: cols.tradeAmount[cell],
        totalAssets: cols.totalAssets[cell],
        netInflow: cols.netInflow[cell],
        serviceContacts: cols.serviceContacts[cell],
        complaints: cols.complaints[cell],
        weeklyReturn: cols.weeklyReturn[cell],
      };
    }
    return out;
  }
}

/** Marks features NaN where their inputs are missing: the whole column, a customer's profile, or a gap in the window. */
function maskMissing(
  snap: StoredSnapshot,
  source: ImportedSource,
  lookback: number,
  absent: ReadonlySet<string>,
  gapInputs: ReadonlySet<string>,
  profileMissing: readonly (readonly ProfileField[])[],
): void {
  const t = snap.asOfWeek;
  const windowStart = Math.max(0, t - lookback);
  const featureInputs = FEATURES.map((f) => FEATURE_INPUTS[f.key]);
  const marketGap = gapInputs.has("market") && source.marketReturns.slice(windowStart, t).some((m) => Number.isNaN(m));
  for (let r = 0; r < snap.customers.length; r++) {
    const i = snap.customers[r];
    const c = source.customers[i];
    const missing = new Set<string>(absent);
    for (const p of profileMissing[i]) missing.add(p);
    if (marketGap) missing.add("market");
    if (gapInputs.size > 0) {
      const rows = source.weeks(i, Math.max(windowStart, c.openWeek, 0), t);
      for (const f of WEEK_FIELDS) if (gapInputs.has(f) && rows.some((w) => Number.isNaN(w[f]))) missing.add(f);
    }
    if (missing.size === 0) continue;
    featureInputs.forEach((inputs, k) => {
      if (inputs.some((x) => missing.has(x))) snap.X[r * FEATURE_COUNT + k] = Number.NaN;
    });
  }
}

function countBy<T extends string>(keys: readonly T[], values: readonly (T | null)[]): Record<T, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const v of values) if (v !== null) out[v]++;
  return out;
}

/**
 * The weeks an append adds: every row must lie on or after the data date, and the weeks they
 * cover must run on from it without a gap. Returns the new total of weeks (complete weeks only,
 * or up to the profile's endDate); problems are added to `issues`.
 */
function appendedWeeks(rows: ActivityRows, period: Period, startDay: number, baseWeeks: number, endDate: string | undefined, t: MappedTable, issues: IssueList): number {
  const dataDay = startDay + 7 * baseWeeks;
  const covered = new Set<number>();
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < rows.n; r++) {
    const [a, b] = periodOf(period, rows.day[r]);
    if (a < dataDay) {
      issues.add(t.file, rows.lines[r], t.column("date"), isoDate(rows.day[r]), "append_overlap", `与数据集已有的周重叠：追加的活动须从数据日期 ${isoDate(dataDay)} 起（本行覆盖 ${isoDate(a)} 起）(appended activity must start on or after the data date ${isoDate(dataDay)})`);
      continue;
    }
    for (let w = Math.floor((a - startDay) / 7); w <= Math.floor((b - startDay) / 7); w++) covered.add(w);
    if (b > maxDay) maxDay = b;
  }
  let nWeeks = Math.floor((maxDay - startDay + 1) / 7);
  if (endDate) {
    const iso = parseDate(endDate);
    if (iso === null || weekday(iso) !== 0) issues.add(t.file, 1, "endDate", endDate, "options", "endDate 必须是有效的星期一（数据日期）(endDate must be a Monday: the data date)");
    else nWeeks = (dayNumber(iso) - startDay) / 7;
  }
  if (issues.total > 0) return nWeeks;
  if (!(nWeeks > baseWeeks)) {
    issues.add(t.file, t.table.headerLine, t.column("date"), "", "append_gap", `没有可追加的完整周：追加的活动须覆盖数据日期 ${isoDate(dataDay)} 之后至少一个完整的周（周一至周日）(no complete week after the data date)`);
  } else if (nWeeks > MAX_WEEKS) {
    issues.add(t.file, 1, t.column("date"), isoDate(startDay + 7 * nWeeks), "options", `追加后时间线将达 ${nWeeks} 周，最多 ${MAX_WEEKS} 周 (the timeline would reach ${nWeeks} weeks, at most ${MAX_WEEKS})`);
  } else {
    const gaps: number[] = [];
    for (let w = baseWeeks; w < nWeeks; w++) if (!covered.has(w)) gaps.push(w);
    if (gaps.length > 0) {
      const shown = gaps.slice(0, 5).map((w) => isoDate(startDay + 7 * w)).join("、");
      issues.add(t.file, t.table.headerLine, t.column("date"), isoDate(startDay + 7 * gaps[0]), "append_gap", `追加的周必须从数据日期 ${isoDate(dataDay)} 起连续：缺少 ${shown}${gaps.length > 5 ? ` 等 ${gaps.length} 周` : ""} 的活动 (appended weeks must be contiguous from the data date; weeks without any activity row)`);
    }
  }
  return nWeeks;
}

interface AppendBaseTables {
  profile: MappingProfile;
  ct: MappedTable;
  at: MappedTable;
  et: MappedTable;
}

/** The stored history (the dataset in the import format) as mapped tables; its own warnings are not the user's. */
async function loadBase(append: TimelineAppend, issues: IssueList): Promise<AppendBaseTables | undefined> {
  const profile = mappingProfileSchema.parse(append.base.profile);
  const c = await loadTable("customers", append.base.customers, issues);
  const a = await loadTable("activity", append.base.activity, issues);
  const e = await loadTable("events", append.base.events, issues);
  if (!c || !a || !e) return undefined;
  const ignored: ImportWarning[] = [];
  return {
    profile,
    ct: mapTable("customers", append.base.customers, c, profile, issues, ignored),
    at: mapTable("activity", append.base.activity, a, profile, issues, ignored),
    et: mapTable("events", append.base.events, e, profile, issues, ignored),
  };
}

/**
 * Validates and converts the files; throws TimelineImportError (an ImportValidationError) with
 * every bad cell when anything is wrong, and returns nothing then.
 */
export async function importTimeline(files: TimelineImportFiles, options: TimelineImportOptions = {}): Promise<TimelineImportResult> {
  const issues = new IssueList();
  const warnings: ImportWarning[] = [];
  // Filled once the headers are mapped, so a rejection can still show the mapping.
  const read: { preview?: ImportFileColumns } = {};
  const fail = () => {
    const e = new TimelineImportError(issues);
    e.preview = read.preview;
    return e;
  };
  const given = options.profile ? mappingProfileSchema.parse(options.profile) : undefined;

  const append = options.append;
  const customersFile = files.customers ?? append?.base.customers;
  if (!customersFile) throw new Error("importTimeline: a customers file is required for a new dataset");
  const cTable = files.customers ? await loadTable("customers", files.customers, issues) : undefined;
  const aTable = await loadTable("activity", files.activity, issues);
  const eTable = files.events ? await loadTable("events", files.events, issues) : undefined;
  const base = append ? await loadBase(append, issues) : undefined;
  if ((files.customers && !cTable) || !aTable || (files.events && !eTable) || (append && !base)) throw fail();

  const headers = (t: Table) => t.rawHeader ?? t.header;
  const profile =
    given ??
    suggestProfile(options.name ?? `映射 ${customersFile.name}`, {
      ...(cTable ? { customers: headers(cTable) } : {}),
      activity: headers(aTable),
      ...(eTable ? { events: headers(eTable) } : {}),
    });
  const newCt = cTable && files.customers ? mapTable("customers", files.customers, cTable, given, issues, warnings) : undefined;
  const at = mapTable("activity", files.activity, aTable, given, issues, warnings);
  const et = eTable && files.events ? mapTable("events", files.events, eTable, given, issues, warnings) : undefined;
  const columns: ImportFileColumns["columns"] = { ...(newCt ? { customers: mappedColumns(newCt) } : {}), activity: mappedColumns(at), ...(et ? { events: mappedColumns(et) } : {}) };
  read.preview = { profile, columns };
  if (issues.total > 0) throw fail();
  // The customers table messages refer to: the new one, or the stored one when appending without.
  const ct = newCt ?? base!.ct;

  let customers: ParsedCustomer[];
  let rows: ActivityRows;
  let events: EventRow[];
  let period: Period;
  let appendWeeks = 0;
  if (base && append) {
    const stored = parseCustomers(base.ct, base.profile, issues);
    const known = new Set(stored.map((c) => c.id));
    const incoming = newCt ? parseCustomers(newCt, given, issues) : [];
    const joining = incoming.filter((c) => !known.has(c.id));
    if (newCt && incoming.length > joining.length) {
      const n = incoming.length - joining.length;
      warnings.push({ file: newCt.file, rule: "customer_in_dataset", count: n, message: `${n} 位客户已在数据集中：保留已存储的资料；其流失请在事件文件中提供 (customers already in the dataset keep their stored row; give their churn in an events file)` });
    }
    customers = [...stored, ...joining];
    const storedRows = parseActivity(base.at, base.profile, customers, issues);
    const newRows = parseActivity(at, given, customers, issues, UNKNOWN_IN_APPEND);
    const storedEvents = parseEvents(base.et, base.profile, customers, issues);
    const newEvents = et ? parseEvents(et, given, customers, issues, UNKNOWN_IN_APPEND) : [];
    if (issues.total > 0) throw fail();
    period = profile.activityPeriod === "auto" ? detectPeriod(newRows) : profile.activityPeriod;
    const startDay = dayNumber(append.startDate);
    const dataDay = startDay + 7 * append.nWeeks;
    appendWeeks = appendedWeeks(newRows, period, startDay, append.nWeeks, given?.endDate, at, issues);
    for (const e of newEvents) {
      if (e.day < dataDay) issues.add(et!.file, e.line, et!.column("date"), isoDate(e.day), "append_overlap", `流失事件须在数据日期 ${isoDate(dataDay)} 当天或之后：已有的周不再改变 (events must be on or after the data date: stored weeks do not change)`);
    }
    rows = concatRows(storedRows, "week", newRows, period);
    events = [...storedEvents, ...newEvents];
  } else {
    customers = parseCustomers(ct, given, issues);
    rows = parseActivity(at, given, customers, issues);
    events = et ? parseEvents(et, given, customers, issues) : [];
    if (issues.total > 0) throw fail();
    period = profile.activityPeriod === "auto" ? detectPeriod(rows) : profile.activityPeriod;
  }
  if (issues.total > 0) throw fail();

  // ---- the timeline's weeks ----
  let minDay = Number.POSITIVE_INFINITY;
  let maxDay = Number.NEGATIVE_INFINITY;
  for (let r = 0; r < rows.n; r++) {
    const [a, b] = periodOf(rowPeriod(rows, r, period), rows.day[r]);
    if (a < minDay) minDay = a;
    if (b > maxDay) maxDay = b;
  }
  const optionIssue = (field: string, value: string, message: string) => issues.add(files.activity.name, 1, field, value, "options", message);
  let startDay = minDay - weekday(isoDate(minDay));
  if (append) startDay = dayNumber(append.startDate);
  else if (profile.startDate) {
    const iso = parseDate(profile.startDate);
    if (iso === null || weekday(iso) !== 0) optionIssue("startDate", profile.startDate, "startDate 必须是有效的星期一 (startDate must be a Monday)");
    else startDay = dayNumber(iso);
  }
  // Without an end date only complete weeks count: a partial last week would look like a slump.
  let nWeeks = append ? appendWeeks : Math.floor((maxDay - startDay + 1) / 7);
  if (profile.endDate && !append) {
    const iso = parseDate(profile.endDate);
    if (iso === null || weekday(iso) !== 0) optionIssue("endDate", profile.endDate, "endDate 必须是有效的星期一（数据日期）(endDate must be a Monday: the data date)");
    else nWeeks = (dayNumber(iso) - startDay) / 7;
  }
  if (issues.total === 0 && (nWeeks < 1 || nWeeks > MAX_WEEKS)) {
    optionIssue("date", `${isoDate(startDay)} … ${isoDate(startDay + 7 * nWeeks)}`, `活动数据须覆盖 1 到 ${MAX_WEEKS} 个完整的周（周一至周日），实际 ${nWeeks} 周 (activity must cover 1..${MAX_WEEKS} complete Monday–Sunday weeks)`);
  }
  if (issues.total > 0) throw fail();
  const startDate = isoDate(startDay);
  const lookback = append?.lookbackWeeks ?? profile.lookbackWeeks;
  const horizon = append?.horizonWeeks ?? profile.horizonWeeks;

  const weekOfDay = (d: number) => Math.floor((d - startDay) / 7);
  let dropped = 0;
  for (let r = 0; r < rows.n; r++) if (weekOfDay(periodOf(rowPeriod(rows, r, period), rows.day[r])[1]) >= nWeeks) dropped++;
  if (dropped > 0) {
    warnings.push({ file: files.activity.name, column: at.column("date"), rule: "after_data_date", count: dropped, message: `${dropped} 条活动记录在数据日期 ${isoDate(startDay + 7 * nWeeks)} 之后（不完整的最后一周），已忽略 (rows after the data date ignored)` });
  }

  // ---- weekly aggregation ----
  const present = new Set<WeekField>(WEEK_FIELDS.filter((f) => rows.values[f] !== undefined));
  const openWeeks = Int32Array.from(customers, (c) => weekOfDay(c.openDay));
  const data = aggregate(rows, period, startDay, nWeeks, openWeeks, present);
  if (!present.has("weeklyReturn") && present.has("totalAssets") && present.has("netInflow")) {
    deriveReturns(data, nWeeks);
    present.add("weeklyReturn");
    warnings.push({ file: files.activity.name, rule: "derived_returns", count: 0, message: "没有收益率列：周收益率由总资产与资金净流入推算 (no return column: weekly returns derived from assets and net inflow)" });
  }

  // ---- churn ----
  const churnDay = customers.map((c) => c.closeDay);
  const churnType: (ChurnType | null)[] = customers.map((c) => (c.closeDay === null ? null : "close"));
  for (const e of events) {
    const d = churnDay[e.customer];
    if (d === null || e.day < d) {
      churnDay[e.customer] = e.day;
      churnType[e.customer] = e.type;
    }
  }
  const churnWeek: (number | null)[] = churnDay.map((d) => (d === null ? null : weekOfDay(d)));
  let afterData = 0;
  churnWeek.forEach((w, i) => {
    if (w !== null && w >= nWeeks) {
      afterData++;
      churnWeek[i] = null;
      churnType[i] = null;
    }
  });
  if (afterData > 0) warnings.push({ file: et?.file ?? customersFile.name, rule: "event_after_data_date", count: afterData, message: `${afterData} 位客户的流失事件在数据日期之后，视为仍在数据期内活跃 (events after the data date: still active in the data)` });
  const churnSource = et ? "events" : "derived";
  if (!et) {
    if (!present.has("totalAssets")) {
      warnings.push({ file: files.activity.name, rule: "no_asset_out", count: 0, message: "没有事件文件也没有总资产列：无法识别资产转出，仅使用客户文件中的销户日期 (no events file and no assets: only close dates mark churn)" });
    } else {
      for (let i = 0; i < customers.length; i++) {
        const w = assetOutWeek(data, i, nWeeks, append?.nWeeks ?? 0);
        if (w !== null && (churnWeek[i] === null || w < churnWeek[i]!)) {
          churnWeek[i] = w;
          churnType[i] = "asset_out";
        }
      }
    }
    warnings.push({ file: customersFile.name, rule: "no_events_file", count: 0, message: "没有事件文件：流失由销户日期与资产转出（4 周内转出 ≥80% 资产）推断，转户无法识别 (no events file: churn derived from close dates and asset outflows; transfers cannot be seen)" });
  }

  // ---- customers kept: open during the data (a churn in its first week leaves no rows, as generated timelines have too) ----
  const keep: number[] = [];
  let rowsAfterChurn = 0;
  for (let i = 0; i < customers.length; i++) {
    const first = data.firstWeek[i];
    const end = churnWeek[i] ?? nWeeks;
    if (end < 0 || openWeeks[i] >= nWeeks) continue;
    keep.push(i);
    for (let w = end; w < nWeeks; w++) if (data.hasRow[data.offset[i] + w - first]) rowsAfterChurn++;
  }
  const customersDropped = customers.length - keep.length;
  if (customersDropped > 0) {
    warnings.push({ file: customersFile.name, rule: "customer_outside_data", count: customersDropped, message: `${customersDropped} 位客户在数据期之前已流失或在数据日期之后才开户，未导入 (customers churned before the data starts or opened after it ends)` });
  }
  if (keep.length === 0) {
    issues.add(customersFile.name, ct.table.headerLine, ct.column("customer_id"), "", "required", "没有在数据期内开户且未流失的客户 (no customer is open during the data)");
    throw fail();
  }
  if (rowsAfterChurn > 0) {
    warnings.push({ file: files.activity.name, rule: "activity_after_churn", count: rowsAfterChurn, message: `${rowsAfterChurn} 个客户周在流失事件之后仍有活动记录，已忽略（流失后不再计入）(customer-weeks after the churn event ignored)` });
  }
  const map = Int32Array.from(keep);

  // ---- what is missing ----
  const absentInputs = new Set<string>();
  for (const f of WEEK_FIELDS) if (!present.has(f)) absentInputs.add(f);
  if (!rows.market) absentInputs.add("market");
  for (const [p, field] of Object.entries(PROFILE_FIELDS)) if (!ct.has(field)) absentInputs.add(p);
  const missingFeatures = FEATURES.filter((f) => FEATURE_INPUTS[f.key].some((x) => absentInputs.has(x))).map((f) => f.key);
  if (missingFeatures.length > 0) {
    const why = [...absentInputs].map((x) => INPUT_ZH[x] ?? x).join("、");
    warnings.push({
      file: files.activity.name,
      rule: "missing_feature",
      count: missingFeatures.length,
      message: `缺少 ${why} 的数据：${missingFeatures.length} 个特征在整个数据集中缺失（无数据）: ${missingFeatures.map((k) => FEATURES.find((f) => f.key === k)!.zh).join("、")} (features without inputs are missing for the whole dataset)`,
    });
  }

  // ---- source, snapshots, records ----
  const sourceCustomers: SourceCustomer[] = keep.map((i) => {
    const p = customers[i].profile;
    const profile: FeatureProfile = {
      ...p,
      hasMargin: p.hasMargin === 1,
      hasAdvisor: p.hasAdvisor === 1,
      tenureMonths: tenureMonthsAt(openWeeks[i], Math.max(openWeeks[i], 0)),
    };
    return { profile, openWeek: openWeeks[i], churnWeek: churnWeek[i] };
  });
  const profileMissing = keep.map((i) => (Object.keys(PROFILE_FIELDS) as ProfileField[]).filter((f) => Number.isNaN(customers[i].profile[f])));
  const source = new ImportedSource(nWeeks, data.market, sourceCustomers, data, map);
  const gapInputs = new Set<string>();
  for (let k = 0; k < keep.length; k++) {
    const i = map[k];
    const end = churnWeek[i] ?? nWeeks;
    for (const f of WEEK_FIELDS) {
      if (absentInputs.has(f) || gapInputs.has(f)) continue;
      const col = data.cols[f];
      for (let w = data.firstWeek[i]; w < end; w++) {
        if (Number.isNaN(col[data.offset[i] + w - data.firstWeek[i]])) {
          gapInputs.add(f);
          break;
        }
      }
    }
  }
  if (rows.market && data.market.some((m) => Number.isNaN(m))) {
    gapInputs.add("market");
    warnings.push({ file: files.activity.name, column: at.column("market_return"), rule: "market_gap", count: data.market.filter((m) => Number.isNaN(m)).length, message: "部分周没有大盘收益率：这些周所在观察窗口的超额收益为缺失 (weeks without a market return: excess return missing over them)" });
  }
  const plan = asOfDates({ nWeeks }, { lookbackWeeks: lookback, horizonWeeks: horizon });
  if (plan.labelled.length < 3) {
    warnings.push({ file: files.activity.name, rule: "short_history", count: nWeeks, message: `数据只有 ${nWeeks} 周：少于回看 ${lookback} 周 + 预测期 ${horizon} 周 + 8 周，无法按时间划分训练/验证/测试，只能用于评分 (history too short to train out of time; scoring only)` });
  }
  const snapshots: StoredSnapshot[] = [...plan.labelled, plan.scoring].map((t) => {
    const s = buildSnapshot(source, t, { lookbackWeeks: lookback, horizonWeeks: horizon });
    maskMissing(s, source, lookback, absentInputs, gapInputs, profileMissing);
    return s;
  });
  let labelledRows = 0;
  let positives = 0;
  for (const s of snapshots.slice(0, plan.labelled.length)) {
    labelledRows += s.labels.length;
    for (let r = 0; r < s.labels.length; r++) positives += s.labels[r];
  }
  const labelProblem =
    plan.labelled.length < 3
      ? `历史只有 ${nWeeks} 周，少于回看 ${lookback} 周 + 预测期 ${horizon} 周 + 8 周，没有可训练的带标签观察日 (history too short for labelled as-of dates)`
      : positives === 0
        ? "带标签的观察日中没有任何流失事件：请提供事件文件（销户/转户及日期）、销户日期列或总资产列 (no churn event at any labelled as-of date: add an events file, close dates or assets)"
        : positives === labelledRows
          ? "带标签的观察日中所有客户都流失了，无法训练 (every labelled customer churned: nothing to learn from)"
          : null;
  if (labelProblem && options.forTraining) {
    issues.add(et?.file ?? customersFile.name, 1, et ? et.column("event_type") : "churn", "", "label", `用于训练的数据集需要流失标签：${labelProblem}`);
    throw fail();
  }
  if (labelProblem && positives === 0 && plan.labelled.length >= 3) {
    warnings.push({ file: et?.file ?? customersFile.name, rule: "no_churn_events", count: 0, message: `${labelProblem}；该数据集只能用于评分 (scoring only)` });
  }

  const zero = (v: number) => (Number.isNaN(v) ? 0 : v);
  const customerRow = (k: number): CustomerInput => {
    const i = map[k];
    const c = customers[i];
    const p = c.profile;
    // The customers table has NOT NULL profile columns: a missing value is stored as 0 there;
    // the snapshots (what models read) keep it missing.
    return {
      id: c.id,
      name: c.name,
      phone: c.phone,
      idNumber: c.idNumber,
      branch: c.branch,
      customerType: zero(p.customerType),
      riskTolerance: zero(p.riskTolerance),
      age: zero(p.age),
      tenureMonths: sourceCustomers[k].profile.tenureMonths,
      openChannel: zero(p.openChannel),
      hasMargin: p.hasMargin === 1,
      hasAdvisor: p.hasAdvisor === 1,
      commissionRate: zero(p.commissionRate),
      productCount: zero(p.productCount),
      churned: churnWeek[i] !== null,
      trueProbability: null,
      openWeek: openWeeks[i],
      churnWeek: churnWeek[i],
      churnType: churnType[i],
    };
  };
  const weekRows = (k: number): WeekRecord[] => {
    const i = map[k];
    const first = data.firstWeek[i];
    return source.weeks(k, first, churnWeek[i] ?? nWeeks).map((w, j) => {
      const rec = { week: first + j + 1 } as WeekRecord;
      // A blank stays NaN, stored as NULL (missing, not 0), and is exported back blank.
      for (const f of WEEK_FIELDS) rec[f] = INT_FIELDS.has(f) ? Math.round(w[f]) : w[f];
      return rec;
    });
  };

  const keptTypes = keep.map((i) => churnType[i]);
  const records: DatasetRecords = {
    name: options.name ?? `导入数据 ${customersFile.name}`,
    source: "import",
    seed: null,
    nWeeks,
    targetChurnRate: null,
    oracleAuc: null,
    churnRate: labelledRows > 0 ? positives / labelledRows : 0,
    count: keep.length,
    customer: customerRow,
    weeks: weekRows,
    features: new Float64Array(0),
    timeline: { startDate, asOfWeek: plan.scoring, horizonWeeks: horizon, lookbackWeeks: lookback, generator: null },
    snapshots,
    // Only a file with a market column has returns to store; without one excess_return stays missing.
    ...(rows.market ? { marketReturns: data.market } : {}),
  };
  const encodings: Partial<Record<FileKind, TextEncoding>> = {};
  if (cTable?.encoding) encodings.customers = cTable.encoding;
  if (aTable.encoding) encodings.activity = aTable.encoding;
  if (eTable?.encoding) encodings.events = eTable.encoding;
  return {
    records,
    columns,
    warnings,
    profile,
    summary: {
      customers: keep.length,
      customersDropped,
      activityRows: rows.n,
      period,
      startDate,
      nWeeks,
      dataDate: isoDate(startDay + 7 * nWeeks),
      churnSource,
      churnEvents: countBy(["transfer", "close", "asset_out"] as ChurnType[], keptTypes),
      missingFeatures,
      encodings,
    },
  };
}
