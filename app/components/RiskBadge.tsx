"use client";
import type { RiskLevel } from "../../graphql/generated/client/graphql";
import { useI18n } from "../lib/i18n/LanguageProvider";

export function RiskBadge({ level }: { level: RiskLevel | null | undefined }) {
  const { t } = useI18n();
  if (!level) return <span className="badge">—</span>;
  const label = level === "HIGH" ? t("riskHigh") : level === "MEDIUM" ? t("riskMedium") : t("riskLow");
  return <span className={`badge badge-${level.toLowerCase()}`}>{label}</span>;
}
