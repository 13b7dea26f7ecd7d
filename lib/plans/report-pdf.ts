import PDFDocument from "pdfkit";
import type { PdfFontFile } from "./report-pdf-font";
import type { Block, ReportDocument } from "./report-render";

/**
 * The report as an A4 PDF, drawn from the same document tree as the Markdown and HTML (so the
 * three say the same thing), with the CJK font embedded as a subset: the text stays selectable
 * and searchable (the font's ToUnicode map goes in too).
 */

const NAVY = "#1f4e79";
const INK = "#1f2933";
const MUTED = "#52606d";
const RULE = "#d9e2ec";
const STRIPE = "#f7f9fc";
const BAR = "#c0392b";
const TRACK = "#e4e7eb";
const MARGIN = 48;
const BODY = 10.5;
const CELL_PAD = 4;

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when fewer than `height` points are left on this one. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function paragraph(doc: Doc, text: string): void {
  doc.font("cjk").fontSize(BODY).fillColor(INK).text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), lineGap: 3 });
  doc.moveDown(0.5);
}

function bullets(doc: Doc, items: readonly string[]): void {
  const left = doc.page.margins.left;
  const indent = 14;
  doc.font("cjk").fontSize(BODY).fillColor(INK);
  for (const item of items) {
    const h = doc.heightOfString(item, { width: contentWidth(doc) - indent, lineGap: 3 });
    ensureRoom(doc, Math.min(h, 40));
    const y = doc.y;
    doc.text("•", left, y, { width: indent, lineBreak: false });
    doc.text(item, left + indent, y, { width: contentWidth(doc) - indent, lineGap: 3 });
    doc.moveDown(0.25);
  }
  doc.moveDown(0.3);
}

/** Key figures as boxes, three to a row. */
function figures(doc: Doc, items: readonly { label: string; value: string }[]): void {
  const perRow = 3;
  const gap = 8;
  const w = (contentWidth(doc) - gap * (perRow - 1)) / perRow;
  const h = 44;
  for (let i = 0; i < items.length; i += perRow) {
    ensureRoom(doc, h + gap);
    const y = doc.y;
    items.slice(i, i + perRow).forEach((item, k) => {
      const x = doc.page.margins.left + k * (w + gap);
      doc.roundedRect(x, y, w, h, 4).fill("#f0f4f8");
      doc.font("cjk").fontSize(14).fillColor(NAVY).text(item.value, x + 8, y + 6, { width: w - 16, lineBreak: false, ellipsis: true });
      doc.fontSize(9).fillColor(MUTED).text(item.label, x + 8, y + 27, { width: w - 16, lineBreak: false, ellipsis: true });
    });
    doc.x = doc.page.margins.left;
    doc.y = y + h + gap;
  }
  doc.moveDown(0.3);
}

function bars(doc: Doc, items: readonly { label: string; value: number; display: string }[]): void {
  const max = Math.max(...items.map((i) => i.value), 0) || 1;
  const left = doc.page.margins.left;
  const labelW = 170;
  const valueW = 64;
  const trackW = contentWidth(doc) - labelW - valueW - 16;
  const rowH = 16;
  doc.font("cjk").fontSize(9.5);
  for (const item of items) {
    ensureRoom(doc, rowH);
    const y = doc.y;
    doc.fillColor(INK).text(item.label, left, y + 2, { width: labelW, lineBreak: false, ellipsis: true });
    doc.rect(left + labelW + 8, y + 3, trackW, 10).fill(TRACK);
    const len = Math.max(0, Math.min(1, item.value / max)) * trackW;
    if (len > 0) doc.rect(left + labelW + 8, y + 3, len, 10).fill(BAR);
    doc.fillColor(INK).text(item.display, left + labelW + 16 + trackW, y + 2, { width: valueW, align: "right", lineBreak: false });
    doc.x = left;
    doc.y = y + rowH;
  }
  doc.moveDown(0.5);
}

