/**
 * The campaign workbook: advisors download their customers with a 联系状态 column, fill it in and
 * upload the file back. The upload is checked cell by cell before anything is written; every bad
 * cell is named (sheet, row, column, value, rule) and a single bad cell writes nothing. Formula
 * cells are refused wherever they are: a status must be typed, not computed.
 */
import ExcelJS from "exceljs";
import type { Db } from "../../db/client";
import { and, eq } from "drizzle-orm";
import { campaignMembers } from "../../db/schema";
import { AppError } from "../errors/app-error";
import { stripXmlInvalid } from "../plans/spreadsheet-safety";
import { applyStatusUpdates, listAssignments, type Editor, type StatusUpdate } from "./advisors";
import { getCampaign } from "./campaign-service";
import { readCampaignWorkbookInWorker } from "./workbook-in-worker";
import { SHEET } from "./workbook-read";
import { CONTACT_STATUS_LABEL, CONTACT_STATUSES, NEXT_STATUSES, parseContactStatus, type ContactStatus } from "./types";

export { SHEET };
const COLUMNS = [
  { key: "campaignId", header: "活动编号", width: 10 },
  { key: "customerId", header: "客户编号", width: 14 },
  { key: "name", header: "姓名", width: 10 },
  { key: "phone", header: "电话", width: 14 },
  { key: "probability", header: "流失概率", width: 10 },
  { key: "assets", header: "资产(元)", width: 14 },
  { key: "offer", header: "挽留权益", width: 30 },
  { key: "script", header: "沟通话术", width: 50 },
  { key: "status", header: "联系状态", width: 12 },
  { key: "note", header: "备注", width: 30 },
  { key: "statusAt", header: "状态时间", width: 20 },
] as const;
const REQUIRED = ["活动编号", "客户编号", "联系状态", "备注"] as const;
const NOTE_MAX = 500;

const cellText = (s: string | null) => stripXmlInvalid(s ?? "");

