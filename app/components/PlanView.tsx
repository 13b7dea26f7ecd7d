"use client";
import type { PlanFieldsFragment } from "../../graphql/generated/client/graphql";
import { formatDateTime, formatPercent } from "../lib/format";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { statusText } from "../lib/i18n/keys";
import { complianceRuleText, ComplianceBadge } from "./ComplianceBadge";
import { LivePlanFields } from "./LivePlanFields";
import { RiskBadge } from "./RiskBadge";
import { planWord } from "../lib/profile-text";

/** One retention plan: the validated content, or the text so far while it is being written. */
export function PlanView({ plan, liveText }: { plan: PlanFieldsFragment; liveText?: string }) {
  const { t, lang } = useI18n();
  const c = plan.plan;
  const writing = plan.status === "RUNNING" || plan.status === "PENDING";
  const text = liveText ?? plan.rawText ?? "";
  const rejected = plan.complianceStatus === "REJECTED";
  const flagged = plan.complianceStatus === "FLAGGED";
  // The phrase a rule quotes in its message (“…”), else its excerpt without the ellipses.
  const excerpts = plan.complianceIssues
    .flatMap((i) => {
      const quoted = [...i.message.matchAll(/“([^”]+)”/g)].map((m) => m[1] ?? "");
      return quoted.length > 0 ? quoted : [i.excerpt.replace(/^…|…$/g, "")];
    })
    .filter((x) => x.length > 0);
  // The words a rule objected to, marked wherever they appear in the plan.
  const mark = (s: string) => <Marked text={s} excerpts={excerpts} />;
  return (
    <article className={`plan${rejected ? " plan-rejected" : ""}`} data-testid="plan-view" data-status={plan.status} data-compliance={plan.complianceStatus ?? ""}>
      {(rejected || flagged) && (
        <div className={rejected ? "compliance-alert" : "compliance-review"} role="alert" data-testid="compliance-alert">
          <strong>{t(rejected ? "complianceRejectedNote" : "complianceFlaggedNote")}</strong>
          <ul>
            {plan.complianceIssues.map((issue, i) => (
              <li key={i} data-rule={issue.rule}>
                {complianceRuleText(issue.rule, t)}
                {issue.excerpt && (
                  <>
                    {" "}
                    <span className="muted">{t("offendingText")}:</span> <mark>「{issue.excerpt}」</mark>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
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
          <span>
            {t("compliance")}: <ComplianceBadge status={plan.complianceStatus} />
          </span>
        )}
      </div>
      {writing && (
        <>
          <p className="muted small" role="status">
            {t("writing")}
          </p>
          <LivePlanFields text={text} />
        </>
      )}
      {plan.status === "FAILED" && plan.error && <p className="error">{plan.error}</p>}
      {c && (
        <dl>
          <dt>{t("riskSummary")}</dt>
          <dd>{mark(c.riskSummary)}</dd>
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
                      <td>{planWord(a.channel, lang)}</td>
                      <td>{mark(a.action)}</td>
                      <td>{a.timing}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </dd>
          <dt>{t("offer")}</dt>
          <dd>
            {mark(c.offer)} <span className="muted">（{t("offerStrength")}: {planWord(c.offerStrength, lang)}）</span>
          </dd>
          <dt>{t("script")}</dt>
          <dd>{mark(c.script)}</dd>
          <dt>{t("expectedEffect")}</dt>
          <dd>{mark(c.expectedEffect)}</dd>
          <dt>{t("followUp")}</dt>
          <dd>{mark(c.followUp)}</dd>
        </dl>
      )}
      <p className="muted small">
        {t("batchNo", { id: plan.batchId })} · {t("attempts")} {plan.attempts}
        {plan.promptVersion ? ` · prompt ${plan.promptVersion}` : ""} · {formatDateTime(plan.finishedAt ?? plan.startedAt, lang)}
      </p>
    </article>
  );
}

/** `text` with every occurrence of the excerpts highlighted. */
function Marked({ text, excerpts }: { text: string; excerpts: string[] }) {
  const found = excerpts.filter((e) => text.includes(e));
  if (found.length === 0) return <>{text}</>;
  const re = new RegExp(`(${found.map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "g");
  return (
    <>
      {text.split(re).map((part, i) =>
        found.includes(part) ? (
          <mark key={i} className="offending" data-testid="offending-text">
            {part}
          </mark>
        ) : (
          part
        ),
      )}
    </>
  );
}
