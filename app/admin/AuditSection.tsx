"use client";
import type { AuditLogQuery } from "../../graphql/generated/client/graphql";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { formatTimestamp } from "../lib/format";
import type { QueryState } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { auditActionText } from "./audit-action-text";

export const AUDIT_LIMIT = 100;

/** The latest entries, most recent first; read again on demand, not after every change. */
export function AuditSection({ state }: { state: QueryState<AuditLogQuery> }) {
  const { t, lang } = useI18n();
  const { data, error, loading, refetch } = state;
  const entries = data?.auditLog ?? [];
  return (
    <Section
      title={t("adminAudit")}
      id="admin-audit"
      actions={
        <div className="btn-row">
          <span className="muted small">{t("auditLatest", { n: AUDIT_LIMIT })}</span>
          <button type="button" className="btn btn-small" data-testid="audit-refresh" disabled={loading} onClick={() => void refetch()}>
            {loading ? t("refreshing") : t("refresh")}
          </button>
        </div>
      }
    >
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && entries.length === 0 && <EmptyState>{t("noAudit")}</EmptyState>}
      {entries.length > 0 && (
        // Scrolls sideways on a phone: focusable so a keyboard can scroll it too.
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("adminAudit")}>
          <table data-testid="audit-table" aria-busy={loading}>
            <thead>
              <tr>
                <th scope="col">{t("auditTime")}</th>
                <th scope="col">{t("auditActor")}</th>
                <th scope="col">{t("auditAction")}</th>
                <th scope="col">{t("auditTarget")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((a) => (
                <tr key={a.id} data-testid="audit-row" data-action={a.action}>
                  <td>{formatTimestamp(a.at, lang)}</td>
                  <td className="mono">{a.actor}</td>
                  <td>
                    <span title={a.action} data-testid="audit-action">
                      {auditActionText(a.action, lang)}
                    </span>
                  </td>
                  <td className="mono">{a.target ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
