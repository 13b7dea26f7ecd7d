"use client";
import Link from "next/link";
import { useEffect } from "react";
import type { ComplianceStatus, PlanFieldsFragment, PlanPriority, PlanStatus } from "../../graphql/generated/client/graphql";
import { ComplianceBadge } from "../components/ComplianceBadge";
import { RiskBadge } from "../components/RiskBadge";
import { RetentionPlansQuery } from "../lib/documents/plans";
import { formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";

export interface PageInfoReport {
  index: number;
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  rows: PlanFieldsFragment[];
  loading: boolean;
  error: Error | null;
}

/**
 * One page of plans as its own <tbody>: "load more" appends pages, and each refreshes itself
 * when `refreshKey` changes (plans finishing while the batch runs).
 */
export function PlansPage({
  index,
  batchId,
  priority,
  status,
  compliance,
  after,
  refreshKey,
  live,
  selected,
  onSelect,
  onInfo,
}: {
  index: number;
  batchId: number;
  priority: PlanPriority | null;
  status: PlanStatus | null;
  /** Shown rows only: the list query has no compliance argument, so this filters each loaded page. */
  compliance: ComplianceStatus | null;
  after: string | null;
  refreshKey: number;
  live: Record<string, PlanFieldsFragment>;
  selected: string | null;
  onSelect: (plan: PlanFieldsFragment) => void;
  onInfo: (info: PageInfoReport) => void;
}) {
  const { t, lang } = useI18n();
  const q = useQuery(RetentionPlansQuery, { batchId, priority, status, after });
  const { refetch } = q;
  useEffect(() => {
    if (refreshKey > 0) void refetch();
  }, [refreshKey, refetch]);
  const conn = q.data?.retentionPlans;
  useEffect(() => {
    onInfo({
      index,
      totalCount: conn?.totalCount ?? 0,
      hasNextPage: conn?.pageInfo.hasNextPage ?? false,
      endCursor: conn?.pageInfo.endCursor ?? null,
      rows: conn?.edges.map((e) => e.node) ?? [],
      loading: q.loading,
      error: q.error,
    });
  }, [conn, q.loading, q.error, index, onInfo]);

  return (
    <tbody>
      {conn?.edges.map(({ node }) => {
        const p = live[node.customerId]?.batchId === node.batchId ? live[node.customerId] : node;
        if (compliance && p.complianceStatus !== compliance) return null;
        const rowClass = [p.customerId === selected ? "selected" : "", p.complianceStatus === "REJECTED" ? "row-rejected" : ""].filter(Boolean).join(" ");
        return (
          <tr key={p.id} className={rowClass || undefined} data-compliance={p.complianceStatus ?? ""}>
            <td data-label={t("customer")}>
              <Link href={`/customers/${encodeURIComponent(p.customerId)}`} className="mono">
                {p.customerId}
              </Link>
            </td>
            <td data-label={t("priority")}>{p.priority ? t(`priority_${p.priority}`) : "—"}</td>
            <td data-label={t("riskLevel")}>
              <RiskBadge level={p.riskLevel} />
            </td>
            <td className="num" data-label={t("probability")}>
              {formatPercent(p.probability, lang)}
            </td>
            <td data-label={t("planStatus")}>{statusText(p.status, t)}</td>
            <td data-label={t("compliance")}>
              <ComplianceBadge status={p.complianceStatus} />
            </td>
            <td data-label={t("actions")}>
              <button type="button" className="btn btn-small" onClick={() => onSelect(p)} aria-pressed={p.customerId === selected}>
                {t("view")}
              </button>
            </td>
          </tr>
        );
      })}
    </tbody>
  );
}
