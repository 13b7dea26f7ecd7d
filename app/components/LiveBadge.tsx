"use client";
import type { LiveStatus } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";

export function LiveBadge({ status }: { status: LiveStatus }) {
  const { t } = useI18n();
  if (status === "idle" || status === "closed") return null;
  const text = status === "live" ? t("liveOn") : status === "connecting" ? t("liveConnecting") : t("liveLost");
  return (
    <span className={`live-badge live-${status}`} role="status">
      <span className="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}
