/** What `npm run cli -- monitor` prints: the latest scoring run's drift and performance, and recent alerts. */
import type { Db } from "../../db/client";
import { featureInfo } from "../data/catalog";
import { listAlerts, listScoringMonitors, testAucs } from "./monitor-service";

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));

export async function monitorReportLines(db: Db, datasetId: number): Promise<string[]> {
  const runs = await listScoringMonitors(db, datasetId, 12);
  if (!runs.length) return ["尚无评分记录 (no scoring runs yet)"];
  const aucs = await testAucs(db, [...new Set(runs.map((r) => r.run.modelRunId))]);
  const lines: string[] = [];
  const latest = runs[runs.length - 1]!;
  const d = latest.drift;
  lines.push(`最新评分 #${latest.run.id}（模型 #${latest.run.modelRunId}，第 ${latest.run.asOfWeek} 周，${latest.run.scoredCount} 位客户）`);
  if (d) {
    lines.push(`  漂移特征 ${d.driftedFeatures.length}/${d.features.length}（${(d.driftedShare * 100).toFixed(0)}%），预测分 PSI ${f3(d.score?.psi)}，最大 PSI ${f3(d.maxPsi)}`);
    for (const x of [...d.features].sort((a, b) => b.psi - a.psi).slice(0, 8)) {
      lines.push(`    ${(featureInfo(x.key)?.zh ?? x.key).padEnd(10, "　")} PSI ${f3(x.psi)}  ${x.status === "drift" ? "漂移" : x.status === "warning" ? "注意" : "正常"}（阈值 ${f3(x.limits.drift)}）`);
    }
  } else lines.push("  无漂移参考（模型训练于监控上线之前）(no drift reference)");
  lines.push("评分记录：观察周 | 测试 AUC | 预估 AUC [区间] | 实际 AUC | 漂移特征");
  for (const r of runs) {
    const e = r.estimated?.auc;
    lines.push(
      `  第 ${String(r.run.asOfWeek).padStart(3)} 周 | ${f3(aucs.get(r.run.modelRunId))} | ${f3(e?.estimate)} [${f3(e?.lower)}, ${f3(e?.upper)}] | ${f3(r.run.realised?.auc)} | ${r.drift?.driftedFeatures.length ?? "—"}`,
    );
  }
  const alerts = await listAlerts(db, { limit: 5, datasetId });
  lines.push(alerts.length ? `最近告警（${alerts.length}）：` : "最近无告警 (no alerts)");
  for (const a of alerts) lines.push(`  [${a.severity === "critical" ? "严重" : "警告"}] 第 ${a.asOfWeek} 周 ${a.message} → ${a.suggestion}`);
  return lines;
}
