"use client";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { hasFields, partialPlan } from "../lib/partial-plan";

/** A plan as the model writes it: the readable fields filling in, not the JSON it streams. */
export function LivePlanFields({ text, testId = "plan-stream" }: { text: string; testId?: string }) {
  const { t } = useI18n();
  const p = partialPlan(text);
  if (!hasFields(p)) {
    // Not JSON (or nothing yet): the text as it comes, if any.
    const plain = text.trimStart().startsWith("{") ? "" : text;
    return (
      <p className="muted small live-fields" data-testid={testId} aria-live="off">
        {plain || t("liveFieldsPending")}
      </p>
    );
  }
  const rows: [string, string | undefined][] = [
    [t("riskSummary"), p.riskSummary],
    [t("offer"), p.offer],
    [t("script"), p.script],
    [t("expectedEffect"), p.expectedEffect],
    [t("followUp"), p.followUp],
  ];
  return (
    <dl className="live-fields" data-testid={testId} aria-live="off">
      {rows.slice(0, 1).map(([k, v]) => v !== undefined && <Field key={k} label={k} value={v} />)}
      {p.actions.length > 0 && (
        <>
          <dt>{t("planActions")}</dt>
          <dd>
            <ul>
              {p.actions.map((a, i) => (
                <li key={i}>{[a.channel, a.action, a.timing].filter((x) => x !== undefined && x !== "").join(" · ")}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {rows.slice(1).map(([k, v]) => v !== undefined && <Field key={k} label={k} value={v} />)}
    </dl>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
