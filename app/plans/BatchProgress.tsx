"use client";
import type { BatchFieldsFragment } from "../../graphql/generated/client/graphql";
import { ProgressBar } from "../components/Status";
import { formatDateTime } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";

export function BatchProgress({ batch }: { batch: BatchFieldsFragment }) {
  const { t, lang } = useI18n();
  const finished = batch.done + batch.failed + batch.cancelled;
  return (
    <div data-testid="batch-progress" data-status={batch.status} data-done={batch.done} data-total={batch.total}>
      <ProgressBar
        value={finished}
        max={batch.total}
        label={`${t("batchNo", { id: batch.id })} · ${statusText(batch.status, t)}`}
        detail={`${t("doneCount", { done: batch.done })} · ${t("failedCount", { failed: batch.failed })} · ${t("totalCountShort", { total: batch.total })}`}
      />
      <p className="muted small">
        {t("planner")}: {t(`planner_${batch.planner}`)}
        {batch.llmModel ? ` (${batch.llmModel})` : ""} · prompt {batch.promptVersion} · {formatDateTime(batch.createdAt, lang)}
      </p>
    </div>
  );
}
