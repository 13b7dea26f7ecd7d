import { FEATURES } from "../data/catalog";
import type { PlanContent } from "./plan-schema";

/**
 * Deterministic compliance check run on every plan after generation (LLM or template).
 *
 * Rules
 * - promised-return  → rejected. Any wording that promises or implies a return or absence of
 *   risk (保本, 稳赚, 保证收益, 零风险, 无风险, 稳赚不赔, 包赚, 承诺收益, 保底收益, 刚性兑付 …).
 *   A phrase preceded by a negation (不/非/无法/并不/不能/不会/绝不/不承诺 …, e.g. "不保本",
 *   "并非零风险") is a risk disclosure and passes.
 * - suitability      → flagged. A product named in the plan whose risk rating (R1–R5) is above
 *   the customer's tolerance (C1–C5), e.g. 两融 (R4) for a C3 customer. Negated mentions
 *   ("暂不建议两融") pass; margin wording passes for a customer who already has margin.
 * - excessive-offer  → flagged. A commission below the policy floor (default 1.5‱, written as
 *   万1.2 / 1.2‱ / 万分之1.2 / 0.012%, with 佣金/费率/手续费 earlier in the same clause),
 *   免佣/零佣金, or cash gifts (现金红包, 返现, 送现金 …). The customer's current rate quoted
 *   back ("您目前佣金万1.2") is not an offer.
 * Suitability and offers are checked in the recommending fields (actions, offer, script,
 * expectedEffect, followUp), not in riskSummary, which describes the customer; feature labels
 * quoted from the catalog (e.g. "是否开通两融", "佣金费率(‱)") are not recommendations either.
 * Rejected plans are still stored (status done, complianceStatus 'rejected', issues listed) so
 * the retention team sees why; they are left out of the Excel 挽留计划 sheet.
 */
export type ComplianceStatus = "ok" | "flagged" | "rejected";
export type ComplianceRule = "promised-return" | "suitability" | "excessive-offer";

export interface ComplianceIssue {
  rule: ComplianceRule;
  message: string;
  excerpt: string;
}

export interface ComplianceResult {
  status: ComplianceStatus;
  issues: ComplianceIssue[];
}

export interface ComplianceContext {
  /** 0..4 = C1..C5 */
  riskTolerance: number;
  /** Commission floor in ‱; default 1.5. */
  commissionFloor?: number;
  /** Customer already has a margin account (already assessed for it). */
  hasMargin?: boolean;
  /** The customer's current commission in ‱: quoting it back is not an offer. */
  currentCommission?: number;
}

export const DEFAULT_COMMISSION_FLOOR = 1.5;

export const PROMISE_PHRASES: readonly string[] = [
  "稳赚不赔", "只赚不赔", "保证收益", "保证盈利", "保证回报", "确保收益", "确保盈利", "承诺收益", "承诺回报",
  "保底收益", "保收益", "保本保息", "保本", "稳赚", "包赚", "稳赢", "零风险", "无风险", "没有风险", "刚性兑付", "刚兑",
  "一定赚", "肯定赚", "必赚", "必涨", "稳定盈利", "收益有保障", "本金无忧",
];

/** Product keyword → required risk level (0..4 = R1..R5). Longer keywords first wins overlaps. */
export const PRODUCT_RISK: readonly { keyword: string; level: number; margin?: boolean }[] = [
  { keyword: "场外衍生品", level: 4 },
  { keyword: "雪球", level: 4 },
  { keyword: "期货", level: 4 },
  { keyword: "杠杆", level: 4 },
  { keyword: "私募", level: 3 },
  { keyword: "期权", level: 3 },
  { keyword: "融资融券", level: 3, margin: true },
  { keyword: "两融", level: 3, margin: true },
  { keyword: "融资买入", level: 3, margin: true },
  { keyword: "融券", level: 3, margin: true },
  { keyword: "科创板", level: 3 },
  { keyword: "北交所", level: 3 },
  { keyword: "创业板", level: 3 },
  { keyword: "港股通", level: 3 },
  { keyword: "量化", level: 3 },
  { keyword: "股票型基金", level: 2 },
  { keyword: "偏股", level: 2 },
  { keyword: "混合型基金", level: 2 },
  { keyword: "指数基金", level: 2 },
  { keyword: "ETF", level: 2 },
  { keyword: "可转债", level: 2 },
  { keyword: "个股", level: 2 },
  { keyword: "股票", level: 2 },
  { keyword: "债券基金", level: 1 },
  { keyword: "纯债", level: 1 },
  { keyword: "固收+", level: 1 },
  { keyword: "收益凭证", level: 1 },
];

const CASH_GIFTS: readonly string[] = ["现金红包", "现金奖励", "现金补贴", "送现金", "赠送现金", "返现", "红包", "现金返还"];
const ZERO_COMMISSION: readonly string[] = ["免佣", "零佣金", "0佣金", "免收佣金", "佣金全免"];

const NEGATIONS = ["不", "非", "无法", "未", "没有", "并不", "绝不", "不能", "不会", "不得", "禁止", "避免", "勿", "不宜", "暂不", "不建议", "不推荐", "不承诺", "不是"];

function isNegated(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 4), at);
  // A clause break between the negation and the phrase ends its scope.
  const clause = before.split(/[，。；！？,.;!?、\n]/).pop() ?? "";
  return NEGATIONS.some((n) => clause.includes(n));
}

