import ExcelJS from "exceljs";
import { PassThrough } from "node:stream";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { customers, datasets, featureVectors, predictions, retentionPlans } from "../../db/schema";
import {
  categoryLabel,
  driversText,
  ExportNotFoundError,
  featureValueSql,
  findPlanBatch,
  readModelMetrics,
  riskLevelZh,
  type ModelRunSummary,
} from "./report-data";
import { getActiveRunSummary, getRunSummary } from "../ml/model-registry";
import { PRIORITY_LABEL, type PlanPriority } from "./plan-schema";
import { stripXmlInvalid } from "./spreadsheet-safety";
import { atCurrentAsOf } from "../../db/as-of";
import { SliceClock, yieldToLoop } from "../runtime/time-slice";

export { ExportNotFoundError } from "./report-data";
export { buildCustomersCsv, CUSTOMERS_CSV_HEADER, customersCsvChunks, openCustomersCsv, type CustomersCsvOptions } from "./customers-csv";

/**
 * The retention-plan workbook analysts download: actionable plans, the ranked high-risk list,
 * the model's quality, and the plans compliance rejected (for review, not for use).
 */

export const plansWorkbookOptionsSchema = z.object({
  batchId: z
    .number({ error: "batchId 必须是正整数 (batchId must be a positive integer)" })
    .int("batchId 必须是正整数 (batchId must be a positive integer)")
    .positive("batchId 必须是正整数 (batchId must be a positive integer)")
    .optional(),
  /** Rows read per database page (memory per download is about one page). */
  pageRows: z
    .number()
    .int()
    .min(1, "pageRows 取值范围 1–50000 (pageRows must be 1..50000)")
    .max(50_000, "pageRows 取值范围 1–50000 (pageRows must be 1..50000)")
    .default(500),
});
export type PlansWorkbookOptions = z.input<typeof plansWorkbookOptionsSchema>;

// ───────────────────────────── plan JSON (lenient reader) ─────────────────────────────

// The export must not fail on one odd row, so every field falls back instead of throwing.
const text = z.string().catch("");
const planReader = z.object({
  priority: text,
  riskSummary: text,
  actions: z
    .array(z.object({ channel: text, action: text, timing: text }).catch({ channel: "", action: "", timing: "" }))
    .catch([]),
  offer: text,
  offerStrength: text,
  script: text,
  expectedEffect: text,
  followUp: text,
});
type PlanView = z.infer<typeof planReader>;
const emptyPlan: PlanView = planReader.parse({});

const issuesReader = z
  .array(z.object({ rule: text, message: text, excerpt: text }).catch({ rule: "", message: "", excerpt: "" }))
  .catch([]);

function readPlan(json: unknown): PlanView {
  return json && typeof json === "object" ? planReader.parse(json) : emptyPlan;
}

function actionsText(plan: PlanView): string {
  return plan.actions
    .map((a, i) => {
      const channel = a.channel ? `【${a.channel}】` : "";
      const timing = a.timing ? `（${a.timing}）` : "";
      return `${i + 1}. ${channel}${a.action}${timing}`;
    })
    .join("\n");
}

function offerText(plan: PlanView): string {
  if (!plan.offer && !plan.offerStrength) return "";
  return plan.offerStrength ? `${plan.offer}（力度：${plan.offerStrength}）` : plan.offer;
}

const RULE_ZH: Record<string, string> = {
  "promised-return": "承诺收益",
  suitability: "适当性",
  "excessive-offer": "优惠超限",
};

function issuesText(json: unknown): string {
  return issuesReader
    .parse(json ?? [])
    .map((i) => [i.rule && `[${RULE_ZH[i.rule] ?? i.rule}]`, i.message, i.excerpt && `「${i.excerpt}」`].filter(Boolean).join(" "))
    .join("\n");
}

function complianceText(status: string | null, issues: unknown): string {
  if (status === "ok") return "通过";
  if (status === "flagged") {
    const detail = issuesText(issues);
    return detail ? `需人工复核：\n${detail}` : "需人工复核";
  }
  if (status === "rejected") return `驳回：\n${issuesText(issues)}`;
  return "未检查";
}

