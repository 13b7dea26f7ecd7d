import type { Block, ReportSection } from "./report-render";

/**
 * The report's section on retention campaigns that ran: what each one achieved, measured against
 * its randomised control group. The figures are handed in (lib/campaigns computes them): lib/plans
 * must not import lib/campaigns, which builds on the planner.
 */
export interface ReportArm {
  customers: number;
  churned: number;
  churnRate: number;
  assets: number;
  retainedAssets: number;
}

export interface ReportCampaignOutcome {
  treated: ReportArm;
  control: ReportArm;
  /** Control churn rate − treated churn rate, with its 95% interval; null when an arm is too small. */
  difference: { estimate: number; low: number; high: number } | null;
  cost: number;
  assetsSaved: number | null;
  customersSaved: number | null;
  /** Not randomised: who answers the phone is not chosen by a coin. */
  contacted: { contacted: ReportArm; notContacted: ReportArm };
}

export interface ReportCampaignEntry {
  id: number;
  name: string;
  asOfWeek: number;
  horizonWeeks: number;
  treatedCount: number;
  controlCount: number;
  controlShare: number;
  budget: number;
  /** null: as-of + H has not passed yet. */
  outcome: ReportCampaignOutcome | null;
}

/** Shown instead of figures while a campaign's horizon is still open. */
export const OUTCOME_PENDING = "结果待定（t+H 未到）";

export interface CampaignSectionFormat {
  int: (n: number) => string;
  pct: (x: number | null | undefined, digits?: number) => string;
  money: (x: number) => string;
}

function signedPct(x: number, f: CampaignSectionFormat): string {
  return `${x >= 0 ? "+" : "−"}${f.pct(Math.abs(x), 1)}`;
}

function campaignBlocks(c: ReportCampaignEntry, f: CampaignSectionFormat): Block[] {
  const blocks: Block[] = [];
  const head = `活动 #${c.id}「${c.name}」：评估日第 ${c.asOfWeek} 周，观察期 ${c.horizonWeeks} 周；干预组 ${f.int(c.treatedCount)} 人，随机对照组 ${f.int(c.controlCount)} 人（${f.pct(c.controlShare, 0)}），预算 ${f.money(c.budget)}。`;
  const o = c.outcome;
  if (!o) {
    blocks.push({ kind: "paragraph", text: `${head}${OUTCOME_PENDING}：第 ${c.asOfWeek + c.horizonWeeks} 周的数据到达后给出结果。` });
    return blocks;
  }
  blocks.push({ kind: "paragraph", text: head });
  const armRow = (label: string, a: ReportArm) => [label, f.int(a.customers), f.int(a.churned), f.pct(a.churnRate), f.money(a.assets), f.money(a.retainedAssets)];
  blocks.push({
    kind: "table",
    head: ["分组（随机分配）", "客户数", "流失人数", "流失率", "期初资产", "留存资产"],
    numeric: [false, true, true, true, true, true],
    rows: [armRow("干预组", o.treated), armRow("对照组", o.control)],
  });
  const d = o.difference;
  blocks.push({
    kind: "figures",
    items: [
      {
        label: "流失率差（对照 − 干预，95% 置信区间）",
        value: d ? `${signedPct(d.estimate, f)}（${signedPct(d.low, f)} ~ ${signedPct(d.high, f)}）` : "样本不足，无法估计",
      },
      { label: "活动成本", value: f.money(o.cost) },
      { label: "挽回资产（估计）", value: o.assetsSaved === null ? "—" : f.money(o.assetsSaved) },
      { label: "挽回资产 / 成本", value: o.assetsSaved === null || o.cost <= 0 ? "—" : `${(o.assetsSaved / o.cost).toFixed(1)} 倍` },
    ],
  });
  if (d) {
    const verdict =
      d.low > 0 ? "区间不含 0：活动显著降低了流失。" : d.high < 0 ? "区间不含 0：干预组流失反而更高，需复盘。" : "区间包含 0：尚不能确认活动有效。";
    blocks.push({ kind: "paragraph", text: verdict });
  }
  blocks.push({
    kind: "table",
    head: ["干预组内（非随机分组，仅供参考）", "客户数", "流失率", "留存资产"],
    numeric: [false, true, true, true],
    rows: [
      ["已联系", f.int(o.contacted.contacted.customers), f.pct(o.contacted.contacted.churnRate), f.money(o.contacted.contacted.retainedAssets)],
      ["未联系", f.int(o.contacted.notContacted.customers), f.pct(o.contacted.notContacted.churnRate), f.money(o.contacted.notContacted.retainedAssets)],
    ],
  });
  blocks.push({
    kind: "paragraph",
    text: "已联系与未联系的对比不是随机分组（能接通电话的客户本身就不同），不能据此判断活动效果；效果以干预组与随机对照组的对比为准。",
  });
  return blocks;
}

/** The section, or null when no campaign ran on the reported data. */
export function campaignResultsSection(entries: readonly ReportCampaignEntry[], f: CampaignSectionFormat, title: string): ReportSection | null {
  if (entries.length === 0) return null;
  return { title, blocks: entries.flatMap((c) => campaignBlocks(c, f)) };
}
