"use client";
import { ageText, branchText, planWord } from "../../lib/profile-text";
import Link from "next/link";
import { RiskBadge } from "../../components/RiskBadge";
import { EmptyState, ErrorBox, Loading, MetricCard, Section } from "../../components/Status";
import { CustomerDetailQuery } from "../../lib/documents/customers";
import { formatDecimal, formatMoney, formatPercent } from "../../lib/format";
import { useQuery } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { churnTypeText } from "../../lib/time";
import { BehaviourCharts } from "./BehaviourCharts";
import { PlanPanel } from "./PlanPanel";
import { ShapWaterfall } from "./ShapWaterfall";
import { TimelineChart } from "./TimelineChart";
import { WhatIfPanel } from "./WhatIfPanel";

/** Weeks the behaviour panels show: the feature window (the seed's n_weeks) when the API gives none. */
const DEFAULT_LOOKBACK = 12;

export function CustomerView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { data, error, loading, refetch } = useQuery(CustomerDetailQuery, { id });
  const c = data?.customer;
  const ds = data?.dataset;
  const timeline = ds?.kind === "TIMELINE";
  const churned = c?.status === "CHURNED";
  const lookback = ds?.lookbackWeeks ?? DEFAULT_LOOKBACK;
  // A churned customer has no weeks after the event, so this is the window before it.
  const recent = c ? c.weekly.slice(-lookback) : [];

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
          {churned && (
            <div className="churn-notice" role="note" data-testid="churn-notice">
              <strong>
                {c.churnEvent
                  ? t("churnedNotice", { date: c.churnEvent.date, type: churnTypeText(c.churnEvent.type, t) })
                  : t("churnedNoticeNoDate")}
              </strong>
              <p className="muted small">{t("churnedNoticeDetail")}</p>
            </div>
          )}
          <div className={churned ? undefined : "grid grid-2"}>
            <Section title={t("profile")}>
              <dl className="kv" data-testid="profile">
                <dt>{t("name")}</dt>
                <dd>{c.profile.maskedName}</dd>
                <dt>{t("phone")}</dt>
                <dd className="mono">{c.profile.maskedPhone}</dd>
                {timeline && (
                  <>
                    <dt>{t("openDate")}</dt>
                    <dd data-testid="open-date">{c.openDate ?? t("openBeforeData")}</dd>
                  </>
                )}
                <dt>{t("customerType")}</dt>
                <dd>{planWord(c.profile.customerType, lang)}</dd>
                <dt>{t("riskTolerance")}</dt>
                <dd>{planWord(c.profile.riskTolerance, lang)}</dd>
                <dt>{t("age")}</dt>
                <dd>{ageText(c.profile.age, lang)}</dd>
                <dt>{t("tenure")}</dt>
                <dd>{t("months", { n: c.profile.tenureMonths })}</dd>
                <dt>{t("channel")}</dt>
                <dd>{planWord(c.profile.openChannel, lang)}</dd>
                <dt>{t("margin")}</dt>
                <dd>{c.profile.hasMargin ? t("yes") : t("no")}</dd>
                <dt>{t("advisor")}</dt>
                <dd>{c.profile.hasAdvisor ? t("yes") : t("no")}</dd>
                <dt>{t("commission")}</dt>
                <dd>{formatDecimal(c.profile.commissionRate, 2)} ‱</dd>
                <dt>{t("branch")}</dt>
                <dd>{branchText(c.profile.branch, lang)}</dd>
                <dt>{churned ? t("assetsBeforeChurn") : t("assets")}</dt>
                <dd>{formatMoney(c.assetsLatest, lang)}</dd>
              </dl>
            </Section>
            {!churned && (
              <Section title={timeline && ds?.asOfDate ? t("riskCardAsOf", { h: ds.horizonWeeks, date: ds.asOfDate }) : t("riskCard")}>
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
                    <MetricCard label={t("asOfDate")} value={<span className="small">{ds?.asOfDate ?? "—"}</span>} hint={t("modelRunNo", { id: c.risk.modelRunId })} />
                  </div>
                ) : (
                  <EmptyState>{t("noRisk")}</EmptyState>
                )}
              </Section>
            )}
          </div>
          <Section title={t("timeline")}>
            {c.weekly.length > 0 ? (
              <div data-testid="timeline-section" data-churn-date={c.churnEvent?.date ?? ""}>
                <TimelineChart
                  weekly={c.weekly}
                  marks={{ churn: c.churnEvent ? { date: c.churnEvent.date, type: c.churnEvent.type } : null, asOfDate: ds?.asOfDate ?? null, openDate: c.openDate }}
                />
                <p className="muted small">{t("timelineHelp")}</p>
              </div>
            ) : (
              <EmptyState>{t("noData")}</EmptyState>
            )}
          </Section>
          <Section title={churned ? t("behaviourBeforeChurn", { n: recent.length }) : t("behaviourWindow", { n: recent.length })}>
            {recent.length > 0 ? <BehaviourCharts weekly={recent} /> : <EmptyState>{t("noData")}</EmptyState>}
          </Section>
          {!churned && (
            <>
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
        </>
      )}
    </div>
  );
}
