"use client";
import Link from "next/link";
import type { CustomerFilter, CustomerOrder } from "../../graphql/generated/client/graphql";
import type { Lang } from "../lib/i18n/messages";

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

/**
 * The whole list as filtered and ordered on the page (every matching row, not the page on
 * screen), as a CSV the server streams: GET /api/customers/export?view=list&….
 */
export function listExportHref(filter: CustomerFilter, order: CustomerOrder, lang: Lang): string {
  const p = new URLSearchParams({ view: "list", format: "csv" });
  for (const [k, v] of Object.entries(filter)) {
    // The server decides whether the search matches names (by the caller's role).
    if (k === "searchNames" || v === undefined || v === null || v === "") continue;
    p.set(k, String(v));
  }
  p.set("orderBy", order);
  p.set("lang", lang);
  return `/api/customers/export?${p.toString()}`;
}
