"use client";
import { useId, useMemo, useState } from "react";
import type { RunEvaluationFieldsFragment } from "../../graphql/generated/client/graphql";
import { COLORS } from "../components/chart-theme";
import { PlotlyChart } from "../components/PlotlyChart";
import { ErrorBox, Loading, MetricCard, Section } from "../components/Status";
import { RunEvaluationQuery } from "../lib/documents/model-analysis";
import { formatDecimal, formatMoney, formatNumber, formatPercent } from "../lib/format";
import { useQuery } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { bestCut, breakEvenProbability, checkCostInputs, expectedValueCurve, type CostInputs, type ValuePoint } from "../../lib/ml/cost-threshold";
import { gainCurve, type GainTable } from "../../lib/ml/gain-lift";
import { analysisText, type AnalysisText } from "./analysis-text";

/** Gain-table cuts requested: enough for a smooth curve, a few KB whatever the test set's size. */
const BINS = 200;

interface Draft {
  contactCost: string;
  retainedValue: string;
  successPct: string;
}

const draftOf = (e: RunEvaluationFieldsFragment): Draft => ({
  contactCost: String(e.defaultContactCost),
  retainedValue: String(e.defaultRetainedValue),
  successPct: String(Math.round(e.defaultSuccessRate * 1000) / 10),
});

const inputsOf = (d: Draft): CostInputs => ({ contactCost: Number(d.contactCost), retainedValue: Number(d.retainedValue), successRate: Number(d.successPct) / 100 });

