/**
 * A stored timeline dataset written back in the import format: a customer master (with the
 * churn label), weekly activity dated by the Monday of each week, an events file with each
 * churn event's date and type, and the mapping profile that reads the three back. Importing
 * them (lib/actions/import-dataset.ts) gives the same customers, weekly rows and churn events.
 *
 * Missing values: a blank weekly cell is stored as NULL and written back blank. The customers
 * table stores a blank profile value as 0 (its columns are NOT NULL); the snapshots keep it
 * missing, so a profile feature that is missing in a customer's snapshot is written as a blank
 * cell. An activity column whose features are missing for every customer (the file had no such
 * column) is left out, so the re-import sees the same gaps. An age of 0 (outside 16..120) is a
 * stored blank too, for customers without a snapshot. The market index return of each week
 * (dataset_market_weeks) is written on every activity row of that week, blank where unknown, so
 * excess_return round-trips; a dataset without stored market returns has no such column.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { customers, datasetMarketWeeks, datasets, featureVectors, weeklyBehaviour, type CustomerRow, type DatasetRow, type WeeklyRow } from "../../../db/schema";
import { featureIndex } from "../catalog";
import { fromPgNumber } from "../pg-array";
import { dayNumber, isoDate } from "../timeline/as-of";
import type { MappingProfileInput } from "./mapping";

export interface ImportFormatFile {
  name: string;
  /** UTF-8 with a BOM, so Excel shows the Chinese text. */
  text: string;
}

export interface ImportFormatExport {
  dataset: DatasetRow;
  customers: ImportFormatFile;
  activity: ImportFormatFile;
  events: ImportFormatFile;
  /** The mapping profile that reads the three files back (JSON). */
  mapping: ImportFormatFile;
  profile: MappingProfileInput;
  counts: { customers: number; activityRows: number; events: number };
}

export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportFormatError";
  }
}

const CUSTOMER_TYPE = ["普通个人", "高净值", "机构"] as const;
const RISK = ["C1", "C2", "C3", "C4", "C5"] as const;
const CHANNEL = ["线上", "营业部"] as const;
const EVENT_TYPE_ZH = { transfer: "转户", close: "销户", asset_out: "资产转出" } as const;
const LABEL_HEADER = "是否流失";

/** Customer master columns: header → field, with how a stored row is written. */
interface Column<R> {
  header: string;
  field: string;
  /** Feature whose missing value in the customer's snapshot makes the cell blank. */
  feature?: string;
  cell: (r: R) => string | number;
}

const yesNo = (b: boolean) => (b ? "是" : "否");

const CUSTOMER_COLUMNS = (startDay: number, labelOf: (c: CustomerRow) => string): Column<CustomerRow>[] => [
  { header: "客户编号", field: "customer_id", cell: (c) => c.id },
  { header: "开户日期", field: "open_date", cell: (c) => isoDate(startDay + 7 * (c.openWeek ?? 0)) },
  { header: "姓名", field: "name", cell: (c) => c.name },
  { header: "手机号", field: "phone", cell: (c) => c.phone },
  { header: "证件号码", field: "id_number", cell: (c) => c.idNumber },
  { header: "营业部", field: "branch", cell: (c) => c.branch },
  { header: "客户类型", field: "customer_type", feature: "customer_type", cell: (c) => CUSTOMER_TYPE[c.customerType] ?? String(c.customerType) },
  { header: "风险承受能力", field: "risk_tolerance", feature: "risk_tolerance", cell: (c) => RISK[c.riskTolerance] ?? String(c.riskTolerance) },
  { header: "年龄", field: "age", feature: "age", cell: (c) => (c.age === 0 ? "" : c.age) },
  { header: "开户渠道", field: "open_channel", feature: "open_channel", cell: (c) => CHANNEL[c.openChannel] ?? String(c.openChannel) },
  { header: "是否开通两融", field: "has_margin", feature: "has_margin", cell: (c) => yesNo(c.hasMargin) },
  { header: "是否有专属投顾", field: "has_advisor", feature: "has_advisor", cell: (c) => yesNo(c.hasAdvisor) },
  { header: "佣金费率(‱)", field: "commission_rate", feature: "commission_rate", cell: (c) => c.commissionRate },
  { header: "持有产品种类数", field: "product_count", feature: "product_count", cell: (c) => c.productCount },
  // The label as of the dataset's data date; on import it is ignored (the events file dates each churn).
  { header: LABEL_HEADER, field: "ignore", cell: labelOf },
];

/** Weekly columns and the feature that is missing for everyone when the column was absent. */
const ACTIVITY_COLUMNS: readonly { header: string; field: string; feature: string; cell: (w: WeeklyRow) => number | null }[] = [
  { header: "登录次数", field: "logins", feature: "logins_total", cell: (w) => w.logins },
  { header: "交易笔数", field: "trades", feature: "trades_total", cell: (w) => w.trades },
  { header: "交易金额(元)", field: "trade_amount", feature: "avg_trade_amount", cell: (w) => w.tradeAmount },
  { header: "周末总资产(元)", field: "total_assets", feature: "assets_latest", cell: (w) => w.totalAssets },
  { header: "资金净流入(元)", field: "net_inflow", feature: "net_inflow_total", cell: (w) => w.netInflow },
  { header: "客服联系次数", field: "service_contacts", feature: "service_contacts_total", cell: (w) => w.serviceContacts },
  { header: "投诉次数", field: "complaints", feature: "complaints_total", cell: (w) => w.complaints },
  { header: "周收益率", field: "period_return", feature: "return_12w", cell: (w) => w.weeklyReturn },
];

