"use client";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { SegmentDimension } from "../../graphql/generated/client/graphql";
import { ASSET_BANDS } from "../../lib/segments/asset-bands";
import { EmptyState, ErrorBox, Loading } from "../components/Status";
import { CustomerSegmentsQuery } from "../lib/documents/segments";
import { formatMoney, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { branchText, planWord } from "../lib/profile-text";
import { customersHref, DIMENSIONS, dimensionParam, parseDimension, type Segment } from "./segment-links";

const DIMENSION_TEXT: Record<SegmentDimension, [string, string]> = {
  BRANCH: ["营业部", "Branch"],
  CHANNEL: ["开户渠道", "Opening channel"],
  CUSTOMER_TYPE: ["客户类型", "Customer type"],
  RISK_TOLERANCE: ["风险承受能力", "Risk tolerance"],
  ASSET_BAND: ["资产区间", "Asset band"],
};

/** Churn rate, mean risk, count and top SHAP drivers per segment; each segment opens the customers list filtered to it. */
export function SegmentsView() {
  const { lang } = useI18n();
  const L = (zh: string, en: string) => (lang === "zh" ? zh : en);
  const pathname = usePathname();
  const params = useSearchParams();
  const dim = parseDimension(params?.get("dim") ?? null);
  const { data, error, loading, refetch } = useQuery(CustomerSegmentsQuery, {});
  const summary = data?.customerSegments;
  const rows = summary?.segments.filter((s) => s.dimension === dim) ?? [];
  const maxP = Math.max(0.0001, ...rows.map((r) => r.meanProbability ?? 0));
  const label = (s: Segment) => (s.dimension === "BRANCH" ? branchText(s.key, lang) : lang === "zh" ? s.labelZh : s.dimension === "ASSET_BAND" ? s.labelEn : planWord(s.labelZh, lang));

  return (
    <div data-ready={data || error ? "true" : "false"} data-testid="segments">
      <div className="page-head">
        <h1>{L("客群分析", "Segments")}</h1>
      </div>
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && !summary && (
        <section className="card">
          <EmptyState>{L("尚无数据集：生成或导入数据后即可按客群查看。", "No dataset yet: generate or import data to see segments.")}</EmptyState>
        </section>
      )}
      {summary && (
        <>
          <p className="muted small" data-testid="segments-note">
            {L(
              `平均风险与客户数仅计活跃客户（截至 ${summary.asOfDate ?? `第 ${summary.asOfWeek} 周`} 已评分的客户）；`,
              `Mean risk and counts cover active customers only (scored as of ${summary.asOfDate ?? `week ${summary.asOfWeek}`}); `,
            )}
            {summary.labelledAsOfWeek == null
              ? L("尚无已知结果，无法计算实际流失率。", "no outcomes are known yet, so there is no realised churn rate.")
              : L(
                  `实际流失率 = ${summary.labelledAsOfDate ?? `第 ${summary.labelledAsOfWeek} 周`} 时的活跃客户在之后 ${summary.horizonWeeks} 周内流失的比例（最近一个结果已知的日期）；`,
                  `realised churn rate = share of the customers active on ${summary.labelledAsOfDate ?? `week ${summary.labelledAsOfWeek}`} who churned within ${summary.horizonWeeks} weeks (the latest date with known outcomes); `,
                )}
            {L(
              `主要驱动因素 = 平均 |SHAP| 最大的三个特征；资产区间为固定档：${ASSET_BANDS.map((b) => b.labelZh).join("、")}（截至评分日期的总资产）。`,
              `top drivers = the three features with the largest mean |SHAP|; asset bands are fixed: ${ASSET_BANDS.map((b) => b.labelEn).join(", ")} (total assets at the scoring date).`,
            )}
          </p>
          <div className="metrics" style={{ marginBottom: "1rem" }} data-testid="segments-overall">
            <div className="metric-card">
              <div className="metric-label">{L("活跃客户", "Active customers")}</div>
              <div className="metric-value">{formatNumber(summary.overall.customers, lang)}</div>
            </div>
            <div className="metric-card">
              <div className="metric-label">{L("平均流失概率", "Mean churn probability")}</div>
              <div className="metric-value">{formatPercent(summary.overall.meanProbability, lang)}</div>
            </div>
            <div className="metric-card">
              <div className="metric-label">{L("实际流失率", "Realised churn rate")}</div>
              <div className="metric-value">{formatPercent(summary.overall.churnRate, lang)}</div>
              <div className="metric-hint muted">{L(`${formatNumber(summary.overall.labelled, lang)} 位已知结果`, `${formatNumber(summary.overall.labelled, lang)} with known outcome`)}</div>
            </div>
          </div>
          <div className="btn-row" style={{ marginBottom: "0.75rem" }}>
            <span className="muted small" id="segment-dim-label">
              {L("按", "By")}
            </span>
            <nav className="segmented" aria-labelledby="segment-dim-label" data-testid="segment-dimension">
              {DIMENSIONS.map((d) => (
                <Link key={d} href={`${pathname}?dim=${dimensionParam(d)}`} scroll={false} aria-current={d === dim ? "true" : undefined} data-dimension={d}>
                  {L(...DIMENSION_TEXT[d])}
                </Link>
              ))}
            </nav>
          </div>
          <section className="card">
            {rows.length === 0 ? (
              <EmptyState>{L("没有客户。", "No customers.")}</EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="stack" data-testid="segments-table">
                  <caption className="muted small" style={{ textAlign: "left", captionSide: "top", marginBottom: "0.4rem" }}>
                    {L(`按${DIMENSION_TEXT[dim][0]}：点击客群查看其客户`, `By ${DIMENSION_TEXT[dim][1].toLowerCase()}: open a segment to see its customers`)}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col">{L(...DIMENSION_TEXT[dim])}</th>
                      <th scope="col" className="num">
                        {L("活跃客户", "Active customers")}
                      </th>
                      <th scope="col">{L("平均流失概率", "Mean churn probability")}</th>
                      <th scope="col" className="num">
                        {L("高风险", "High risk")}
                      </th>
                      <th scope="col" className="num">
                        {L("预计资产流失", "Expected asset loss")}
                      </th>
                      <th scope="col" className="num">
                        {L("实际流失率", "Realised churn rate")}
                      </th>
                      <th scope="col">{L("主要驱动因素（平均 |SHAP|）", "Top drivers (mean |SHAP|)")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((s) => (
                      <tr key={s.key} data-segment={s.key} data-customers={s.customers}>
                        <td data-label={L(...DIMENSION_TEXT[dim])}>
                          {s.customers > 0 ? (
                            <Link href={customersHref(s)} data-testid="segment-link">
                              {label(s)}
                            </Link>
                          ) : (
                            label(s)
                          )}
                        </td>
                        <td className="num" data-label={L("活跃客户", "Active customers")}>
                          {formatNumber(s.customers, lang)}
                        </td>
                        <td data-label={L("平均流失概率", "Mean churn probability")}>
                          <span className="num">{formatPercent(s.meanProbability, lang)}</span>
                          <span
                            aria-hidden="true"
                            style={{ display: "block", height: 6, marginTop: 3, maxWidth: 160, width: `${Math.round(((s.meanProbability ?? 0) / maxP) * 100)}%`, background: "var(--high)", borderRadius: 3 }}
                          />
                        </td>
                        <td className="num" data-label={L("高风险", "High risk")}>
                          {formatNumber(s.highRisk, lang)}
                        </td>
                        <td className="num" data-label={L("预计资产流失", "Expected asset loss")}>
                          {formatMoney(s.expectedAssetLoss, lang)}
                        </td>
                        <td className="num" data-label={L("实际流失率", "Realised churn rate")}>
                          {s.churnRate == null ? "—" : formatPercent(s.churnRate, lang)}
                          <div className="muted small">{L(`n=${formatNumber(s.labelled, lang)}`, `n=${formatNumber(s.labelled, lang)}`)}</div>
                        </td>
                        <td className="small" data-label={L("主要驱动因素", "Top drivers")}>
                          {s.topDrivers.map((d) => (
                            <div key={d.key}>
                              {lang === "zh" ? d.labelZh : d.labelEn} <span className="muted">{d.meanAbsShap.toFixed(3)}</span>
                            </div>
                          ))}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
