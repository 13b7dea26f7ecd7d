"use client";
import type { PlanFieldsFragment } from "../../graphql/generated/client/graphql";
import { formatDateTime, formatPercent } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";
import { RiskBadge } from "./RiskBadge";

/** One retention plan: the validated content, or the text so far while it is being written. */
export function PlanView({ plan, liveText }: { plan: PlanFieldsFragment; liveText?: string }) {
  const { t, lang } = useI18n();
  const c = plan.plan;
  const writing = plan.status === "RUNNING" || plan.status === "PENDING";
  const text = liveText ?? plan.rawText ?? "";
  return (
    <article className="plan" data-testid="plan-view" data-status={plan.status}>
      <div className="btn-row small">
        <span className="badge">{statusText(plan.status, t)}</span>
        {plan.priority && <span className={`badge badge-${plan.priority.toLowerCase()}`}>{`${t("priority")}: ${t(`priority_${plan.priority}`)}`}</span>}
        <RiskBadge level={plan.riskLevel} />
        <span className="muted">
          {t("probability")} {formatPercent(plan.probability, lang)}
        </span>
        {plan.source && (
          <span className="muted">
            {t("source")}: {t(`source_${plan.source}`)}
            {plan.llmModel ? ` (${plan.llmModel})` : ""}
          </span>
        )}
        {plan.complianceStatus && (
          <span className={`badge ${plan.complianceStatus === "OK" ? "badge-low" : plan.complianceStatus === "FLAGGED" ? "badge-medium" : "badge-high"}`}>
            {t("compliance")}: {t(`compliance_${plan.complianceStatus}`)}
          </span>
        )}
      </div>
      {writing && (
        <>
          <p className="muted small" role="status">
            {t("writing")}
          </p>
          {text && (
            <pre className="stream-text" aria-live="polite" data-testid="plan-stream">
              {text}
            </pre>
          )}
        </>
      )}
      {plan.status === "FAILED" && plan.error && <p className="error">{plan.error}</p>}
      {c && (
        <dl>
          <dt>{t("riskSummary")}</dt>
          <dd>{c.riskSummary}</dd>
          <dt>{t("planActions")}</dt>
          <dd>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("planChannel")}</th>
                    <th scope="col">{t("planAction")}</th>
                    <th scope="col">{t("planTiming")}</th>
                  </tr>
                </thead>
                <tbody>
                  {c.actions.map((a, i) => (
                    <tr key={i}>
                      <td>{a.channel}</td>
                      <td>{a.action}</td>
                      <td>{a.timing}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </dd>
          <dt>{t("offer")}</dt>
          <dd>
            {c.offer} <span className="muted">（{t("offerStrength")}: {c.offerStrength}）</span>
          </dd>
          <dt>{t("script")}</dt>
          <dd>{c.script}</dd>
          <dt>{t("expectedEffect")}</dt>
          <dd>{c.expectedEffect}</dd>
          <dt>{t("followUp")}</dt>
          <dd>{c.followUp}</dd>
        </dl>
      )}
      {plan.complianceIssues.length > 0 && (
        <ul className="small">
          {plan.complianceIssues.map((issue, i) => (
            <li key={i}>
              <strong>{issue.rule}</strong>: {issue.message} <span className="muted">「{issue.excerpt}」</span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {t("batchNo", { id: plan.batchId })} · {t("attempts")} {plan.attempts}
        {plan.promptVersion ? ` · prompt ${plan.promptVersion}` : ""} · {formatDateTime(plan.finishedAt ?? plan.startedAt, lang)}
      </p>
    </article>
  );
}
