import type { BacktestRole, ChurnType, CustomerStatus } from "../../graphql/generated/client/graphql";
import type { Translate } from "./i18n/LanguageProvider";

/** The API's enums in words (转户/销户/资产转出, 活跃/已流失): codes are never shown. */
export const churnTypeText = (type: ChurnType, t: Translate): string => t(`churnType_${type}`);
export const customerStatusText = (status: CustomerStatus, t: Translate): string => t(`customerStatus_${status}`);
export const backtestRoleText = (role: BacktestRole, t: Translate): string => t(`backtestRole_${role}`);

const DAY_MS = 86_400_000;

/**
 * 'YYYY-MM-DD' of the Monday that starts week index `week` of a timeline starting on `startDate`
 * (the API's own rule: as-of week t is the Monday t weeks after the start). Through Date.UTC only,
 * so the browser's time zone cannot shift the date.
 */
export function weekDate(startDate: string | null | undefined, week: number): string | null {
  const m = startDate ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate) : null;
  if (!m) return null;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + 7 * week * DAY_MS;
  return new Date(day).toISOString().slice(0, 10);
}
