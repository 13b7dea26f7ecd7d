/**
 * The campaign lines the CLI prints (status and outcomes), kept with the domain so the CLI file
 * only wires flags to actions.
 */
import type { CampaignRow } from "../../db/schema";
import type { CampaignProgress } from "./campaign-service";
import { outcomeOf } from "./outcomes";
import { CONTACT_STATUS_LABEL, CONTACT_STATUSES, SELECTION_LABEL } from "./types";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const yuan = (x: number) => `${Math.round(x).toLocaleString("zh-CN")} 元`;

export function campaignSummaryLines(c: CampaignRow): string[] {
  return [
    `挽留活动 #${c.id}「${c.name}」：${SELECTION_LABEL[c.selection].zh}，实验组 ${c.treatedCount} 人，对照组 ${c.controlCount} 人（比例 ${pct(c.controlShare)}，随机种子 ${c.seed}）`,
    `预算 ${yuan(c.budget)}，权益成本 ${yuan(c.cost)}；合规拦截 ${c.complianceExcluded} 人；观察日第 ${c.asOfWeek} 周，预测期 ${c.horizonWeeks} 周`,
  ];
}

export function campaignProgressLines(p: CampaignProgress): string[] {
  const parts = CONTACT_STATUSES.map((s) => `${CONTACT_STATUS_LABEL[s].zh} ${p.byStatus[s] ?? 0}`);
  return [`联系进度：${parts.join("，")}；已分配客户经理 ${p.assigned}/${p.treated}`];
}

export function campaignOutcomeLines(c: CampaignRow): string[] {
  const o = outcomeOf(c);
  if (!o) return [`结果未到：第 ${c.asOfWeek + c.horizonWeeks} 周的数据到达后计算 (outcomes arrive after week ${c.asOfWeek + c.horizonWeeks})`];
  const d = o.difference;
  const lines = [
    `流失率：实验组 ${pct(o.treated.churnRate)}（${o.treated.churned}/${o.treated.customers}），对照组 ${pct(o.control.churnRate)}（${o.control.churned}/${o.control.customers}）`,
    d ? `差值（对照 − 实验）${pct(d.estimate)}，95% 置信区间 [${pct(d.low)}, ${pct(d.high)}]` : "差值：样本不足",
    `资产留存率：实验组 ${pct(o.treated.retainedShare)}，对照组 ${pct(o.control.retainedShare)}；成本 ${yuan(o.cost)}，挽回资产约 ${o.assetsSaved === null ? "—" : yuan(o.assetsSaved)}`,
  ];
  for (const b of o.byDecile) {
    lines.push(`  风险第 ${b.decile} 档：实验组 ${pct(b.treated.churnRate)}（${b.treated.customers}），对照组 ${pct(b.control.churnRate)}（${b.control.customers}）${b.difference ? `，差值 ${pct(b.difference.estimate)}` : ""}`);
  }
  const k = o.contacted;
  lines.push(`已联系 vs 未联系（非随机分组，仅供参考）：流失率 ${pct(k.contacted.churnRate)}（${k.contacted.customers}） vs ${pct(k.notContacted.churnRate)}（${k.notContacted.customers}）`);
  if (o.trueEffect !== null) lines.push(`模拟数据的真实效应：${pct(o.trueEffect)}`);
  return lines;
}
