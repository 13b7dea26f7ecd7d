import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { customers, featureVectors, predictions } from "../../db/schema";
import { FEATURE_KEYS } from "../data/catalog";
import { categoryLabel } from "../data/feature-format";
import { getActiveRunSummary, getRunSummary } from "../ml/model-registry";
import { ExportNotFoundError, findActiveDatasetId } from "./report-data";
import { csvField } from "./spreadsheet-safety";
import { atCurrentAsOf } from "../../db/as-of";
import { yieldToLoop } from "../runtime/time-slice";

/**
 * GET /api/customers/export?format=csv: every customer of the model's dataset with its 29
 * features, probability, risk level and 29 SHAP values. Streamed page by page so a large
 * dataset never sits in memory as rows.
 */

export const customersCsvOptionsSchema = z.object({
  modelRunId: z
    .number({ error: "modelRunId 必须是正整数 (modelRunId must be a positive integer)" })
    .int("modelRunId 必须是正整数 (modelRunId must be a positive integer)")
    .positive("modelRunId 必须是正整数 (modelRunId must be a positive integer)")
    .optional(),
  /** Prepend a UTF-8 BOM so Excel opens the file as UTF-8. */
  bom: z.boolean().default(false),
  pageSize: z
    .number()
    .int()
    .min(1, "pageSize 取值范围 1–50000 (pageSize must be 1..50000)")
    .max(50_000, "pageSize 取值范围 1–50000 (pageSize must be 1..50000)")
    .default(500),
});
export type CustomersCsvOptions = z.input<typeof customersCsvOptionsSchema>;

export const CUSTOMERS_CSV_HEADER: readonly string[] = [
  "id",
  ...FEATURE_KEYS,
  "probability",
  "risk_level",
  // The churn label at this as-of date (1 churned within the horizon, 0 not, blank while unknown): retraining outside the product needs it.
  "label",
  ...FEATURE_KEYS.map((k) => `shap_${k}`),
];

const line = (cells: (string | number | null | undefined)[]) => cells.map(csvField).join(",") + "\r\n";

/** Blank cells after an array of `n` of the catalog's values (none when it has them all). */
const padding = (n: number) => ",".repeat(Math.max(0, FEATURE_KEYS.length - Math.max(n, 1)));

/**
 * The CSV as a stream of UTF-8 bytes. The model and dataset are checked before this returns (a
 * caller's mistake is an error response, not a broken download); then one keyset page of
 * customers is read per chunk, with a turn of the event loop in between so a 1M-customer export
 * never holds other requests (health, pages) for long and memory stays at one page.
 */
export async function openCustomersCsv(db: Db, opts: CustomersCsvOptions = {}): Promise<AsyncIterable<Uint8Array>> {
  const options = customersCsvOptionsSchema.parse(opts);
  const { modelRunId } = options;
  const run = modelRunId !== undefined ? await getRunSummary(db, modelRunId) : await getActiveRunSummary(db);
  if (modelRunId !== undefined && !run) throw new ExportNotFoundError(`模型不存在 (modelRunId ${modelRunId} not found)`);
  const datasetId = run?.datasetId ?? (await findActiveDatasetId(db));
  if (datasetId === null) throw new ExportNotFoundError("尚无数据集 (no dataset to export)");
  const encoder = new TextEncoder();
  return {
    async *[Symbol.asyncIterator]() {
      for await (const text of csvPages(db, run?.id ?? null, datasetId, options)) {
        yield encoder.encode(text);
        await yieldToLoop();
      }
    },
  };
}

