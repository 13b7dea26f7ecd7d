"use client";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { formatNumber } from "../lib/format";
import type { RunMetrics } from "./types";

export function ConfusionMatrix({ confusion }: { confusion: RunMetrics["confusion"] }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="confusion" data-testid="confusion-matrix">
        <caption className="muted small">{t("confusionMatrix")}</caption>
        <thead>
          <tr>
            <td />
            <th scope="col">{t("predChurn")}</th>
            <th scope="col">{t("predStay")}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t("actualChurn")}</th>
            <td className="correct">
              {formatNumber(confusion.tp, lang)}
              <div className="muted small">TP</div>
            </td>
            <td className="wrong">
              {formatNumber(confusion.fn, lang)}
              <div className="muted small">FN</div>
            </td>
          </tr>
          <tr>
            <th scope="row">{t("actualStay")}</th>
            <td className="wrong">
              {formatNumber(confusion.fp, lang)}
              <div className="muted small">FP</div>
            </td>
            <td className="correct">
              {formatNumber(confusion.tn, lang)}
              <div className="muted small">TN</div>
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