function excerptAt(text: string, at: number, length: number): string {
  const from = Math.max(0, at - 12);
  const to = Math.min(text.length, at + length + 12);
  return `${from > 0 ? "…" : ""}${text.slice(from, to)}${to < text.length ? "…" : ""}`;
}

function recommendingTexts(plan: PlanContent): string[] {
  return [...plan.actions.flatMap((a) => [a.channel, a.action, a.timing]), plan.offer, plan.script, plan.expectedEffect, plan.followUp];
}

const LABELS = FEATURES.map((f) => f.zh).sort((a, b) => b.length - a.length);

/** Masks catalog labels (same length, so positions still match the original text). */
function maskLabels(text: string): string {
  let out = text;
  for (const label of LABELS) out = out.split(label).join("＿".repeat(label.length));
  return out;
}

function findAll(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

/** Commission rates mentioned in the text, in ‱, with where they were found. */
export function commissionMentions(text: string): { rate: number; at: number; length: number }[] {
  const out: { rate: number; at: number; length: number }[] = [];
  const patterns: [RegExp, (m: RegExpExecArray) => number][] = [
    [/万分之\s*([0-9]+(?:\.[0-9]+)?)/g, (m) => Number(m[1])],
    [/万\s*([0-9]+(?:\.[0-9]+)?)(?![0-9.]*\s*(?:元|万|亿))/g, (m) => Number(m[1])],
    [/([0-9]+(?:\.[0-9]+)?)\s*‱/g, (m) => Number(m[1])],
    [/([0-9]+(?:\.[0-9]+)?)\s*%/g, (m) => Number(m[1]) * 100],
  ];
  // The fee word must come earlier in the same clause ("佣金下调至万0.8", "佣金：1.2‱").
  const near = (at: number) => /佣金|费率|手续费/.test(text.slice(Math.max(0, at - 12), at).split(/[，。；！？,;!?、\n（）()“”"]/).pop() ?? "");
  for (const [re, rate] of patterns) {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // Percentages and bare numbers are only commissions when the context says so.
      if (near(m.index)) out.push({ rate: rate(m), at: m.index, length: m[0].length });
    }
  }
  return out;
}

export function checkCompliance(plan: PlanContent, ctx: ComplianceContext): ComplianceResult {
  if (!Number.isInteger(ctx.riskTolerance) || ctx.riskTolerance < 0 || ctx.riskTolerance > 4) {
    throw new Error(`riskTolerance 必须是 0..4 的整数（C1..C5），实际为 ${ctx.riskTolerance}`);
  }
  const floor = ctx.commissionFloor ?? DEFAULT_COMMISSION_FLOOR;
  const issues: ComplianceIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: ComplianceIssue) => {
    const key = `${issue.rule}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  };

  const all = [plan.riskSummary, ...recommendingTexts(plan)];
  for (const text of all) {
    // Longest phrases first so "稳赚不赔" is reported once, not also as "稳赚".
    const covered: [number, number][] = [];
    for (const phrase of [...PROMISE_PHRASES].sort((a, b) => b.length - a.length)) {
      for (const at of findAll(text, phrase)) {
        if (covered.some(([a, b]) => at >= a && at < b)) continue;
        covered.push([at, at + phrase.length]);
        if (isNegated(text, at)) continue;
        add({ rule: "promised-return", message: `承诺或暗示收益：“${phrase}”`, excerpt: excerptAt(text, at, phrase.length) });
      }
    }
  }

  for (const original of recommendingTexts(plan)) {
    const text = maskLabels(original);
    const productCovered: [number, number][] = [];
    for (const { keyword, level, margin } of [...PRODUCT_RISK].sort((a, b) => b.keyword.length - a.keyword.length)) {
      for (const at of findAll(text, keyword)) {
        if (productCovered.some(([a, b]) => at >= a && at < b)) continue;
        productCovered.push([at, at + keyword.length]);
        if (level <= ctx.riskTolerance || isNegated(text, at) || (margin && ctx.hasMargin)) continue;
        add({
          rule: "suitability",
          message: `“${keyword}”风险等级 R${level + 1} 高于客户风险承受能力 C${ctx.riskTolerance + 1}`,
          excerpt: excerptAt(original, at, keyword.length),
        });
      }
    }

    const offerCovered: [number, number][] = [];
    for (const word of [...CASH_GIFTS, ...ZERO_COMMISSION].sort((a, b) => b.length - a.length)) {
      for (const at of findAll(text, word)) {
        if (offerCovered.some(([a, b]) => at < b && at + word.length > a)) continue;
        offerCovered.push([at, at + word.length]);
        if (isNegated(text, at)) continue;
        const message = CASH_GIFTS.includes(word) ? `现金类赠送不符合公司政策：“${word}”` : `零佣金/免佣超出公司政策：“${word}”`;
        add({ rule: "excessive-offer", message, excerpt: excerptAt(original, at, word.length) });
      }
    }
    for (const m of commissionMentions(text)) {
      const isCurrent = ctx.currentCommission !== undefined && Math.abs(m.rate - ctx.currentCommission) < 0.05;
      if (m.rate < floor && !isCurrent && !isNegated(text, m.at)) {
        add({
          rule: "excessive-offer",
          message: `佣金 ${Number(m.rate.toFixed(3))}‱ 低于政策底线 ${floor}‱`,
          excerpt: excerptAt(original, m.at, m.length),
        });
      }
    }
  }

  const status: ComplianceStatus = issues.some((i) => i.rule === "promised-return") ? "rejected" : issues.length ? "flagged" : "ok";
  return { status, issues };
}
