"use client";
import Link from "next/link";
import { useEffect } from "react";
import type { PlanFieldsFragment, PlanPriority, PlanStatus } from "../../graphql/generated/client/graphql";
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
        return (
          <tr key={p.id} className={p.customerId === selected ? "selected" : undefined}>
            <td>
              <Link href={`/customers/${encodeURIComponent(p.customerId)}`} className="mono">
                {p.customerId}
              </Link>
            </td>
            <td>{p.priority ? t(`priority_${p.priority}`) : "—"}</td>
            <td>
              <RiskBadge level={p.riskLevel} />
            </td>
            <td className="num">{formatPercent(p.probability, lang)}</td>
            <td>{statusText(p.status, t)}</td>
            <td>{p.complianceStatus ? t(`compliance_${p.complianceStatus}`) : "—"}</td>
            <td>
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