function sourceText(source: string | null, model: string | null): string {
  if (source === "llm") return `LLM（${model ?? "未知模型"}）`;
  if (source === "template") return "模板";
  return source ?? "";
}

// ───────────────────────────── cell writing ─────────────────────────────

type CellValue = string | number | Date | null | undefined;

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;
/** Excel dates have no zone; show times as the brokerage reads them (Asia/Shanghai, no DST). */
function beijingWallClock(d: Date): Date {
  return new Date(d.getTime() + BEIJING_OFFSET_MS);
}

/**
 * Every string goes in as a plain string value with the Text number format ('@', what a
 * leading apostrophe does in Excel), so nothing a customer or an LLM wrote can become a formula
 * — not on open, and not when an analyst edits the cell.
 */
function setCell(cell: ExcelJS.Cell, value: CellValue): void {
  if (value === null || value === undefined) {
    cell.value = null;
  } else if (typeof value === "string") {
    cell.value = stripXmlInvalid(value);
    cell.numFmt = "@";
  } else if (typeof value === "number") {
    cell.value = Number.isFinite(value) ? value : null;
  } else {
    cell.value = beijingWallClock(value);
  }
}

interface ColumnSpec {
  header: string;
  width: number;
  numFmt?: string;
  wrap?: boolean;
}

const HEADER_FILL = "FF1F4E79";
const PRIORITY_FILL: Record<PlanPriority, string> = { high: "FFF8D7DA", medium: "FFFFF3CD", low: "FFD4EDDA" };
const FORMAT = {
  percent: "0.00%",
  money: "#,##0",
  datetime: "yyyy-mm-dd hh:mm",
  ratio: "0.0000",
} as const;

/** A worksheet being streamed: rows are numbered here and committed as soon as they are written. */
interface SheetWriter {
  ws: ExcelJS.Worksheet;
  columns: ColumnSpec[];
  next: number;
  /**
   * One style object per (column, number format, fill), shared by every cell that has it. exceljs
   * recognises a style object it has seen (WeakMap) and otherwise serialises the style to find
   * its id: a fresh object per cell made that ~25% of a 1M-row workbook's time on the server's
   * thread. A shared style is never mutated (no numFmt/fill setters on its cells).
   */
  styles: Map<string, Partial<ExcelJS.Style>>;
}

function addSheet(wb: ExcelJS.Workbook, name: string, columns: ColumnSpec[]): SheetWriter {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ width: c.width }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    setCell(cell, c.header);
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.border = { bottom: { style: "thin", color: { argb: "FF999999" } } };
  });
  header.height = 22;
  header.commit();
  return { ws, columns, next: 2, styles: new Map() };
}

function addDataRow(sheet: SheetWriter, values: CellValue[], fillArgb?: string, numFmts?: (string | undefined)[]): void {
  const row = sheet.ws.getRow(sheet.next++);
  sheet.columns.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    setCell(cell, values[i]);
    // Text cells are text ("@", as setCell marks them) unless the caller gives a format.
    const fmt = numFmts?.[i] ?? (typeof values[i] === "string" ? "@" : c.numFmt);
    const key = `${i}\u0000${fmt ?? ""}\u0000${fillArgb ?? ""}`;
    let style = sheet.styles.get(key);
    if (!style) {
      style = {
        ...(fmt ? { numFmt: fmt } : {}),
        alignment: { vertical: "top", wrapText: c.wrap ?? false },
        ...(fillArgb ? { fill: { type: "pattern", pattern: "solid", fgColor: { argb: fillArgb } } } : {}),
      };
      sheet.styles.set(key, style);
    }
    cell.style = style;
  });
  row.commit();
}

// ───────────────────────────── sheets ─────────────────────────────

