"use client";
import Link from "next/link";
import type { CustomerListRowFragment, CustomerOrder } from "../../graphql/generated/client/graphql";
import type { Lang } from "../lib/i18n/messages";
import { branchText, planWord } from "../lib/profile-text";

type Row = CustomerListRowFragment;

/** A column header that sorts the list by that column (the API's one direction for it) when clicked. */
export function SortableTh({ order, current, href, label, num }: { order: CustomerOrder; current: CustomerOrder; href: string; label: string; num?: boolean }) {
  const active = order === current;
  return (
    <th scope="col" className={num ? "num" : undefined} aria-sort={active ? (order === "ID_ASC" ? "ascending" : "descending") : "none"} data-testid={`sort-${order}`}>
      <Link href={href} scroll={false} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (order === "ID_ASC" ? " ▲" : " ▼") : " ↕"}</span>
      </Link>
    </th>
  );
}

const cell = (v: string | number | null | undefined) => {
  const s = v == null ? "" : String(v);
  // Quoted always; a leading = + - @ would be a formula in a spreadsheet.
  return `"${(/^[=+\-@]/.test(s) && typeof v === "string" ? `'${s}` : s).replace(/"/g, '""')}"`;
};

/** The rows on screen (the current filters, order and page) as a CSV file (UTF-8 with BOM so Excel reads the Chinese). */
export function downloadCsv(rows: Row[], lang: Lang): void {
  const head = lang === "zh" ? ["客户编号", "营业部", "状态", "客户类型", "风险承受能力", "总资产", "流失概率", "风险等级", "预计资产流失", "有挽留计划"] : ["customer_id", "branch", "status", "customer_type", "risk_tolerance", "assets", "probability", "risk_level", "expected_asset_loss", "has_plan"];
  const lines = [head.map(cell).join(",")];
  for (const r of rows) {
    lines.push(
      [r.id, branchText(r.branch, lang), r.status, planWord(r.customerType, lang), planWord(r.riskTolerance, lang), r.assetsLatest, r.probability, r.riskLevel, r.expectedAssetLoss, r.hasPlan ? 1 : 0].map(cell).join(","),
    );
  }
  const blob = new Blob([`\uFEFF${lines.join("\r\n")}\r\n`], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `customers-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
