"use client";
import { useMemo } from "react";
import type { BacktestRole } from "../../graphql/generated/client/graphql";
import { COLORS } from "../components/chart-theme";
import { PlotlyChart } from "../components/PlotlyChart";
import { formatDecimal, formatNumber, formatPercent } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { backtestRoleText } from "../lib/time";
import type { BacktestRow } from "./types";

/** One colour per role, the out-of-sample ones (test, earlier, after) apart from those trained on. */
export const ROLE_COLORS: Record<BacktestRole, string> = {
  EARLIER: "#0891b2",
  TRAIN: COLORS.train,
  VALID: COLORS.valid,
  TEST: COLORS.churn,
  AFTER: "#7c3aed",
};
const ROLES: BacktestRole[] = ["EARLIER", "TRAIN", "VALID", "AFTER", "TEST"];

const label = (p: BacktestRow) => p.asOfDate ?? `#${p.asOfWeek}`;

export function BacktestTable({ points }: { points: BacktestRow[] }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="stack" data-testid="backtest-table">
        <thead>
          <tr>
            <th scope="col">{t("asOfDate")}</th>
            <th scope="col">{t("backtestRole")}</th>
            <th scope="col" className="num">
              {t("customersCount")}
            </th>
            <th scope="col" className="num">
              {t("churnedCount")}
            </th>
            <th scope="col" className="num">
              {t("churnRate")}
            </th>
            <th scope="col" className="num">
              {t("auc")}
            </th>
            <th scope="col" className="num">
              {t("oracleAuc")}
            </th>
            <th scope="col" className="num">
              {t("ofOracleShort")}
            </th>
            <th scope="col" className="num">
              {t("recallAtK")}
            </th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.asOfWeek} data-role={p.role} className={p.role === "TEST" ? "selected" : undefined}>
              <td data-label={t("asOfDate")} className="mono">
                {label(p)}
              </td>
              <td data-label={t("backtestRole")}>
                <span className="badge" style={{ background: `${ROLE_COLORS[p.role]}1f`, color: ROLE_COLORS[p.role] === COLORS.churn ? "#991b1b" : "#1f2937" }}>
                  <span aria-hidden="true" style={{ color: ROLE_COLORS[p.role] }}>
                    ●{" "}
                  </span>
                  {backtestRoleText(p.role, t)}
                </span>
              </td>
              <td data-label={t("customersCount")} className="num">
                {formatNumber(p.customers, lang)}
              </td>
              <td data-label={t("churnedCount")} className="num">
                {formatNumber(p.churned, lang)}
              </td>
              <td data-label={t("churnRate")} className="num">
                {formatPercent(p.customers > 0 ? p.churned / p.customers : null, lang)}
              </td>
              <td data-label={t("auc")} className="num">
                {formatDecimal(p.auc, 3)}
              </td>
              <td data-label={t("oracleAuc")} className="num">
                {formatDecimal(p.oracleAuc, 3)}
              </td>
              <td data-label={t("ofOracleShort")} className="num">
                {formatPercent(p.auc != null && p.oracleAuc ? p.auc / p.oracleAuc : null, lang)}
              </td>
              <td data-label={t("recallAtK")} className="num">
                {formatPercent(p.recallAtK, lang)} <span className="muted small">K={p.k}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** AUC and recall@K per as-of date, the oracle AUC as a dashed line; points coloured by role. */
export function BacktestChart({ points }: { points: BacktestRow[] }) {
  const { t } = useI18n();
  const fig = useMemo(() => {
    const x = points.map(label);
    const data: Record<string, unknown>[] = [
      { type: "scatter", mode: "lines", name: t("auc"), x, y: points.map((p) => p.auc), line: { color: "#1f2937", width: 2 }, hoverinfo: "skip", connectgaps: true },
      {
        type: "scatter",
        mode: "lines",
        name: t("recallAtK"),
        x,
        y: points.map((p) => p.recallAtK),
        line: { color: "#6b7280", width: 2, dash: "dot" },
        hoverinfo: "skip",
        connectgaps: true,
      },
      {
        type: "scatter",
        mode: "lines",
        name: t("oracleAuc"),
        x,
        y: points.map((p) => p.oracleAuc),
        line: { color: COLORS.grey, width: 2, dash: "dash" },
        hovertemplate: `%{x}<br>${t("oracleAuc")} %{y:.3f}<extra></extra>`,
        connectgaps: true,
      },
    ];
    // One marker trace per role, so the legend says what each colour means; AUC circles, recall@K diamonds.
    for (const role of ROLES) {
      const rows = points.filter((p) => p.role === role);
      if (rows.length === 0) continue;
      const auc = rows.filter((p) => p.auc != null);
      const recall = rows.filter((p) => p.recallAtK != null);
      data.push({
        type: "scatter",
        mode: "markers",
        name: backtestRoleText(role, t),
        legendgroup: role,
        x: [...auc.map(label), ...recall.map(label)],
        y: [...auc.map((p) => p.auc), ...recall.map((p) => p.recallAtK)],
        customdata: [...auc.map(() => t("auc")), ...recall.map(() => t("recallAtK"))],
        marker: {
          color: ROLE_COLORS[role],
          size: role === "TEST" ? 12 : 9,
          symbol: [...auc.map(() => "circle"), ...recall.map(() => "diamond")],
          line: { color: "#fff", width: 1 },
        },
        hovertemplate: `%{x}<br>%{customdata} %{y:.3f}<extra>${backtestRoleText(role, t)}</extra>`,
      });
    }
    const values = points.flatMap((p) => [p.auc, p.recallAtK, p.oracleAuc]).filter((v): v is number => v != null);
    const low = Math.max(0, Math.floor((Math.min(1, ...values) - 0.05) * 10) / 10);
    return {
      data,
      layout: {
        xaxis: { type: "category", title: { text: t("asOfDate") }, tickangle: -30 },
        yaxis: { range: [low, 1.02], title: { text: `${t("auc")} / ${t("recallAtK")}` } },
        legend: { orientation: "h", y: -0.35 },
        margin: { l: 56, r: 16, t: 24, b: 64 },
      },
    };
  }, [points, t]);
  return <PlotlyChart {...fig} label={t("backtest")} testId="backtest-chart" height={380} />;
}