const PLAN_COLUMNS: ColumnSpec[] = [
  { header: "客户编号", width: 14 },
  { header: "流失概率", width: 10, numFmt: FORMAT.percent },
  { header: "风险等级", width: 9 },
  { header: "优先级", width: 8 },
  { header: "主要流失原因", width: 30, wrap: true },
  { header: "挽留措施", width: 48, wrap: true },
  { header: "优惠力度", width: 28, wrap: true },
  { header: "沟通话术", width: 48, wrap: true },
  { header: "预期效果", width: 28, wrap: true },
  { header: "跟进计划", width: 28, wrap: true },
  { header: "合规检查", width: 24, wrap: true },
  { header: "来源", width: 18 },
  { header: "生成时间", width: 17, numFmt: FORMAT.datetime },
];

const REVIEW_COLUMNS: ColumnSpec[] = [
  { header: "客户编号", width: 14 },
  { header: "流失概率", width: 10, numFmt: FORMAT.percent },
  { header: "风险等级", width: 9 },
  { header: "合规状态", width: 9 },
  { header: "驳回原因", width: 40, wrap: true },
  { header: "原方案优惠", width: 28, wrap: true },
  { header: "原方案话术", width: 48, wrap: true },
  { header: "来源", width: 18 },
  { header: "生成时间", width: 17, numFmt: FORMAT.datetime },
];

const HIGH_RISK_COLUMNS: ColumnSpec[] = [
  { header: "风险排名", width: 9 },
  { header: "客户编号", width: 14 },
  { header: "流失概率", width: 10, numFmt: FORMAT.percent },
  { header: "风险等级", width: 9 },
  { header: "预期资产流失(元)", width: 16, numFmt: FORMAT.money },
  { header: "总资产(元)", width: 16, numFmt: FORMAT.money },
  { header: "客户类型", width: 10 },
  { header: "主要流失原因", width: 36, wrap: true },
];

const METRIC_COLUMNS: ColumnSpec[] = [
  { header: "指标", width: 22 },
  { header: "数值", width: 14, numFmt: FORMAT.ratio },
  { header: "说明", width: 50, wrap: true },
];

/** Bytes of finished xlsx waiting for the reader above which writing pauses (bounded memory per download). */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

interface StreamState {
  cancelled: boolean;
  out: PassThrough;
  /** Rows per database page: the workbook never holds more than about one page of rows. */
  pageRows: number;
}

class ExportCancelled extends Error {}

/**
 * Between pages: let other requests run (health, pages) and wait while the reader is behind, so
 * a slow download holds at most a few MB instead of the whole workbook.
 */
async function pause(state: StreamState): Promise<void> {
  await yieldToLoop();
  while (!state.cancelled && state.out.readableLength > MAX_BUFFERED_BYTES) await new Promise<void>((r) => setTimeout(r, 5));
  if (state.cancelled) throw new ExportCancelled();
}

type PlanBatch = { id: number; modelRunId: number; asOfWeek: number; llmModel: string | null };

function planPage(db: Db, batch: PlanBatch, rejected: boolean, cursor: SQL | undefined, pageRows: number) {
  return db
    .select({
      id: retentionPlans.id,
      position: retentionPlans.position,
      customerId: retentionPlans.customerId,
      probability: retentionPlans.probability,
      riskLevel: retentionPlans.riskLevel,
      priority: retentionPlans.priority,
      plan: retentionPlans.plan,
      source: retentionPlans.source,
      llmModel: retentionPlans.llmModel,
      complianceStatus: retentionPlans.complianceStatus,
      complianceIssues: retentionPlans.complianceIssues,
      finishedAt: retentionPlans.finishedAt,
      shap: predictions.shap,
    })
    .from(retentionPlans)
    .leftJoin(
      predictions,
      and(
        eq(predictions.modelRunId, batch.modelRunId),
        eq(predictions.datasetId, retentionPlans.datasetId),
        eq(predictions.asOfWeek, batch.asOfWeek),
        eq(predictions.customerId, retentionPlans.customerId),
      ),
    )
    .where(
      and(
        eq(retentionPlans.batchId, batch.id),
        eq(retentionPlans.status, "done"),
        rejected ? eq(retentionPlans.complianceStatus, "rejected") : sql`${retentionPlans.complianceStatus} is distinct from 'rejected'`,
        cursor,
      ),
    )
    .orderBy(asc(retentionPlans.position), asc(retentionPlans.id))
    .limit(pageRows);
}