/** The campaign's treated customers (an advisor-scoped editor: only its own) as a workbook. */
export async function buildCampaignWorkbook(db: Db, campaignId: number, editor: Editor): Promise<Buffer> {
  const campaign = await getCampaign(db, campaignId);
  const rows = await listAssignments(db, { campaignId, limit: 100_000, ...(editor.advisorId !== null ? { advisorId: editor.advisorId } : {}) });
  const wb = new ExcelJS.Workbook();
  wb.creator = "churn-retention";
  const ws = wb.addWorksheet(SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ key: c.key, header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const statusList = `"${CONTACT_STATUSES.map((s) => CONTACT_STATUS_LABEL[s].zh).join(",")}"`;
  for (const r of rows) {
    const row = ws.addRow({
      campaignId: campaign.id,
      customerId: r.customerId,
      name: cellText(r.customerName),
      phone: cellText(r.phone),
      probability: Math.round(r.probability * 1000) / 1000,
      assets: Math.round(r.assets),
      offer: cellText(r.planOffer),
      script: cellText(r.planScript),
      status: CONTACT_STATUS_LABEL[r.status].zh,
      note: cellText(r.note),
      statusAt: r.statusAt ? r.statusAt.toISOString() : "",
    });
    row.getCell("status").dataValidation = { type: "list", allowBlank: false, formulae: [statusList] };
  }
  const help = wb.addWorksheet("说明");
  help.addRow(["只需填写「联系状态」和「备注」两列，其余列请勿修改。"]);
  help.addRow([`联系状态可填：${CONTACT_STATUSES.map((s) => `${CONTACT_STATUS_LABEL[s].zh}（${CONTACT_STATUS_LABEL[s].en}）`).join("、")}`]);
  help.addRow(["状态顺序：待联系 → 已联系 → 接受 / 拒绝 / 无法联系。请勿使用公式；有任何错误时整个文件不会写入。"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export type CellRule = "formula" | "missing_column" | "campaign" | "unknown_id" | "control" | "not_yours" | "duplicate" | "unknown_status" | "transition" | "too_long" | "sheet";

export interface CellIssue {
  sheet: string;
  row: number;
  column: string;
  value: string;
  rule: CellRule;
  message: string;
}

function colLetter(n: number): string {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export interface UploadResult {
  rows: number;
  updated: number;
}

/**
 * Reads an uploaded campaign workbook and applies its status column, or throws BAD_USER_INPUT
 * listing every bad cell (details: CellIssue[]) with nothing written.
 */
export async function applyCampaignWorkbook(db: Db, campaignId: number, editor: Editor, bytes: Uint8Array, inTransaction?: (tx: Db) => Promise<void>): Promise<UploadResult> {
  await getCampaign(db, campaignId);
  // exceljs runs in a worker thread (and the zip's sizes are bounded first): see workbook-in-worker.ts.
  const wb = await readCampaignWorkbookInWorker(bytes);
  const issues: CellIssue[] = [];
  if (!wb.sheetFound) throw new AppError("BAD_USER_INPUT", `工作簿缺少工作表「${SHEET}」(sheet ${SHEET} is missing)`, { field: "file", details: [{ sheet: SHEET, row: 0, column: "", value: "", rule: "sheet", message: "missing sheet" }] });

  // Formulas anywhere in the workbook are refused, not only in the status column.
  const formulaCells = new Set<string>();
  for (const f of wb.formulas) {
    if (f.sheet === SHEET) formulaCells.add(`${f.row}:${f.col}`);
    issues.push({ sheet: f.sheet, row: f.row, column: colLetter(f.col), value: `=${f.formula}`, rule: "formula", message: "不接受公式单元格，请填写值 (formula cells are not accepted)" });
  }

  const header = new Map<string, number>();
  for (const [h, c] of wb.header) header.set(h, c);
  for (const h of REQUIRED) {
    if (!header.has(h)) issues.push({ sheet: SHEET, row: 1, column: h, value: "", rule: "missing_column", message: `缺少列「${h}」(missing column)` });
  }
  if (issues.some((i) => i.rule === "missing_column")) throw badWorkbook(issues);

  const members = await db
    .select({ customerId: campaignMembers.customerId, arm: campaignMembers.arm, status: campaignMembers.status, note: campaignMembers.note, advisorId: campaignMembers.advisorId })
    .from(campaignMembers)
    .where(and(eq(campaignMembers.campaignId, campaignId)));
  const byId = new Map(members.map((m) => [m.customerId, m]));
  const seen = new Set<string>();
  const updates: StatusUpdate[] = [];
  let dataRows = 0;
  const at = (r: number, h: string) => ({ sheet: SHEET, row: r, column: `${colLetter(header.get(h)!)}（${h}）` });
  for (const { row: r, cells } of wb.rows) {
    const get = (h: string) => cells[header.get(h)!] ?? "";
    const cid = get("活动编号");
    const id = get("客户编号");
    const statusText = get("联系状态");
    const statusIsFormula = formulaCells.has(`${r}:${header.get("联系状态")!}`);
    const note = get("备注");
    if (!cid && !id && !statusText && !note) continue;
    dataRows++;
    if (cid !== String(campaignId)) issues.push({ ...at(r, "活动编号"), value: cid, rule: "campaign", message: `活动编号应为 ${campaignId} (this workbook must be for campaign ${campaignId})` });
    const m = byId.get(id);
    let rowOk = true;
    if (!m) {
      issues.push({ ...at(r, "客户编号"), value: id, rule: "unknown_id", message: "客户不在本活动中 (customer is not in this campaign)" });
      rowOk = false;
    } else if (m.arm === "control") {
      issues.push({ ...at(r, "客户编号"), value: id, rule: "control", message: "对照组客户不得联系，不能出现在表中 (a control-group customer must not be contacted)" });
      rowOk = false;
    } else if (editor.advisorId !== null ? m.advisorId !== editor.advisorId : !editor.manager) {
      issues.push({ ...at(r, "客户编号"), value: id, rule: "not_yours", message: "不是您负责的客户 (not your customer)" });
      rowOk = false;
    } else if (seen.has(id)) {
      issues.push({ ...at(r, "客户编号"), value: id, rule: "duplicate", message: "客户重复出现 (customer listed twice)" });
      rowOk = false;
    }
    seen.add(id);
    // A formula status is reported once, as a formula, not again as an unknown status.
    const status = statusIsFormula ? null : parseContactStatus(statusText);
    if (statusIsFormula) rowOk = false;
    else if (!status) {
      issues.push({ ...at(r, "联系状态"), value: statusText, rule: "unknown_status", message: `状态须为 ${CONTACT_STATUSES.map((s) => CONTACT_STATUS_LABEL[s].zh).join("、")} 之一 (unknown status)` });
      rowOk = false;
    }
    if (note.length > NOTE_MAX) {
      issues.push({ ...at(r, "备注"), value: `${note.slice(0, 40)}…`, rule: "too_long", message: `备注最长 ${NOTE_MAX} 个字符 (note at most ${NOTE_MAX} characters)` });
      rowOk = false;
    }
    if (!rowOk || !m || !status) continue;
    const from = (m.status ?? "pending") as ContactStatus;
    if (status !== from && !NEXT_STATUSES[from].includes(status)) {
      issues.push({ ...at(r, "联系状态"), value: statusText, rule: "transition", message: `状态不能从「${CONTACT_STATUS_LABEL[from].zh}」改为「${CONTACT_STATUS_LABEL[status].zh}」(status cannot move from ${from} to ${status})` });
      continue;
    }
    if (status !== from || note !== (m.note ?? "")) updates.push({ campaignId, customerId: id, status, note: note || null });
   }
  if (issues.length) throw badWorkbook(issues);
  if (updates.length === 0) {
    if (inTransaction) await db.transaction((tx) => inTransaction(tx));
    return { rows: dataRows, updated: 0 };
  }
  const updated = await applyStatusUpdates(db, editor, updates, { inTransaction });
  return { rows: dataRows, updated };
}

function badWorkbook(issues: CellIssue[]): AppError {
  const shown = issues
    .slice(0, 20)
    .map((i) => `${i.sheet}!${i.column} 第${i.row}行「${i.value}」: ${i.message}`)
    .join("; ");
  return new AppError("BAD_USER_INPUT", `工作簿有 ${issues.length} 处错误，未写入任何内容 (${issues.length} bad cells, nothing written): ${shown}${issues.length > 20 ? " …" : ""}`, {
    field: "file",
    details: issues,
  });
}
