"use client";
import { useMemo, useState, type FormEvent } from "react";
import { RiskBadge } from "../../components/RiskBadge";
import { ErrorBox } from "../../components/Status";
import { WhatIfQuery } from "../../lib/documents/customers";
import { formatPercent } from "../../lib/format";
import { useMutation } from "../../lib/hooks";
import { useI18n } from "../../lib/i18n/LanguageProvider";
import { ShapWaterfall } from "./ShapWaterfall";
import type { CustomerDetail, FeatureMeta } from "./types";

const INITIAL_ROWS = 6;

// Six significant digits are enough to edit by hand; the untouched value is sent as is.
const initialText = (v: number | undefined) => (v == null ? "" : String(Number(v.toPrecision(6))));

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
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        setInputError(`${label(key)}: ${raw}`);
        return;
      }
      const original = current.get(key)?.value;
      if (original == null || (value !== original && raw !== initialText(original))) changes.push({ key, value });
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
                <input id={id} type="number" step="any" value={edits[key] ?? initialText(cur?.value)} onChange={(e) => setEdits({ ...edits, [key]: e.target.value })} />
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
                {t("change")} {r.probability >= before ? "+" : "−"}
                {formatPercent(Math.abs(r.probability - before), lang)}
              </span>
            )}
          </p>
          <ShapWaterfall baseValue={r.baseValue} items={r.shap} testId="what-if-waterfall" />
        </div>
      )}
    </div>
  );
}
