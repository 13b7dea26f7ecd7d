"use client";
import { useState } from "react";
import { ErrorBox, Section } from "../components/Status";
import { ScoreNowMutation, ScoringJobChangedSubscription, ScoringJobsQuery } from "../lib/documents/scoring-jobs";
import { useMutation, useQuery, useSubscription } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { useRoleAccess } from "../lib/viewer-role";

const REASON: Record<string, [string, string]> = {
  advance: ["新数据周", "new weeks"],
  import: ["导入", "import"],
  schedule: ["定时", "schedule"],
  manual: ["手动", "manual"],
};
const STATUS: Record<string, [string, string]> = {
  queued: ["排队中", "queued"],
  running: ["评分中", "running"],
  done: ["完成", "done"],
  failed: ["失败", "failed"],
};

/** Scoring jobs (new weeks, the schedule, "score now"): status and live progress; admins can queue one. */
export function ScoringJobsPanel({ onFinished }: { onFinished: () => void }) {
  const { lang } = useI18n();
  const zh = lang !== "en";
  const L = (a: string, b: string) => (zh ? a : b);
  const { data, error, refetch } = useQuery(ScoringJobsQuery, {});
  const [live, setLive] = useState<Record<number, { status: string; progress: number; total: number }>>({});
  useSubscription(ScoringJobChangedSubscription, {}, (d) => {
    const j = d.scoringJobChanged;
    setLive((m) => ({ ...m, [j.id]: { status: j.status, progress: j.progress, total: j.total } }));
    if (j.status === "done" || j.status === "failed") {
      void refetch();
      if (j.status === "done") onFinished();
    } else if (!data?.scoringJobs.some((x) => x.id === j.id)) void refetch();
  });
  const scoreNow = useMutation(ScoreNowMutation);
  const access = useRoleAccess();
  const jobs = (data?.scoringJobs ?? []).map((j) => ({ ...j, ...(live[j.id] && j.status !== "done" && j.status !== "failed" ? live[j.id] : {}) }));
  const busy = jobs.some((j) => j.status === "queued" || j.status === "running");

  return (
    <Section title={L("评分任务", "Scoring jobs")}>
      <div data-testid="scoring-jobs">
        <p className="muted small">
          {L(
            "新的数据周到达、按计划（SCORING_SCHEDULE）或管理员手动触发时，当前模型为最新日期的在册客户评分；任务逐个执行，重启后继续。",
            "When new weeks arrive, on the schedule (SCORING_SCHEDULE) or on an admin's request, the active model scores the active customers as of the latest date; one job at a time, resumed after a restart.",
          )}
        </p>
        {access.can("ADMIN") && (
          <button type="button" data-testid="score-now" disabled={scoreNow.pending || busy} onClick={() => void scoreNow.run({}).then(() => refetch())}>
            {L("立即评分", "Score now")}
          </button>
        )}
        <ErrorBox error={scoreNow.error ?? error} />
        {jobs.length === 0 ? (
          <p className="muted small" data-testid="scoring-jobs-empty">
            {L("尚无评分任务。", "No scoring jobs yet.")}
          </p>
        ) : (
          <div className="table-wrap">
          <table className="table small">
            <thead>
              <tr>
                <th>#</th>
                <th>{L("触发", "Trigger")}</th>
                <th>{L("状态", "Status")}</th>
                <th>{L("进度", "Progress")}</th>
                <th>{L("创建时间", "Created")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} data-testid="scoring-job" data-status={j.status}>
                  <td>{j.id}</td>
                  <td>{(REASON[j.reason] ?? [j.reason, j.reason])[zh ? 0 : 1]}</td>
                  <td title={j.error ?? undefined}>
                    {(STATUS[j.status] ?? [j.status, j.status])[zh ? 0 : 1]}
                    {j.attempts > 1 ? L(`（第 ${j.attempts} 次）`, ` (attempt ${j.attempts})`) : ""}
                    {j.error ? ` — ${j.error}` : ""}
                  </td>
                  <td>
                    {j.total > 0 ? (
                      <>
                        <progress max={j.total} value={j.progress} /> {j.progress.toLocaleString()} / {j.total.toLocaleString()}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td>{new Date(j.createdAt as string).toLocaleString(zh ? "zh-CN" : "en-GB", { timeZone: "Asia/Shanghai" })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </div>
    </Section>
  );
}