/** Done plans of a batch in batch order, one keyset page at a time (rejected ones or the others). */
async function* planPages(db: Db, batch: PlanBatch, rejected: boolean, state: StreamState) {
  let after: { position: number; id: number } | null = null;
  for (;;) {
    const cursor: SQL | undefined = after === null ? undefined : sql`(${retentionPlans.position}, ${retentionPlans.id}) > (${after.position}, ${after.id})`;
    const page = await planPage(db, batch, rejected, cursor, state.pageRows);
    if (page.length > 0) yield page;
    if (page.length < state.pageRows) return;
    const last = page[page.length - 1]!;
    after = { position: last.position, id: last.id };
    await pause(state);
  }
}

async function writePlanRows(db: Db, sheet: SheetWriter, batch: PlanBatch, state: StreamState): Promise<void> {
  for await (const rows of planPages(db, batch, false, state)) {
    const clock = new SliceClock();
    for (const r of rows) {
      await clock.tick();
      const plan = readPlan(r.plan);
      // Stored as a code; the workbook shows the Chinese label.
      const priority = (r.priority ?? plan.priority) as PlanPriority;
      addDataRow(
        sheet,
        [
          r.customerId,
          r.probability,
          riskLevelZh(r.riskLevel),
          PRIORITY_LABEL[priority]?.zh ?? priority,
          r.shap ? driversText(r.shap) : "",
          actionsText(plan),
          offerText(plan),
          plan.script,
          plan.expectedEffect,
          plan.followUp,
          complianceText(r.complianceStatus, r.complianceIssues),
          sourceText(r.source, r.llmModel ?? batch.llmModel),
          r.finishedAt,
        ],
        PRIORITY_FILL[priority],
      );
    }
  }
}

async function writeReviewRows(db: Db, sheet: SheetWriter, batch: PlanBatch, state: StreamState): Promise<void> {
  for await (const rows of planPages(db, batch, true, state)) {
    const clock = new SliceClock();
    for (const r of rows) {
      await clock.tick();
      const plan = readPlan(r.plan);
      addDataRow(sheet, [
        r.customerId,
        r.probability,
        riskLevelZh(r.riskLevel),
        "驳回",
        issuesText(r.complianceIssues) || "未注明原因",
        offerText(plan),
        plan.script,
        sourceText(r.source, r.llmModel ?? batch.llmModel),
        r.finishedAt,
      ]);
    }
  }
}

/**
 * The datasets holding this run's predictions at their current as-of date, newest first. Each is
 * then paged with its dataset and as-of week as constants, so every page is a range of the
 * (run, dataset, as-of, rank) index; with the as-of resolved per row, each page scanned every later
 * rank of the run (4.7 s per page at 1M customers).
 */
async function datasetsScoredBy(db: Db, modelRunId: number): Promise<number[]> {
  const rows = await db
    .select({ id: datasets.id })
    .from(datasets)
    .where(
      sql`exists (select 1 from ${predictions} p where p.model_run_id = ${modelRunId} and p.dataset_id = ${datasets.id} and p.as_of_week = ${datasets.asOfWeek})`,
    )
    .orderBy(desc(datasets.id));
  return rows.map((r) => r.id);
}

