"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { ScoringRunsQuery } from "../lib/documents/scoring";
import { formatDecimal, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { ScoringRunPanel } from "./ScoringRunPanel";
import type { ModelQuality } from "./types";

/** Past and present scorings of the dataset, each with what it predicted and, once known, what happened. */
export function ScoringView() {
  const { t, lang } = useI18n();
  const pathname = usePathname() ?? "/scoring";
  const params = useSearchParams();
  const { data, error, loading, refetch } = useQuery(ScoringRunsQuery, {});
  const runs = useMemo(() => data?.scoringRuns ?? [], [data]);
  const models = useMemo(() => new Map((data?.modelRuns ?? []).map((m) => [m.id, m.metrics ? { auc: m.metrics.auc, oracleAuc: m.metrics.oracleAuc } : null])), [data]);
  const modelOf = (id: number): ModelQuality => models.get(id) ?? null;

  const wanted = Number(params?.get("run") ?? "");
  // Without a choice in the URL: the newest run whose outcomes are known, else the newest.
  const selected = runs.find((r) => r.id === wanted) ?? runs.find((r) => r.realised != null) ?? runs[0] ?? null;

  return (
    <div data-ready={data || error ? "true" : "false"} data-testid="scoring">
      <div className="page-head">
        <div>
          <h1>{t("scoringTitle")}</h1>
          <p className="muted small" style={{ maxWidth: "60rem" }}>
            {t("scoringIntro")}
          </p>
        </div>
      </div>
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && runs.length === 0 && (
        <section className="card">
          <EmptyState>{data.dataset ? t("noScoringRuns") : t("noDataset")}</EmptyState>
        </section>
      )}
      {selected && <ScoringRunPanel key={selected.id} run={selected} model={modelOf(selected.modelRunId)} />}
      {runs.length > 0 && (
        <Section title={t("scoringTitle")}>
          <div className="table-wrap">
            <table className="stack" data-testid="scoring-runs-table">
              <thead>
                <tr>
                  <th scope="col">{t("asOfDate")}</th>
                  <th scope="col" className="num">
                    {t("scoredCount")}
                  </th>
                  <th scope="col" className="num">
                    {t("expectedChurners")}
                  </th>
                  <th scope="col" className="num">
                    {t("highRiskCount")}
                  </th>
                  <th scope="col">{t("outcomeDate")}</th>
                  <th scope="col" className="num">
                    {t("realisedRate")}
                  </th>
                  <th scope="col" className="num">
                    {t("realisedAuc")}
                  </th>
                  <th scope="col" className="num">
                    {t("precisionAtK")}
                  </th>
                  <th scope="col" className="num">
                    {t("recallAtK")}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t("view")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => {
                  const model = modelOf(r.modelRunId);
                  const isSelected = selected?.id === r.id;
                  return (
                    <tr key={r.id} className={isSelected ? "selected" : undefined} data-run-id={r.id} data-realised={r.realised ? "true" : "false"}>
                      <td data-label={t("asOfDate")}>
                        <span className="mono">{r.asOfDate ?? `#${r.asOfWeek}`}</span>
                        <div className="muted small">
                          {t("scoringRunNo", { id: r.id })} · {t("madeBy", { id: r.modelRunId })}
                        </div>
                      </td>
                      <td data-label={t("scoredCount")} className="num">
                        {formatNumber(r.scoredCount, lang)}
                      </td>
                      <td data-label={t("expectedChurners")} className="num">
                        {formatNumber(r.expectedChurners, lang)}
                        <div className="muted small">{formatPercent(r.meanProbability, lang)}</div>
                      </td>
                      <td data-label={t("highRiskCount")} className="num">
                        {formatNumber(r.highRisk, lang)}
                      </td>
                      <td data-label={t("outcomeDate")} className="mono">
                        {r.outcomeDate ?? "—"}
                      </td>
                      {r.realised ? (
                        <>
                          <td data-label={t("realisedRate")} className="num">
                            {formatPercent(r.realised.churnRate, lang)}
                          </td>
                          <td data-label={t("realisedAuc")} className="num" data-testid="realised-auc">
                            {formatDecimal(r.realised.auc, 3)}
                            {model && <div className="muted small">{t("modelTestAuc", { auc: formatDecimal(model.auc, 3) })}</div>}
                          </td>
                          <td data-label={t("precisionAtK")} className="num">
                            {formatPercent(r.realised.precisionAtK, lang)}
                            <div className="muted small">K={formatNumber(r.realised.k, lang)}</div>
                          </td>
                          <td data-label={t("recallAtK")} className="num">
                            {formatPercent(r.realised.recallAtK, lang)}
                          </td>
                        </>
                      ) : (
                        <td colSpan={4} data-label={t("realisedKnown")} className="pending" data-testid="pending-outcome">
                          {t("pendingOutcome", { date: r.outcomeDate ?? "—" })}
                        </td>
                      )}
                      <td data-label="">
                        <Link
                          className="btn btn-small"
                          href={`${pathname}?run=${r.id}`}
                          scroll={false}
                          aria-current={isSelected ? "true" : undefined}
                          data-testid="scoring-run-view"
                        >
                          {isSelected ? t("viewing") : t("view")}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Section>
      )}
    </div>
  );
}
