"use client";
import type { ComplianceStatus } from "../../graphql/generated/client/graphql";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { isMessageKey } from "../lib/i18n/keys";
import type { Translate } from "../lib/i18n/LanguageProvider";

/** Compliance at a glance: a rejected plan is red with a warning sign, never plain text. */
export function ComplianceBadge({ status }: { status: ComplianceStatus | null | undefined }) {
  const { t } = useI18n();
  if (!status) return <>—</>;
  const tone = status === "OK" ? "badge-low" : status === "FLAGGED" ? "badge-medium" : "badge-rejected";
  return (
    <span className={`badge ${tone}`} data-testid="compliance-badge" data-status={status}>
      {status === "OK" ? "" : "⚠ "}
      {t(`compliance_${status}`)}
    </span>
  );
}

/** A compliance rule in words (what it forbids), falling back to its code for rules added later. */
export function complianceRuleText(rule: string, t: Translate): string {
  const key = `complianceRule_${rule}`;
  return isMessageKey(key) ? t(key) : rule;
}