function Charts({ table, curve, best, x }: { table: GainTable; curve: ValuePoint[]; best: ValuePoint; x: AnalysisText }) {
  const { lang } = useI18n();
  const figs = useMemo(() => {
    const gains = gainCurve(table);
    const share = gains.map((g) => g.share);
    const hover = gains.map((g) => `${x("bestTopK")} ${formatNumber(g.flagged, lang)} · ${x("bestThreshold")} ${g.threshold == null ? "—" : g.threshold.toFixed(3)}`);
    const legend = { orientation: "h", y: -0.25 };
    const xaxis = { range: [0, 1], tickformat: ".0%", title: { text: x("contactedShare") } };
    const chosen = (y: number | null) => ({
      type: "scatter",
      mode: "markers",
      name: x("chosen"),
      x: [best.share],
      y: [y],
      marker: { color: COLORS.churn, size: 11, symbol: "diamond", line: { color: "#fff", width: 1 } },
      hoverinfo: "skip",
    });
    const vline = [{ type: "line", x0: best.share, x1: best.share, y0: 0, y1: 1, yref: "paper", line: { color: COLORS.churn, width: 1, dash: "dot" } }];
    const bestGain = gains.find((g) => g.flagged === best.flagged);
    const base = table.total > 0 ? table.positives / table.total : 0;
    const lifts = gains.filter((g) => g.lift != null);
    return {
      ev: {
        data: [
          {
            type: "scatter",
            mode: "lines",
            name: x("expectedValueYuan"),
            x: curve.map((p) => p.share),
            y: curve.map((p) => p.expectedValue),
            customdata: hover,
            line: { color: COLORS.primary, width: 2 },
            hovertemplate: `%{x:.1%} · %{customdata}<br>%{y:,.0f}<extra></extra>`,
          },
          chosen(best.expectedValue),
        ],
        layout: { xaxis, yaxis: { title: { text: x("expectedValueYuan") }, zeroline: true }, legend, shapes: vline },
      },
      lift: {
        data: [
          { type: "scatter", mode: "lines", name: x("random"), x: [0, 1], y: [1, 1], line: { dash: "dot", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
          {
            type: "scatter",
            mode: "lines",
            name: x("model"),
            x: lifts.map((g) => g.share),
            y: lifts.map((g) => g.lift),
            customdata: lifts.map((g) => hover[gains.indexOf(g)]),
            line: { color: COLORS.valid, width: 2 },
            hovertemplate: `%{x:.1%} · %{customdata}<br>${x("lift")} %{y:.2f}<extra></extra>`,
          },
          chosen(bestGain?.lift ?? null),
        ],
        layout: { xaxis, yaxis: { title: { text: x("lift") }, rangemode: "tozero" }, legend, shapes: vline },
      },
      gain: {
        data: [
          { type: "scatter", mode: "lines", name: x("random"), x: [0, 1], y: [0, 1], line: { dash: "dot", color: COLORS.grey, width: 1 }, hoverinfo: "skip" },
          { type: "scatter", mode: "lines", name: x("perfect"), x: [0, base, 1], y: [0, 1, 1], line: { dash: "dash", color: COLORS.stay, width: 1 }, hoverinfo: "skip" },
          {
            type: "scatter",
            mode: "lines",
            name: x("model"),
            x: share,
            y: gains.map((g) => g.gain),
            customdata: hover,
            line: { color: COLORS.primary, width: 2 },
            hovertemplate: `%{x:.1%} · %{customdata}<br>${x("gain")} %{y:.1%}<extra></extra>`,
          },
          chosen(bestGain?.gain ?? 0),
        ],
        layout: { xaxis, yaxis: { range: [0, 1.02], tickformat: ".0%", title: { text: x("gain") } }, legend, shapes: vline },
      },
    };
  }, [table, curve, best, x, lang]);
  return (
    <div className="grid grid-2">
      <div>
        <h3 className="small">{x("evCurve")}</h3>
        <PlotlyChart {...figs.ev} label={x("evCurve")} testId="ev-chart" />
      </div>
      <div>
        <h3 className="small">{x("gainChart")}</h3>
        <PlotlyChart {...figs.gain} label={x("gainChart")} testId="gain-chart" />
      </div>
      <div>
        <h3 className="small">{x("liftChart")}</h3>
        <PlotlyChart {...figs.lift} label={x("liftChart")} testId="lift-chart" />
      </div>
    </div>
  );
}

function CostForm({ e, x }: { e: RunEvaluationFieldsFragment; x: AnalysisText }) {
  const { lang } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(e));
  const table: GainTable = useMemo(() => ({ total: e.rows, positives: e.positives, cuts: e.gain }), [e]);
  const inputs = useMemo(() => inputsOf(draft), [draft]);
  const problem = checkCostInputs(inputs);
  const result = useMemo(() => (checkCostInputs(inputs) ? null : { curve: expectedValueCurve(table, inputs), best: bestCut(table, inputs) }), [table, inputs]);
  const field = (key: keyof Draft, label: string, testId: string, attrs: { min: number; max?: number; step: number }) => (
    <label className="field" htmlFor={`${id}-${key}`}>
      {label}
      <input
        id={`${id}-${key}`}
        type="number"
        inputMode="decimal"
        {...attrs}
        value={draft[key]}
        onChange={(ev) => setDraft({ ...draft, [key]: ev.target.value })}
        aria-invalid={problem != null && problem.field === (key === "successPct" ? "successRate" : key)}
        data-testid={testId}
      />
    </label>
  );
  const best = result?.best;
  return (
    <>
      <p className="muted small">{x("costHelp", { id: e.runId, date: e.testAsOfDate ?? `#${e.testAsOfWeek}`, rows: formatNumber(e.rows, lang) })}</p>
      <div className="form-row">
        {field("contactCost", x("contactCost"), "cost-contact", { min: 0, step: 10 })}
        {field("retainedValue", x("retainedValue"), "cost-value", { min: 0, step: 100 })}
        {field("successPct", x("successRate"), "cost-success", { min: 0, max: 100, step: 5 })}
        <button type="button" className="btn btn-small" onClick={() => setDraft(draftOf(e))} data-testid="cost-reset">
          {x("resetDefaults")}
        </button>
      </div>
      <p className="muted small">{x("defaultsHelp", { assets: formatMoney(e.meanChurnerAssets, lang) })}</p>
      {problem && <ErrorBox error={problem.message} />}
      {result && best && (
        <>
          <div className="metrics" aria-live="polite" data-testid="cost-best" data-threshold={best.threshold ?? ""} data-flagged={best.flagged} data-value={best.expectedValue}>
            <MetricCard label={x("bestThreshold")} value={<span data-testid="best-threshold">{best.threshold == null ? x("contactNobody") : formatDecimal(best.threshold, 3)}</span>} />
            <MetricCard label={x("bestTopK")} value={<span data-testid="best-k">{x("customers", { n: formatNumber(best.flagged, lang) })}</span>} hint={formatPercent(best.share, lang)} />
            <MetricCard label={x("bestValue")} value={<span data-testid="best-value">{formatMoney(best.expectedValue, lang)}</span>} />
            <MetricCard
              label={x("churnersReached")}
              value={formatPercent(e.positives > 0 ? best.truePositives / e.positives : null, lang)}
              hint={`${formatNumber(best.truePositives, lang)} / ${formatNumber(e.positives, lang)}`}
            />
            <MetricCard label={x("breakEven")} value={formatDecimal(breakEvenProbability(inputs), 3)} hint={x("breakEvenHelp")} />
          </div>
          {best.threshold == null && <p className="small">{x("noContactPays")}</p>}
          <Charts table={table} curve={result.curve} best={best} x={x} />
        </>
      )}
    </>
  );
}

/** Threshold and top-K by expected value on the run's test set, with lift and cumulative gain. */
export function CostThreshold({ runId }: { runId: number }) {
  const { lang } = useI18n();
  const x = useMemo(() => analysisText(lang), [lang]);
  const q = useQuery(RunEvaluationQuery, { runId, bins: BINS });
  const e = q.data?.runEvaluation;
  return (
    <Section title={x("costTitle", { id: runId })} id="cost-threshold">
      <div data-testid="cost-threshold" data-ready={e ? "true" : "false"}>
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        {q.loading && !e && <Loading />}
        {e && <CostForm key={e.runId} e={e} x={x} />}
      </div>
    </Section>
  );
}