const MARKET_HEADER = "大盘周收益率";

function csvCell(v: string | number | null): string {
  // NULL (a blank imported cell) goes back blank.
  const t = v === null ? "" : typeof v === "number" ? String(v) : v;
  // A leading = + - @ is kept as text by the importer (it reads values, never formulas); only CSV quoting is needed.
  return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function csv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [header.map(csvCell).join(",")];
  for (const r of rows) lines.push(r.map(csvCell).join(","));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** Byte order ("C" collation) so PGlite and PostgreSQL write the same file. */
const byId = sql`${customers.id} collate "C"`;

/**
 * The dataset in the import format. Throws ExportFormatError for a dataset that is not a
 * timeline (the import format needs dates).
 */
export async function exportImportFormat(db: Db, datasetId: number): Promise<ImportFormatExport | null> {
  const [dataset] = await db.select().from(datasets).where(eq(datasets.id, datasetId)).limit(1);
  if (!dataset) return null;
  if (dataset.kind !== "timeline" || !dataset.startDate) {
    throw new ExportFormatError(`数据集 ${datasetId} 不是时间线数据集，无法按导入格式导出 (only timeline datasets have dates to export)`);
  }
  const startDay = dayNumber(dataset.startDate);
  const dataDate = isoDate(startDay + 7 * dataset.nWeeks);
  const rows = await db.select().from(customers).where(eq(customers.datasetId, datasetId)).orderBy(byId);
  const weekly = await db
    .select()
    .from(weeklyBehaviour)
    .where(eq(weeklyBehaviour.datasetId, datasetId))
    .orderBy(sql`${weeklyBehaviour.customerId} collate "C"`, asc(weeklyBehaviour.week));
  // Each customer's latest snapshot: profile features are the same in every one, and a missing one is a blank cell.
  const latest = await db
    .selectDistinctOn([featureVectors.customerId], { id: featureVectors.customerId, values: featureVectors.values })
    .from(featureVectors)
    .where(and(eq(featureVectors.datasetId, datasetId)))
    .orderBy(featureVectors.customerId, sql`${featureVectors.asOfWeek} desc`);
  const vectors = new Map(latest.map((r) => [r.id, r.values]));
  const missing = (id: string, feature: string): boolean => {
    const v = vectors.get(id);
    return v !== undefined && Number.isNaN(fromPgNumber(v[featureIndex(feature)]));
  };

  const labelOf = (c: CustomerRow) => (c.churnWeek === null || c.churnWeek === undefined ? "否" : "是");
  const cColumns = CUSTOMER_COLUMNS(startDay, labelOf);
  const customerRows = rows.map((c) => cColumns.map((col) => (col.feature && missing(c.id, col.feature) ? "" : col.cell(c))));

  // A weekly column absent from the original files leaves its feature missing in every snapshot.
  const aColumns = ACTIVITY_COLUMNS.filter((col) => latest.length === 0 || latest.some((r) => !Number.isNaN(fromPgNumber(r.values[featureIndex(col.feature)]))));
  const marketRows = await db.select().from(datasetMarketWeeks).where(eq(datasetMarketWeeks.datasetId, datasetId));
  const market = new Map(marketRows.map((m) => [m.week, m.marketReturn]));
  const withMarket = marketRows.length > 0;
  const activityRows = weekly.map((w) => [
    w.customerId,
    isoDate(startDay + 7 * (w.week - 1)),
    ...aColumns.map((col) => col.cell(w)),
    ...(withMarket ? [market.get(w.week) ?? null] : []),
  ]);
  const activityHeader = ["客户编号", "周开始日期", ...aColumns.map((c) => c.header), ...(withMarket ? [MARKET_HEADER] : [])];

  const churned = rows.filter((c) => c.churnWeek !== null && c.churnWeek !== undefined && c.churnType);
  const eventRows = churned.map((c) => [c.id, isoDate(startDay + 7 * c.churnWeek!), EVENT_TYPE_ZH[c.churnType!]]);

  const profile: MappingProfileInput = {
    name: `导出 ${dataset.name}`.slice(0, 100),
    version: 1,
    customers: { columns: Object.fromEntries(cColumns.map((c) => [c.header, c.field])) },
    activity: {
      columns: {
        客户编号: "customer_id",
        周开始日期: "date",
        ...Object.fromEntries(aColumns.map((c) => [c.header, c.field])),
        ...(withMarket ? { [MARKET_HEADER]: "market_return" } : {}),
      },
    },
    events: { columns: { 客户编号: "customer_id", 流失日期: "date", 事件类型: "event_type" } },
    units: { trade_amount: "元", total_assets: "元", net_inflow: "元", commission_rate: "‱", period_return: "fraction", ...(withMarket ? { market_return: "fraction" as const } : {}) },
    activityPeriod: "week",
    startDate: dataset.startDate,
    endDate: dataDate,
    lookbackWeeks: dataset.lookbackWeeks,
    horizonWeeks: dataset.horizonWeeks,
  };
  const base = `dataset_${datasetId}`;
  return {
    dataset,
    customers: { name: `${base}_customers.csv`, text: csv(cColumns.map((c) => c.header), customerRows) },
    activity: { name: `${base}_activity.csv`, text: csv(activityHeader, activityRows) },
    events: { name: `${base}_events.csv`, text: csv(["客户编号", "流失日期", "事件类型"], eventRows) },
    mapping: { name: `${base}_mapping.json`, text: `${JSON.stringify(profile, null, 2)}\n` },
    profile,
    counts: { customers: rows.length, activityRows: weekly.length, events: eventRows.length },
  };
}
