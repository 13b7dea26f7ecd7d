"use client";
import { useMemo, useState, type FormEvent } from "react";
import { RiskBadge } from "../../components/RiskBadge";
import { ErrorBox } from "../../components/Status";
import { WhatIfQuery } from "../../lib/documents/customers";
import { formatDecimal, formatPercent } from "../../lib/format";
import { PERCENT_KEYS } from "../../../lib/data/feature-format";
import { useMutation } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { ShapWaterfall } from "./ShapWaterfall";
import type { CustomerDetail, FeatureMeta } from "./types";

const INITIAL_ROWS = 6;

// Six significant digits are enough to edit by hand; the untouched value is sent as is.
// Fractions shown as percentages elsewhere are edited in percent too (−67.6, not −0.675595).
const scaleOf = (key: string) => (PERCENT_KEYS.has(key) ? 100 : 1);
const initialText = (v: number | undefined, key: string) => (v == null ? "" : String(Number((v * scaleOf(key)).toPrecision(6))));

export function WhatIfPanel({ customer, features }: { customer: CustomerDetail; features: FeatureMeta[] }) {
  const { t, lang } = useI18n();
  const meta = useMemo(() => new Map(features.map((f) => [f.key, f])), [features]);
  const current = useMemo(() => new Map(customer.features.map((f) => [f.key, f])), [customer.features]);
  const [keys, setKeys] = useState<string[]>(() => customer.shap.slice(0, INITIAL_ROWS).map((s) => s.key));
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [inputError, setInputError] = useState<string | null>(null);
  const whatIf = useMutation(WhatIfQuery);
  const [result, setResult] = useState<Awaited<ReturnType<typeof whatIf.run>>>(null);

  const label = (key: string) => {
    const f = meta.get(key) ?? current.get(key);
    return f ? (lang === "zh" ? f.labelZh : f.labelEn) : key;
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const changes: { key: string; value: number }[] = [];
    for (const [key, raw] of Object.entries(edits)) {
      if (raw.trim() === "") continue;
      const value = Number(raw) / scaleOf(key);
      if (raw.trim() === "" || !Number.isFinite(value)) {
        setInputError(`${label(key)}: ${raw}`);
        return;
      }
      const original = current.get(key)?.value;
      if (original == null || (value !== original && raw !== initialText(original, key))) changes.push({ key, value });
    }
    setInputError(null);
    setResult(await whatIf.run({ customerId: customer.id, changes }));
  }

  const before = customer.risk?.probability ?? null;
  const r = result?.whatIf;
  const unused = features.filter((f) => !keys.includes(f.key));

  return (
    <div data-testid="what-if">
      <p className="muted small">{t("whatIfHelp")}</p>
      <form onSubmit={onSubmit}>
        {keys.map((key) => {
          const f = meta.get(key);
          const cur = current.get(key);
          const id = `whatif-${key}`;
          return (
            <div className="whatif-row" key={key}>
              <label htmlFor={id}>{label(key)}</label>
              {f?.categories && f.categories.length > 0 ? (
                <select id={id} value={edits[key] ?? String(cur?.value ?? "")} onChange={(e) => setEdits({ ...edits, [key]: e.target.value })}>
                  {f.categories.map((c, i) => (
                    <option key={c} value={String(i)}>
                      {c}
                    </option>
                  ))}
                </select>
              ) : (
                <span className="whatif-input">
                  <input
                    id={id}
                    type="number"
                    step="any"
                    value={edits[key] ?? initialText(cur?.value ?? undefined, key)}
                    onChange={(e) => setEdits({ ...edits, [key]: e.target.value })}
                    data-percent={PERCENT_KEYS.has(key) ? "true" : undefined}
                    aria-describedby={PERCENT_KEYS.has(key) ? `${id}-unit` : undefined}
                  />
                  {PERCENT_KEYS.has(key) && (
                    <span id={`${id}-unit`} aria-label={t("whatIfPercentHint")}>
                      %
                    </span>
                  )}
                </span>
              )}
              <span className="muted small">
                {t("currentValue")}: {cur?.display ?? "—"}
              </span>
            </div>
          );
        })}
        <div className="btn-row" style={{ marginTop: "0.6rem" }}>
          {unused.length > 0 && (
            <label className="field">
              {t("addFeature")}
              <select
                value=""
                onChange={(e) => {
                  if (e.target.value) setKeys([...keys, e.target.value]);
                }}
              >
                <option value="">—</option>
                {unused.map((f) => (
                  <option key={f.key} value={f.key}>
                    {lang === "zh" ? f.labelZh : f.labelEn}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="submit" className="btn btn-primary" disabled={whatIf.pending || !customer.risk} data-testid="what-if-submit">
            {whatIf.pending ? t("computing") : t("compute")}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setEdits({});
              setResult(null);
              setInputError(null);
            }}
          >
            {t("resetChanges")}
          </button>
        </div>
      </form>
      <ErrorBox error={inputError ?? whatIf.error} />
      {r && (
        <div aria-live="polite" data-testid="what-if-result">
          <p style={{ fontSize: "1.1rem" }}>
            {t("newProbability")}: <strong>{formatPercent(r.probability, lang)}</strong> <RiskBadge level={r.level} />
            {before != null && (
              <span className={r.probability >= before ? "delta-up" : "delta-down"}>
                {" "}
                {/* A difference of two probabilities is in percentage points, not a percent change. */}
                <span data-testid="what-if-delta">
                  {t("change")} {r.probability >= before ? "+" : "−"}
                  {formatDecimal(Math.abs(r.probability - before) * 100, 1)} {t("percentPointsShort")}
                </span>
              </span>
            )}
          </p>
          <ShapWaterfall baseValue={r.baseValue} items={r.shap} testId="what-if-waterfall" />
        </div>
      )}
    </div>
  );
}
