"use client";
import Link from "next/link";
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
            <pre className="stream-text" aria-live="off">
              {(state.texts[id] ?? "").slice(-1200) || "…"}
            </pre>
          </div>
        ))}
      </div>
    </div>
  );
}
