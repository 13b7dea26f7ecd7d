"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, useMemo } from "react";
import { EmptyState, ErrorBox, Loading, MetricCard, Section } from "../components/Status";
import { PartialDependenceQuery, ShapDependenceQuery, ShapSummaryQuery } from "../lib/documents/shap";
import { formatDecimal, formatNumber, formatPercent, sigmoid } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { unpackSeries } from "./beeswarm-unpack";
import { iceText } from "./ice-text";
import { BeeswarmChart, DependenceChart, IceChart, ImportanceChart } from "./ShapCharts";

/**
 * Customers per feature in the beeswarm. Plotly draws each marker as its own SVG path, about
 * 0.06–0.1 ms apiece in this machine's Chromium: 150 × 15 features is 2,250 markers (~0.18 s),
 * where 600 samples took ~2 s of a phone's main thread and 300 still ~0.5 s, the largest part of
 * the page's time to charts. 150 customers show each feature's spread and colour gradient on a
 * phone's 390 px as well as on a desktop; the importance bars beside it average every scored
 * customer, not the sample.
 */
const SAMPLE_SIZE = 150;
const BEESWARM_TOP = 15;
/** Points in the dependence plot: 300 show its shape and the interaction colouring as 1,000 did, at a third of the bytes and drawing time on a phone. */
const DEPENDENCE_SAMPLE = 300;

export function ShapView() {
  const { t, lang } = useI18n();
  const selectId = useId();
  const summary = useQuery(ShapSummaryQuery, { sampleSize: SAMPLE_SIZE });
  const s = summary.data?.shapSummary;
  const features = summary.data?.features ?? [];
  const labelOf = useMemo(() => {
    const map = new Map(features.map((f) => [f.key, lang === "zh" ? f.labelZh : f.labelEn]));
    return (key: string, fallback: string) => map.get(key) ?? fallback;
  }, [features, lang]);
  const order = useMemo(() => (s ? [...s.importance].sort((a, b) => b.meanAbsShap - a.meanAbsShap).map((f) => f.key) : []), [s]);
  const beeswarm = useMemo(() => (s ? s.beeswarmPacked.map(unpackSeries) : []), [s]);
  // The chosen feature lives in the URL (?feature=), so a link or a reload shows the same plots.
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const asked = params?.get("feature") ?? null;
  // A feature named in the URL is asked for at once, alongside the summary (not after it); one the
  // summary does not list gives way to the most important feature once the summary is here.
  const feature = asked && (order.length === 0 || order.includes(asked)) ? asked : (order[0] ?? null);
  const setPicked = (key: string) => {
    const q = new URLSearchParams(params?.toString() ?? "");
    q.set("feature", key);
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  const dep = useQuery(ShapDependenceQuery, { feature: feature ?? "", sampleSize: DEPENDENCE_SAMPLE }, { skip: feature == null });
  const d = dep.data?.shapDependence;
  const pdq = useQuery(PartialDependenceQuery, { feature: feature ?? "" }, { skip: feature == null });
  const pd = pdq.data?.partialDependence;
  const categoriesOf = (key: string) => features.find((f) => f.key === key)?.categories ?? null;

  return (
    <div data-ready={summary.data || summary.error ? "true" : "false"}>
      <div className="page-head">
        <h1>{t("shapTitle")}</h1>
      </div>
      <p className="units-note" data-testid="shap-units">
        {t("shapUnits")}
      </p>
      <ErrorBox error={summary.error} onRetry={() => void summary.refetch()} />
      {summary.loading && !summary.data && <Loading />}
      {summary.data && !s && (
        <section className="card">
          <EmptyState>{t("noModel")}</EmptyState>
        </section>
      )}
      {s && (
        <>
          <div className="metrics" style={{ marginBottom: "1rem" }}>
            <MetricCard label={t("baseValue")} value={formatDecimal(s.baseValue, 3)} />
            <MetricCard label={t("baseProb")} value={formatPercent(sigmoid(s.baseValue), lang)} hint="1 / (1 + e^(−base))" />
            <MetricCard label={t("sampleSize")} value={formatNumber(s.sampleSize, lang)} />
            <MetricCard label={t("activeModel")} value={`#${s.modelRunId}`} />
          </div>
          <div className="grid grid-2">
            <Section title={t("importance")}>
              <ImportanceChart importance={s.importance} />
            </Section>
            <Section title={t("beeswarm")}>
              <BeeswarmChart series={beeswarm} order={order.slice(0, BEESWARM_TOP)} />
              <p className="muted small">
                {t("beeswarmHelp")} {t("showTop", { n: Math.min(BEESWARM_TOP, order.length) })}
              </p>
            </Section>
          </div>
          <Section
            title={t("dependence")}
            actions={
              <label className="field" htmlFor={selectId}>
                {t("chooseFeature")}
                <select id={selectId} value={feature ?? ""} onChange={(e) => setPicked(e.target.value)} data-testid="dependence-select">
                  {order.map((k) => (
                    <option key={k} value={k}>
                      {labelOf(k, k)}
                    </option>
                  ))}
                </select>
              </label>
            }
          >
            <div className="grid grid-2">
              <div>
                <ErrorBox error={dep.error} onRetry={() => void dep.refetch()} />
                {dep.loading && !d && <Loading />}
                {d && (
                  <>
                    <DependenceChart dep={d} featureLabel={labelOf(d.key, d.labelZh)} interactionLabel={labelOf(d.interactionKey, d.interactionLabelZh)} />
                    <p className="muted small">{t("dependenceHelp", { interaction: labelOf(d.interactionKey, d.interactionLabelZh) })}</p>
                  </>
                )}
              </div>
              <div data-testid="ice-section">
                <h3 className="small">{iceText(lang, "title")}</h3>
                <ErrorBox error={pdq.error} onRetry={() => void pdq.refetch()} />
                {pdq.loading && !pd && <Loading />}
                {pd && (
                  <>
                    <IceChart pd={pd} featureLabel={labelOf(pd.key, pd.labelZh)} categories={categoriesOf(pd.key)} />
                    <p className="muted small">{iceText(lang, "help", { ice: pd.ice.length, n: formatNumber(pd.sampleSize, lang) })}</p>
                  </>
                )}
              </div>
            </div>
          </Section>
        </>
      )}
    </div>
  );
}
