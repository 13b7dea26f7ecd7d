"use client";
import { ErrorBox } from "../components/Status";
import { ActivateModelMutation } from "../lib/documents/model";
import { formatDateTime, formatDecimal, formatDuration } from "../lib/format";
import { useMutation } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";
import { analysisText } from "./analysis-text";
import type { RunListItem } from "./types";

export function RunsTable({
  runs,
  selectedId,
  onSelect,
  compareId,
  onCompare,
  onActivated,
}: {
  runs: RunListItem[];
  selectedId: number | null;
  onSelect: (id: number) => void;
  /** The run compared with the selected one (?compare=), and how to pick it. */
  compareId: number | null;
  onCompare: (id: number) => void;
  onActivated: () => void;
}) {
  const { t, lang } = useI18n();
  const x = analysisText(lang);
  const activate = useMutation(ActivateModelMutation);
  return (
    <>
      <ErrorBox error={activate.error} />
      <p className="muted small">{x("compareHelp")}</p>
      <div className="table-wrap">
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">{t("runId")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col" className="num">
                {t("auc")}
              </th>
              <th scope="col" className="num">
                {t("prAuc")}
              </th>
              <th scope="col" className="num">
                {t("recall")}
              </th>
              <th scope="col" className="num">
                {t("f1")}
              </th>
              <th scope="col">{t("rounds")}</th>
              <th scope="col">{t("duration")}</th>
              <th scope="col">{t("createdAt")}</th>
              <th scope="col">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} className={r.id === selectedId ? "selected" : undefined} data-run-id={r.id}>
                <td>
                  #{r.id} {r.isActive && <span className="badge badge-active">{t("active")}</span>}
                  <div className="muted small">{r.source}</div>
                </td>
                <td>
                  {statusText(r.status, t)}
                  {r.error && <div className="error small">{r.error}</div>}
                </td>
                <td className="num">{formatDecimal(r.metrics?.auc, 3)}</td>
                <td className="num">{formatDecimal(r.metrics?.prAuc, 3)}</td>
                <td className="num">{formatDecimal(r.metrics?.recall, 3)}</td>
                <td className="num">{formatDecimal(r.metrics?.f1, 3)}</td>
                <td>
                  {r.currentRound}/{r.totalRounds}
                  {r.bestIteration != null && <div className="muted small">best {r.bestIteration}</div>}
                </td>
                <td>{formatDuration(r.durationMs)}</td>
                <td>{formatDateTime(r.createdAt, lang)}</td>
                <td>
                  <div className="btn-row">
                    <button type="button" className="btn btn-small" onClick={() => onSelect(r.id)} aria-pressed={r.id === selectedId}>
                      {r.id === selectedId ? t("viewing") : t("view")}
                    </button>
                    {r.status === "SUCCEEDED" && selectedId != null && r.id !== selectedId && (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => onCompare(r.id)}
                        aria-pressed={r.id === compareId}
                        data-testid={`compare-run-${r.id}`}
                      >
                        {r.id === compareId ? x("comparing") : x("compare")}
                      </button>
                    )}
                    {r.status === "SUCCEEDED" && !r.isActive && (
                      <button
                        type="button"
                        className="btn btn-small btn-primary"
                        disabled={activate.pending}
                        onClick={async () => {
                          if (await activate.run({ id: r.id })) onActivated();
                        }}
                      >
                        {activate.pending ? t("activating") : t("activate")}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
