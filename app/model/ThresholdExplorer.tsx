"use client";
import { useId, useMemo, useState } from "react";
import { MetricCard } from "../components/Status";
import { formatDecimal, formatNumber, formatPercent } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import type { RunMetrics } from "./types";

export function ThresholdExplorer({ sweep, defaultThreshold }: { sweep: RunMetrics["thresholdSweep"]; defaultThreshold: number }) {
  const { t, lang } = useI18n();
  const id = useId();
  const points = useMemo(() => [...sweep].sort((a, b) => a.threshold - b.threshold), [sweep]);
  const initial = useMemo(() => {
    let best = 0;
    points.forEach((p, i) => {
      if (Math.abs(p.threshold - defaultThreshold) < Math.abs(points[best].threshold - defaultThreshold)) best = i;
    });
    return best;
  }, [points, defaultThreshold]);
  const [index, setIndex] = useState<number | null>(null);
  if (points.length === 0) return <p className="muted">{t("noData")}</p>;
  const i = Math.min(index ?? initial, points.length - 1);
  const p = points[i];
  return (
    <div data-testid="threshold-explorer">
      <label className="field" htmlFor={id}>
        {t("threshold")}: <strong data-testid="threshold-value">{formatDecimal(p.threshold, 3)}</strong>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={points.length - 1}
        step={1}
        value={i}
        onChange={(e) => setIndex(Number(e.target.value))}
        aria-valuetext={formatDecimal(p.threshold, 3)}
        data-testid="threshold-slider"
        style={{ width: "100%" }}
      />
      <div className="metrics" aria-live="polite">
        <MetricCard label={t("precision")} value={formatPercent(p.precision, lang)} />
        <MetricCard label={t("recall")} value={formatPercent(p.recall, lang)} />
        <MetricCard label={t("f1")} value={formatDecimal(p.f1, 3)} />
        <MetricCard label={t("flagged")} value={t("customersUnit", { n: formatNumber(p.flagged, lang) })} />
      </div>
      <p className="muted small">{t("thresholdExplorerHelp")}</p>
    </div>
  );
}