function highRiskPage(db: Db, modelRunId: number, datasetId: number, cursor: SQL | undefined, pageRows: number) {
  return db
    .select({
      rank: predictions.riskRank,
      customerId: predictions.customerId,
      probability: predictions.probability,
      riskLevel: predictions.riskLevel,
      expectedLoss: predictions.expectedAssetLoss,
      assets: featureValueSql("assets_latest"),
      customerType: customers.customerType,
      shap: predictions.shap,
    })
    .from(predictions)
    .leftJoin(
      featureVectors,
      and(eq(featureVectors.datasetId, predictions.datasetId), eq(featureVectors.asOfWeek, predictions.asOfWeek), eq(featureVectors.customerId, predictions.customerId)),
    )
    .leftJoin(customers, and(eq(customers.datasetId, predictions.datasetId), eq(customers.id, predictions.customerId)))
    .where(
      and(
        eq(predictions.modelRunId, modelRunId),
        eq(predictions.datasetId, datasetId),
        atCurrentAsOf(predictions, datasetId),
        eq(predictions.riskLevel, "high"),
        cursor,
      ),
    )
    .orderBy(asc(predictions.riskRank), asc(predictions.customerId))
    .limit(pageRows);
}

async function writeHighRiskRows(db: Db, sheet: SheetWriter, modelRunId: number, state: StreamState): Promise<void> {
  for (const datasetId of await datasetsScoredBy(db, modelRunId)) await writeHighRiskRowsOf(db, sheet, modelRunId, datasetId, state);
}

async function writeHighRiskRowsOf(db: Db, sheet: SheetWriter, modelRunId: number, datasetId: number, state: StreamState): Promise<void> {
  let after: { rank: number; id: string } | null = null;
  for (;;) {
    const cursor: SQL | undefined = after === null ? undefined : sql`(${predictions.riskRank}, ${predictions.customerId}) > (${after.rank}, ${after.id})`;
    const rows = await highRiskPage(db, modelRunId, datasetId, cursor, state.pageRows);
    // A page's rows are rendered to XML and deflated as they are committed: yield within the page
    // once the slice's budget is used, so concurrent downloads never hold the thread for a page.
    const clock = new SliceClock();
    for (const r of rows) {
      await clock.tick();
      addDataRow(
        sheet,
        [
          r.rank,
          r.customerId,
          r.probability,
          riskLevelZh(r.riskLevel),
          r.expectedLoss,
          r.assets === null ? null : Number(r.assets),
          r.customerType === null ? "" : categoryLabel("customer_type", r.customerType),
          driversText(r.shap),
        ],
        PRIORITY_FILL.high,
      );
    }
    if (rows.length < state.pageRows) return;
    const last = rows[rows.length - 1]!;
    after = { rank: last.rank, id: last.customerId };
    await pause(state);
  }
}

function writeMetricRows(sheet: SheetWriter, run: ModelRunSummary | null, activeId: number | null): void {
  if (!run) {
    addDataRow(sheet, ["模型", "尚无已启用的模型", ""]);
    return;
  }
  const m = readModelMetrics(run.metrics, { threshold: run.threshold });
  const rows: [string, number | string | null, string][] = [
    ["模型运行编号", run.id, run.id === activeId ? "当前启用的模型" : "生成该批计划时使用的模型（非当前启用）"],
    ["AUC", m.auc, "测试集 ROC 曲线下面积"],
    ["PR-AUC", m.prAuc, "精确率-召回率曲线下面积"],
    ["准确率 Accuracy", m.accuracy, "按阈值判定的整体准确率"],
    ["精确率 Precision", m.precision, "预测为流失的客户中真实流失的比例"],
    ["召回率 Recall", m.recall, "真实流失客户中被识别出的比例"],
    ["F1", m.f1, "精确率与召回率的调和平均"],
    ["对数损失 Log loss", m.logLoss, "越低越好"],
    ["Brier 分数", m.brier, "概率校准误差，越低越好"],
    ["判定阈值", m.threshold, "流失概率不低于该值判定为流失"],
    ["理论最优 AUC (oracle)", m.oracleAuc, "用数据生成器的真实流失概率可达到的最高 AUC"],
    ["AUC / 理论最优", m.oracleRatio, "越接近 1 说明模型越接近数据可达上限"],
    ["混淆矩阵 TP", m.confusion?.tp ?? null, "真实流失且预测流失"],
    ["混淆矩阵 FP", m.confusion?.fp ?? null, "未流失但预测流失"],
    ["混淆矩阵 TN", m.confusion?.tn ?? null, "未流失且预测未流失"],
    ["混淆矩阵 FN", m.confusion?.fn ?? null, "真实流失但预测未流失"],
    ["测试集样本数", m.testSize, ""],
    ["训练集样本数", m.trainSize, ""],
  ];
  for (const [name, value, note] of rows) {
    // Counts and ids read better without decimals.
    const integer = typeof value === "number" && Number.isInteger(value) && !/AUC|率|F1|分数|阈值|损失/.test(name);
    addDataRow(sheet, [name, value, note], undefined, [undefined, integer ? "0" : undefined]);
  }
}

