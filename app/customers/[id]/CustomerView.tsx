"use client";
import Link from "next/link";
import { RiskBadge } from "../../components/RiskBadge";
import { EmptyState, ErrorBox, Loading, MetricCard, Section } from "../../components/Status";
import { CustomerDetailQuery } from "../../lib/documents/customers";
import { formatDecimal, formatMoney, formatPercent } from "../../lib/format";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { BehaviourCharts } from "./BehaviourCharts";
import { PlanPanel } from "./PlanPanel";
import { ShapWaterfall } from "./ShapWaterfall";
import { WhatIfPanel } from "./WhatIfPanel";

export function CustomerView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { data, error, loading, refetch } = useQuery(CustomerDetailQuery, { id });
  const c = data?.customer;

  return (
    <div data-ready={data || error ? "true" : "false"}>
      <div className="page-head">
        <div>
          <h1>{t("customerTitle", { id })}</h1>
          <Link href="/customers">← {t("back")}</Link>
        </div>
      </div>
      <ErrorBox error={error} onRetry={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && !c && (
        <section className="card">
          <EmptyState>{t("noCustomer")}</EmptyState>
        </section>
      )}
      {c && (
        <>
          <div className="grid grid-2">
            <Section title={t("profile")}>
              <dl className="kv" data-testid="profile">
                <dt>{t("name")}</dt>
                <dd>{c.profile.maskedName}</dd>
                <dt>{t("phone")}</dt>
                <dd className="mono">{c.profile.maskedPhone}</dd>
                <dt>{t("customerType")}</dt>
                <dd>{c.profile.customerType}</dd>
                <dt>{t("riskTolerance")}</dt>
                <dd>{c.profile.riskTolerance}</dd>
                <dt>{t("age")}</dt>
                <dd>{c.profile.age}</dd>
                <dt>{t("tenure")}</dt>
                <dd>{t("months", { n: c.profile.tenureMonths })}</dd>
                <dt>{t("channel")}</dt>
                <dd>{c.profile.openChannel}</dd>
                <dt>{t("margin")}</dt>
                <dd>{c.profile.hasMargin ? t("yes") : t("no")}</dd>
                <dt>{t("advisor")}</dt>
                <dd>{c.profile.hasAdvisor ? t("yes") : t("no")}</dd>
                <dt>{t("commission")}</dt>
                <dd>{formatDecimal(c.profile.commissionRate, 2)} ‱</dd>
                <dt>{t("branch")}</dt>
                <dd>{c.profile.branch}</dd>
                <dt>{t("assets")}</dt>
                <dd>{formatMoney(c.assetsLatest, lang)}</dd>
              </dl>
            </Section>
            <Section title={t("riskCard")}>
              {c.risk ? (
                <div className="metrics" data-testid="risk-card">
                  <MetricCard
                    tone={c.risk.level === "HIGH" ? "high" : c.risk.level === "MEDIUM" ? "medium" : "low"}
                    label={t("probability")}
                    value={formatPercent(c.risk.probability, lang)}
                    hint={<RiskBadge level={c.risk.level} />}
                  />
                  <MetricCard label={t("marginLogOdds")} value={formatDecimal(c.risk.margin, 3)} hint={t("riskRank", { n: c.risk.rank })} />
                  <MetricCard label={t("expectedLoss")} value={formatMoney(c.risk.expectedAssetLoss, lang)} hint={t("lossRank", { n: c.risk.lossRank })} />
                  <MetricCard
                    label={t("churnedLabel")}
                    value={c.churned == null ? t("unknown") : c.churned ? t("churnedYes") : t("churnedNo")}
                    hint={t("modelRunNo", { id: c.risk.modelRunId })}
                  />
                </div>
              ) : (
                <EmptyState>{t("noRisk")}</EmptyState>
              )}
            </Section>
          </div>
          <Section title={t("behaviour")}>
            {c.weekly.length > 0 ? <BehaviourCharts weekly={c.weekly} /> : <EmptyState>{t("noData")}</EmptyState>}
          </Section>
          <div className="split">
            <Section title={t("waterfall")}>
              {c.shapBaseValue != null && c.shap.length > 0 ? (
                <>
                  <ShapWaterfall baseValue={c.shapBaseValue} items={c.shap} />
                  <p className="muted small">{t("waterfallHelp")}</p>
                </>
              ) : (
                <EmptyState>{t("noModel")}</EmptyState>
              )}
            </Section>
            <Section title={t("whatIf")}>
              {data.features.length > 0 && c.risk ? <WhatIfPanel customer={c} features={data.features} /> : <EmptyState>{t("noRisk")}</EmptyState>}
            </Section>
          </div>
          <PlanPanel key={c.id} customerId={c.id} initial={c.latestPlan ?? null} canRegenerate={c.risk != null} />
        </>
      )}
    </div>
  );
}