async function* csvPages(
  db: Db,
  runId: number | null,
  datasetId: number,
  { bom, pageSize }: z.output<typeof customersCsvOptionsSchema>,
): AsyncGenerator<string> {
  yield (bom ? "\uFEFF" : "") + line([...CUSTOMERS_CSV_HEADER]);
  const nFeatures = FEATURE_KEYS.length;
  let after: string | null = null;
  for (;;) {
    // The numbers leave PostgreSQL as CSV text (array_to_string, NULL → blank): parsing 58 array
    // elements per row into numbers and formatting them back was ~60% of a download's time on
    // the server's thread (~85 µs a row; 3 concurrent 1M-row downloads held health at ~110 ms).
    // Slicing to the catalog's width and padding keeps every row at the header's column count.
    const width = sql.raw(String(nFeatures));
    const page = await db
      .select({
        id: featureVectors.customerId,
        values: sql<string>`array_to_string(${featureVectors.values}[1:${width}], ',', '')`,
        nValues: sql<number>`least(cardinality(${featureVectors.values}), ${width})`,
        probability: predictions.probability,
        riskLevel: predictions.riskLevel,
        label: featureVectors.label,
        shap: sql<string | null>`array_to_string(${predictions.shap}[1:${width}], ',', '')`,
        nShap: sql<number | null>`least(cardinality(${predictions.shap}), ${width})`,
      })
      .from(featureVectors)
      .leftJoin(
        predictions,
        and(
          eq(predictions.modelRunId, runId ?? -1),
          eq(predictions.datasetId, featureVectors.datasetId),
          eq(predictions.asOfWeek, featureVectors.asOfWeek),
          eq(predictions.customerId, featureVectors.customerId),
        ),
      )
      .where(
        after === null
          ? and(eq(featureVectors.datasetId, datasetId), atCurrentAsOf(featureVectors, datasetId))
          : and(eq(featureVectors.datasetId, datasetId), atCurrentAsOf(featureVectors, datasetId), gt(featureVectors.customerId, after)),
      )
      .orderBy(asc(featureVectors.customerId))
      .limit(pageSize);
    if (page.length === 0) return;
    const lines: string[] = [];
    for (const r of page) {
      const features = r.values + padding(Number(r.nValues));
      const shap = r.shap === null ? padding(1) : r.shap + padding(Number(r.nShap));
      lines.push(`${csvField(r.id)},${features},${csvField(r.probability)},${csvField(r.riskLevel)},${csvField(r.label)},${shap}\r\n`);
    }
    yield lines.join("");
    if (page.length < pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** CSV text in chunks (header first, then one chunk per page of customers). */
export async function* customersCsvChunks(db: Db, opts: CustomersCsvOptions = {}): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  for await (const bytes of await openCustomersCsv(db, opts)) yield decoder.decode(bytes);
}

/** The whole CSV as one string: small datasets and tests only (downloads stream `openCustomersCsv`). */
export async function buildCustomersCsv(db: Db, opts: CustomersCsvOptions = {}): Promise<string> {
  let out = "";
  for await (const chunk of customersCsvChunks(db, opts)) out += chunk;
  return out;
}

/**
 * The customers list as the page shows it (its filters and order), every matching row rather
 * than the page on screen: GET /api/customers/export?view=list&… from the customers page.
 */

/** One row of the list: what the list query (lib/services ReadCache / listCustomers) returns. */
export interface CustomerListCsvRow {
  id: string;
  branch: string;
  churned: boolean;
  customerType: number;
  riskTolerance: number;
  assetsLatest: number;
  probability: number | null;
  riskLevel: string | null;
  expectedAssetLoss: number | null;
  hasPlan: boolean;
}

/** Reads one page of the filtered, ordered list after a cursor (the list query, filter bound). */
export type CustomerListPageReader = (
  after: string | null,
  first: number,
) => Promise<{ totalCount: number; items: { node: CustomerListCsvRow }[]; hasNextPage: boolean; endCursor: string | null }>;

export interface CustomerListCsvOptions {
  datasetId: number;
  readPage: CustomerListPageReader;
  /** Adds the customer's name (personal data: the caller decides who may see it). */
  names: boolean;
  lang: "zh" | "en";
  /** Rows read per page of the list (a turn of the event loop between pages). */
  pageSize?: number;
}

const LIST_HEADER = {
  zh: ["客户编号", "姓名", "营业部", "状态", "客户类型", "风险承受能力", "总资产", "流失概率", "风险等级", "预计资产流失", "有挽留计划"],
  en: ["customer_id", "name", "branch", "status", "customer_type", "risk_tolerance", "assets", "probability", "risk_level", "expected_asset_loss", "has_plan"],
} as const;

const STATUS_TEXT = { zh: ["活跃", "已流失"], en: ["active", "churned"] } as const;

/**
 * The list as a stream of UTF-8 CSV bytes (with a BOM: the page's users open it in Excel). The
 * first page is read before this returns, so a bad filter or cursor is an error response and not
 * a broken download; then one page per chunk.
 */
export async function openCustomerListCsv(db: Db, opts: CustomerListCsvOptions): Promise<{ totalCount: number; chunks: AsyncIterable<Uint8Array> }> {
  const pageSize = opts.pageSize ?? 1000;
  const first = await opts.readPage(null, pageSize);
  const header = LIST_HEADER[opts.lang].filter((_, i) => opts.names || i !== 1);
  const encoder = new TextEncoder();
  const toText = async (rows: CustomerListCsvRow[]): Promise<string> => {
    const names = opts.names && rows.length ? await customerNames(db, opts.datasetId, rows.map((r) => r.id)) : null;
    return rows
      .map((r) =>
        line([
          r.id,
          ...(names ? [names.get(r.id) ?? ""] : []),
          r.branch,
          STATUS_TEXT[opts.lang][r.churned ? 1 : 0],
          categoryLabel("customer_type", r.customerType),
          categoryLabel("risk_tolerance", r.riskTolerance),
          r.assetsLatest,
          r.probability,
          r.riskLevel,
          r.expectedAssetLoss,
          r.hasPlan ? 1 : 0,
        ]),
      )
      .join("");
  };
  return {
    totalCount: first.totalCount,
    chunks: {
      async *[Symbol.asyncIterator]() {
        yield encoder.encode("\uFEFF" + line(header));
        let page = first;
        for (;;) {
          yield encoder.encode(await toText(page.items.map((i) => i.node)));
          if (!page.hasNextPage || !page.endCursor) return;
          await yieldToLoop();
          page = await opts.readPage(page.endCursor, pageSize);
        }
      },
    },
  };
}

async function customerNames(db: Db, datasetId: number, ids: string[]): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.datasetId, datasetId), inArray(customers.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
