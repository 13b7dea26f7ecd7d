"use client";
import Link from "next/link";
import { LivePlanFields } from "../components/LivePlanFields";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { BatchStreamState } from "../lib/plan-stream";

const SHOWN = 6;

/** Plans being written right now, with the text as it arrives. */
export function LiveWriting({ state }: { state: BatchStreamState }) {
  const { t } = useI18n();
  const ids = state.writing.slice(0, SHOWN);
  if (ids.length === 0) return null;
  return (
    <div data-testid="live-writing">
      <h3>
        {t("liveWriting")} ({state.writing.length})
      </h3>
      <div className="stream-list">
        {ids.map((id) => (
          <div key={id}>
            <Link href={`/customers/${encodeURIComponent(id)}`} className="mono small">
              {t("customer")} {id}
            </Link>
            <div className="stream-fields">
              <LivePlanFields text={state.texts[id] ?? ""} testId="live-fields" />
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