/**
 * The .xlsx for one plan batch (the newest when `batchId` is omitted) as a stream of bytes.
 * Everything that can fail for a caller's reason (unknown batch) is checked before this returns,
 * so a download either starts or answers with an error; rows are read a page at a time and
 * written through exceljs' streaming writer, so memory does not grow with the dataset.
 */
export async function openPlansWorkbook(db: Db, opts: PlansWorkbookOptions = {}): Promise<AsyncIterable<Uint8Array>> {
  const { batchId, pageRows } = plansWorkbookOptionsSchema.parse(opts);
  const batch = await findPlanBatch(db, batchId);
  if (batchId !== undefined && !batch) throw new ExportNotFoundError(`计划批次不存在 (batchId ${batchId} not found)`);
  const active = await getActiveRunSummary(db);
  // The high-risk list and the metrics describe the model the plans were made from.
  const run = batch ? ((await getRunSummary(db, batch.modelRunId)) ?? active) : active;

  return streamWorkbook(pageRows, async (wb, state) => {
    wb.creator = "churn-guard 证券客户流失预测与挽留";
    wb.created = new Date();
    // The streaming writer stores one sheet after another: each is written whole and committed.
    const plans = addSheet(wb, "挽留计划", PLAN_COLUMNS);
    if (batch) await writePlanRows(db, plans, batch, state);
    plans.ws.commit();
    const highRisk = addSheet(wb, "高风险客户", HIGH_RISK_COLUMNS);
    if (run) await writeHighRiskRows(db, highRisk, run.id, state);
    highRisk.ws.commit();
    const metrics = addSheet(wb, "模型指标", METRIC_COLUMNS);
    writeMetricRows(metrics, run, active?.id ?? null);
    metrics.ws.commit();
    const review = addSheet(wb, "合规复核", REVIEW_COLUMNS);
    if (batch) await writeReviewRows(db, review, batch, state);
    review.ws.commit();
  });
}

/** Runs `write` against a streaming workbook and hands out the zip's bytes as they are produced. */
function streamWorkbook(pageRows: number, write: (wb: ExcelJS.stream.xlsx.WorkbookWriter, state: StreamState) => Promise<void>): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      const state: StreamState = { cancelled: false, out: new PassThrough(), pageRows };
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: state.out, useStyles: true, useSharedStrings: false });
      let failure: unknown = null;
      const producing = (async () => {
        try {
          await write(wb, state);
          await wb.commit();
        } catch (e) {
          failure = e;
          state.out.destroy(e instanceof Error ? e : new Error(String(e)));
        }
      })();
      try {
        for await (const chunk of state.out) yield chunk as Uint8Array;
        await producing;
        if (failure && !(failure instanceof ExportCancelled)) throw failure;
      } finally {
        // The reader went away (client disconnected) or finished: stop reading pages.
        state.cancelled = true;
        if (!state.out.destroyed) state.out.destroy();
      }
    },
  };
}

/** All bytes of an export (tests, small workbooks). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(typeof c === "string" ? Buffer.from(c, "utf8") : Buffer.from(c));
  return Buffer.concat(parts);
}

/** Builds the whole .xlsx in memory; small batches and tests only (downloads use `openPlansWorkbook`). */
export async function buildPlansWorkbook(db: Db, opts: PlansWorkbookOptions = {}): Promise<Buffer> {
  return collectBytes(await openPlansWorkbook(db, opts));
}