/** Column widths: each column's widest text, shrunk proportionally when the row is too wide. */
function columnWidths(doc: Doc, head: readonly string[], rows: readonly string[][], total: number): number[] {
  const natural = head.map((h, c) => Math.max(doc.widthOfString(h), ...rows.map((r) => doc.widthOfString(r[c] ?? ""))) + 2 * CELL_PAD + 1);
  const sum = natural.reduce((a, b) => a + b, 0);
  if (sum <= total) return natural.map((w) => w + (total - sum) / natural.length);
  // Too wide: every column keeps a floor, the rest is shared by natural width.
  const floor = Math.min(40, total / natural.length);
  const extra = total - floor * natural.length;
  const over = natural.reduce((a, w) => a + Math.max(0, w - floor), 0) || 1;
  return natural.map((w) => floor + (Math.max(0, w - floor) / over) * extra);
}

function table(doc: Doc, b: Extract<Block, { kind: "table" }>): void {
  const size = b.head.length > 6 ? 8 : 9;
  doc.font("cjk").fontSize(size);
  const left = doc.page.margins.left;
  const widths = columnWidths(doc, b.head, b.rows, contentWidth(doc));
  const rowHeight = (cells: readonly string[]) =>
    Math.max(...cells.map((c, i) => doc.heightOfString(c || " ", { width: widths[i]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
  const drawRow = (cells: readonly string[], header: boolean, stripe: boolean) => {
    const h = rowHeight(cells);
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, y, w, h).fill(NAVY);
      else if (stripe) doc.rect(x, y, w, h).fill(STRIPE);
      doc.rect(x, y, w, h).lineWidth(0.5).stroke(RULE);
      doc.fillColor(header ? "#ffffff" : INK).text(c, x + CELL_PAD, y + CELL_PAD, { width: w - 2 * CELL_PAD, align: !header && b.numeric?.[i] ? "right" : "left" });
      x += w;
    });
    doc.x = left;
    doc.y = y + h;
  };
  ensureRoom(doc, rowHeight(b.head) + (b.rows[0] ? rowHeight(b.rows[0]) : 0));
  drawRow(b.head, true, false);
  b.rows.forEach((r, n) => {
    if (doc.y + rowHeight(r) > bottom(doc)) {
      doc.addPage();
      drawRow(b.head, true, false); // the header again on each page the table runs onto
    }
    drawRow(r, false, n % 2 === 1);
  });
  doc.moveDown(0.6);
}

function block(doc: Doc, b: Block): void {
  switch (b.kind) {
    case "paragraph":
      return paragraph(doc, b.text);
    case "bullets":
      return bullets(doc, b.items);
    case "figures":
      return figures(doc, b.items);
    case "bars":
      return bars(doc, b.items);
    case "table":
      return table(doc, b);
  }
}

/** Renders the report; resolves with the PDF's bytes. */
export function renderReportPdf(report: ReportDocument, font: PdfFontFile, generatedAt: Date): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    lang: "zh-CN",
    displayTitle: true,
    info: { Title: report.title, Subject: report.subtitle, Creator: "客户流失分析", CreationDate: generatedAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  if (font.face) doc.registerFont("cjk", font.path, font.face);
  else doc.registerFont("cjk", font.path);
  const left = MARGIN;
  const width = contentWidth(doc);

  doc.font("cjk").fontSize(20).fillColor(NAVY).text(report.title, left, MARGIN, { width });
  doc.moveDown(0.2);
  doc.fontSize(9.5).fillColor(MUTED).text(report.subtitle, { width });
  doc.moveDown(0.3);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(2).stroke(NAVY);
  doc.moveDown(0.8);

  for (const section of report.sections) {
    ensureRoom(doc, 60);
    const y = doc.y;
    doc.rect(left, y + 1, 3, 16).fill(NAVY);
    doc.font("cjk").fontSize(14).fillColor(NAVY).text(section.title, left + 10, y, { width: width - 10 });
    doc.x = left;
    doc.moveDown(0.4);
    for (const b of section.blocks) block(doc, b);
    doc.moveDown(0.4);
  }
  ensureRoom(doc, 30);
  doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).stroke(RULE);
  doc.moveDown(0.4);
  doc.font("cjk").fontSize(9).fillColor(MUTED).text(report.footer, left, doc.y, { width });
  doc.end();
  return done;
}
