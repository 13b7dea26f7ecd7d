"use client";
import { useMemo } from "react";
import { PlotlyChart } from "../components/PlotlyChart";
import { EmptyState, ErrorBox, Loading, Section } from "../components/Status";
import { AlertRaisedSubscription, CompareModelsQuery, MonitoringQuery } from "../lib/documents/monitoring";
import { useQuery, useSubscription } from "../lib/hooks";
import { useI18n } from "../lib/i18n/LanguageProvider";
import { ScoringJobsPanel } from "./ScoringJobsPanel";

type Point = { x: number; y: number };
type Curves = { champion: Point[]; challenger: Point[] };
type Importance = { key: string; zh: string; champion: number; challenger: number; change: number };

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));

/** Estimated vs realised AUC over time, PSI per feature and week, alerts, champion vs challenger. */
export function MonitoringView() {
  const { lang } = useI18n();
  const zh = lang !== "en";
  const L = (a: string, b: string) => (zh ? a : b);
  const { data, error, loading, refetch } = useQuery(MonitoringQuery, {});
  useSubscription(AlertRaisedSubscription, {}, () => void refetch());
  const runs = useMemo(() => data?.scoringMonitors ?? [], [data]);
  const champion = data?.modelRuns.find((m) => m.isActive) ?? null;
  const challenger = data?.modelRuns.find((m) => !m.isActive && m.status === "SUCCEEDED" && champion && m.id > champion.id) ?? null;
  const cmp = useQuery(CompareModelsQuery, { champion: champion?.id ?? 0, challenger: challenger?.id ?? 0 }, { skip: !champion || !challenger });
  const c = cmp.data?.compareModels ?? null;

  const x = runs.map((r) => r.asOfDate ?? `W${r.asOfWeek}`);
  const heatKeys = runs.length ? runs[runs.length - 1]!.features.map((f) => f.key) : [];
  const heatNames = runs.length ? runs[runs.length - 1]!.features.map((f) => (zh ? f.zh : f.key)) : [];
  const z = heatKeys.map((k) => runs.map((r) => r.features.find((f) => f.key === k)?.psi ?? null));

  return (
    <div data-ready={data || error ? "true" : "false"} data-testid="monitoring">
      <div className="page-head">
        <div>
          <h1>{L("模型监控", "Model monitoring")}</h1>
          <p className="muted small" style={{ maxWidth: "60rem" }}>
            {L(
              "每次评分都与训练数据比较（PSI 漂移），并在结果未知时用预测概率估计 AUC（CBPE，带抽样误差区间）；观察期结束后显示实际 AUC。低于测试 AUC 超过容差或特征漂移时产生告警。",
              "Every scoring run is compared with the training data (PSI drift) and its AUC is estimated from the probabilities before outcomes are known (CBPE, with a sampling band); the realised AUC follows once the horizon has passed. Alerts fire when an AUC falls below the test AUC by more than the margin or features drift.",
            )}
          </p>
        </div>
      </div>
      <ErrorBox error={error} onRetry={() => void refetch()} />
      <ScoringJobsPanel onFinished={() => void refetch()} />
      {loading && !data && <Loading />}
      {data && runs.length === 0 && (
        <section className="card">
          <EmptyState>{L("尚无评分记录：训练模型后即开始监控。", "No scoring runs yet: monitoring starts once a model is trained.")}</EmptyState>
        </section>
      )}
      {runs.length > 0 && (
        <Section title={L("预估与实际 AUC", "Estimated vs realised AUC")}>
          <PlotlyChart
            testId="auc-timeline"
            label={L("各评分日期的预估 AUC（区间）、实际 AUC 与测试 AUC", "Estimated AUC with band, realised AUC and test AUC per scoring date")}
            data={[
              { x, y: runs.map((r) => r.estimatedAuc?.upper ?? null), type: "scatter", mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip" },
              {
                x,
                y: runs.map((r) => r.estimatedAuc?.lower ?? null),
                type: "scatter",
                mode: "lines",
                fill: "tonexty",
                fillcolor: "rgba(37,99,235,0.15)",
                line: { width: 0 },
                name: L("预估区间", "Estimate band"),
              },
              { x, y: runs.map((r) => r.estimatedAuc?.estimate ?? null), type: "scatter", mode: "lines+markers", name: L("预估 AUC (CBPE)", "Estimated AUC (CBPE)") },
              { x, y: runs.map((r) => r.realisedAuc ?? null), type: "scatter", mode: "lines+markers", name: L("实际 AUC", "Realised AUC") },
              { x, y: runs.map((r) => r.testAuc ?? null), type: "scatter", mode: "lines", line: { dash: "dot" }, name: L("测试 AUC", "Test AUC") },
            ]}
            layout={{ yaxis: { title: { text: "AUC" } }, legend: { orientation: "h" } }}
          />
        </Section>
      )}
      {runs.length > 0 && heatKeys.length > 0 && (
        <Section title={L("特征漂移 PSI（特征 × 评分周）", "Feature drift PSI (feature × week)")}>
          <PlotlyChart
            testId="psi-heatmap"
            height={Math.max(320, heatKeys.length * 18 + 80)}
            label={L("每个特征在每次评分中的 PSI", "PSI of each feature in each scoring run")}
            data={[{ type: "heatmap", x, y: heatNames, z, colorscale: "YlOrRd", zmin: 0, zmax: 0.5, colorbar: { title: { text: "PSI" } } }]}
            layout={{ margin: { l: 140 } }}
          />
        </Section>
      )}
      {data && (
        <Section title={L(`告警（${data.alerts.length}）`, `Alerts (${data.alerts.length})`)}>
          {data.alerts.length === 0 ? (
            <EmptyState>{L("暂无告警。", "No alerts.")}</EmptyState>
          ) : (
            <ul className="plain-list" data-testid="alert-list">
              {data.alerts.map((a) => (
                <li key={a.id} className="card" style={{ marginBottom: "0.5rem" }}>
                  <strong>{a.severity === "critical" ? L("严重", "Critical") : L("警告", "Warning")}</strong> · {a.asOfDate ?? `W${a.asOfWeek}`} · {L("模型", "model")} #{a.modelRunId}
                  <div>{a.message}</div>
                  <div className="muted small">{a.suggestion}</div>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {data && (
        <Section title={L("冠军模型 vs 挑战者", "Champion vs challenger")}>
          {!champion || !challenger ? (
            <EmptyState>{L("没有待比较的挑战者模型：新训练的模型未自动启用时会显示在这里。", "No challenger: a newly trained model that was not activated shows here.")}</EmptyState>
          ) : cmp.loading && !c ? (
            <Loading />
          ) : c ? (
            <div data-testid="champion-challenger">
              <p>
                {L("当前模型", "Champion")} #{c.championId} AUC {f3(c.championAuc)} · {L("挑战者", "Challenger")} #{c.challengerId} AUC {f3(c.challengerAuc)} · {L("差值", "difference")} {f3(c.aucDiff)}（95%{" "}
                {L("区间", "interval")} {f3(c.aucDiffLower)} – {f3(c.aucDiffUpper)}）· Brier {f3(c.championBrier)} / {f3(c.challengerBrier)} · {L("前 K 名重合", "top-K overlap")} {c.topKOverlap}/{c.topK}
              </p>
              {c.reason && <p className="muted small">{c.reason}</p>}
              <div className="grid-2">
                <PlotlyChart
                  testId="compare-roc"
                  label="ROC"
                  data={[
                    { x: (c.roc as Curves).champion.map((p) => p.x), y: (c.roc as Curves).champion.map((p) => p.y), type: "scatter", mode: "lines", name: `#${c.championId}` },
                    { x: (c.roc as Curves).challenger.map((p) => p.x), y: (c.roc as Curves).challenger.map((p) => p.y), type: "scatter", mode: "lines", name: `#${c.challengerId}` },
                  ]}
                  layout={{ title: { text: "ROC" }, xaxis: { title: { text: "FPR" } }, yaxis: { title: { text: "TPR" } } }}
                />
                <PlotlyChart
                  testId="compare-pr"
                  label="Precision–recall"
                  data={[
                    { x: (c.pr as Curves).champion.map((p) => p.x), y: (c.pr as Curves).champion.map((p) => p.y), type: "scatter", mode: "lines", name: `#${c.championId}` },
                    { x: (c.pr as Curves).challenger.map((p) => p.x), y: (c.pr as Curves).challenger.map((p) => p.y), type: "scatter", mode: "lines", name: `#${c.challengerId}` },
                  ]}
                  layout={{ title: { text: "PR" }, xaxis: { title: { text: L("召回率", "Recall") } }, yaxis: { title: { text: L("精确率", "Precision") } } }}
                />
              </div>
              <div className="table-wrap">
                <table className="stack">
                  <thead>
                    <tr>
                      <th scope="col">{L("特征", "Feature")}</th>
                      <th scope="col" className="num">
                        {L("当前模型 |SHAP|", "Champion |SHAP|")}
                      </th>
                      <th scope="col" className="num">
                        {L("挑战者 |SHAP|", "Challenger |SHAP|")}
                      </th>
                      <th scope="col" className="num">
                        {L("变化", "Change")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {(c.importance as Importance[]).slice(0, 8).map((i) => (
                      <tr key={i.key}>
                        <td>{zh ? i.zh : i.key}</td>
                        <td className="num">{f3(i.champion)}</td>
                        <td className="num">{f3(i.challenger)}</td>
                        <td className="num">{f3(i.change)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : (
            <EmptyState>{L("无法比较这两个模型。", "These models cannot be compared.")}</EmptyState>
          )}
        </Section>
      )}
    </div>
  );
}
