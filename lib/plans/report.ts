import { z } from "zod";
import type { Db } from "../../db/client";
import { extractJson } from "./plan-schema";
import { campaignResultsSection, type ReportCampaignEntry } from "./report-campaign-results";
import { recommendCampaigns, type RecommendedCampaign } from "./report-campaigns";
import { computeReportData, riskLevelZh, type ReportData } from "./report-data";
import { renderHtml, renderMarkdown, type Block, type ReportDocument, type ReportSection } from "./report-render";

/**
 * 客户流失分析报告. Every number is computed from the database (report-data.ts); an LLM, when
 * given, only writes the narrative paragraphs around them, and a paragraph that quotes a
 * number not among the computed figures is replaced by the template's.
 */

export interface ChurnReport {
  markdown: string;
  html: string;
  /** The tree both were rendered from; the PDF download draws it (report-pdf.ts). */
  document: ReportDocument;
  source: "llm" | "template";
  generatedAt: Date;
}

export interface ChurnReportOptions {
  /** Asked once for the narrative (JSON); failures fall back to the template silently. */
  llm?: (prompt: string) => Promise<string>;
  /** Clock, for reproducible output in tests. */
  now?: Date;
  /** Campaigns run on the reported dataset, with outcomes where t + H has passed (lib/campaigns/report-entries.ts). */
  campaignResults?: readonly ReportCampaignEntry[];
}

// ───────────────────────────── formatting ─────────────────────────────

const intFmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const int = (n: number) => intFmt.format(n);
const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : `${(x * 100).toFixed(digits)}%`;
const dec = (x: number | null | undefined, digits = 3) =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);

function money(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e8) return `${(x / 1e8).toFixed(2)} 亿元`;
  if (a >= 1e4) return `${(x / 1e4).toFixed(1)} 万元`;
  return `${Math.round(x)} 元`;
}

function beijingTime(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600 * 1000);
  return `${b.toISOString().slice(0, 16).replace("T", " ")}（北京时间）`;
}

const BATCH_STATUS_ZH: Record<string, string> = { pending: "排队中", running: "生成中", done: "已完成", cancelled: "已取消" };
const PLAN_STATUS_ZH: Record<string, string> = { pending: "待生成", running: "生成中", done: "已完成", failed: "失败", cancelled: "已取消" };
const COMPLIANCE_ZH: Record<string, string> = { ok: "合规通过", flagged: "需人工复核", rejected: "合规驳回", unchecked: "未检查" };

// ───────────────────────────── narrative ─────────────────────────────

const NARRATIVE_KEYS = ["summary", "model", "drivers", "segments", "risk", "campaigns", "batch"] as const;
type NarrativeKey = (typeof NARRATIVE_KEYS)[number];
type Narrative = Record<NarrativeKey, string>;

function templateNarrative(d: ReportData, campaigns: RecommendedCampaign[]): Narrative {
  const ds = d.dataset;
  const m = d.model?.metrics;
  const top = d.drivers.slice(0, 3).map((x) => `「${x.zh}」`);
  const summary = ds
    ? [
        `本期共分析 ${int(ds.nCustomers)} 名客户（观察期 ${ds.nWeeks} 周），实际流失率为 ${pct(ds.churnRate)}。`,
        d.risk ? `当前模型识别出高风险客户 ${int(d.risk.high)} 名、中风险客户 ${int(d.risk.medium)} 名。` : "尚未训练并启用模型，以下仅包含数据概况。",
        d.expectedLoss ? `按流失概率加权的预期资产流失合计 ${money(d.expectedLoss.total)}。` : "",
        top.length ? `最主要的流失驱动因素是${top.join("、")}。` : "",
      ].join("")
    : "尚无数据集。";

  let model = "尚未训练并启用模型。";
  if (m) {
    const ratio = m.oracleRatio;
    const verdict =
      ratio === null
        ? "该数据没有理论上限可供对比（导入数据）。"
        : ratio >= 0.97
          ? "模型已接近数据可达上限。"
          : ratio >= 0.9
            ? "模型效果良好，仍有一定提升空间。"
            : "模型与数据可达上限差距较大，建议检查特征与训练参数。";
    model =
      `模型在测试集上的 AUC 为 ${dec(m.auc)}` +
      (m.oracleAuc !== null ? `，数据可达上限（oracle AUC）为 ${dec(m.oracleAuc)}，达到上限的 ${pct(ratio)}。` : "。") +
      verdict +
      (m.threshold !== null ? `按判定阈值 ${dec(m.threshold, 2)}，精确率 ${pct(m.precision)}，召回率 ${pct(m.recall)}。` : "");
  }

  const lead = d.drivers[0];
  const drivers = lead
    ? `按平均 |SHAP| 排序，影响流失预测最大的特征依次为${top.join("、")}。` +
      `其中「${lead.zh}」是 ${pct(lead.topDriverShare)} 客户的首要流失驱动因素。`
    : "尚无模型解释数据。";

  const segRows = d.segments.flatMap((s) => s.rows.filter((r) => r.churnRate !== null && r.customers > 0).map((r) => ({ s, r })));
  segRows.sort((a, b) => (b.r.churnRate ?? 0) - (a.r.churnRate ?? 0));
  const hi = segRows[0];
  const lo = segRows[segRows.length - 1];
  const segments =
    hi && lo && hi !== lo
      ? `流失率最高的客群为「${hi.s.zh}：${hi.r.label}」（${pct(hi.r.churnRate)}），最低的为「${lo.s.zh}：${lo.r.label}」（${pct(lo.r.churnRate)}）。`
      : "客群数据不足，无法比较。";

  const risk =
    d.risk && d.expectedLoss
      ? `高风险客户 ${int(d.risk.high)} 名，占已评分客户的 ${pct(d.risk.total ? d.risk.high / d.risk.total : 0)}；` +
        `其预期资产流失 ${money(d.expectedLoss.highRisk)}，占全部预期流失的 ${pct(d.expectedLoss.total ? d.expectedLoss.highRisk / d.expectedLoss.total : 0)}。` +
        `预期流失最大的前 ${d.expectedLoss.top.length} 名客户应优先由客户经理跟进。`
      : "尚无评分结果。";

  const campaignsText = campaigns.length
    ? `根据主要流失驱动因素，建议优先开展：${campaigns.map((c) => c.name).join("、")}。`
    : "尚无足够数据给出活动建议。";

  const b = d.batch;
  const batch = b
    ? `最近一次挽留计划批次 #${b.id}（${b.planner === "llm" ? `LLM：${b.llmModel ?? "未知模型"}` : "模板"}）状态为${BATCH_STATUS_ZH[b.status] ?? b.status}，` +
      `共 ${int(b.total)} 名客户，已完成 ${int(b.byStatus.done ?? 0)} 份，失败 ${int(b.byStatus.failed ?? 0)} 份；` +
      `合规驳回 ${int(b.byCompliance.rejected ?? 0)} 份、需人工复核 ${int(b.byCompliance.flagged ?? 0)} 份。`
    : "尚未生成挽留计划。";

  return { summary, model, drivers, segments, risk, campaigns: campaignsText, batch };
}

/** The computed figures the LLM may quote, pre-formatted so it quotes them as shown. No personal data. */
function factsForLlm(d: ReportData, campaigns: RecommendedCampaign[]) {
  const m = d.model?.metrics;
  return {
    数据集: d.dataset && { 客户数: d.dataset.nCustomers, 观察周数: d.dataset.nWeeks, 实际流失率: pct(d.dataset.churnRate) },
    模型: m && {
      AUC: dec(m.auc),
      理论上限AUC: dec(m.oracleAuc),
      达到上限比例: pct(m.oracleRatio),
      PR_AUC: dec(m.prAuc),
      判定阈值: dec(m.threshold, 2),
      精确率: pct(m.precision),
      召回率: pct(m.recall),
      F1: dec(m.f1),
    },
    主要流失驱动因素: d.drivers.slice(0, 8).map((x) => ({
      特征: x.zh,
      平均绝对SHAP: dec(x.meanAbsShap),
      作为首要驱动的客户占比: pct(x.topDriverShare),
    })),
    客群: d.segments.flatMap((s) =>
      s.rows.map((r) => ({ 维度: s.zh, 客群: r.label, 客户数: r.customers, 实际流失率: pct(r.churnRate), 平均预测流失概率: pct(r.meanProbability) })),
    ),
    风险分布: d.risk && { 高风险: d.risk.high, 中风险: d.risk.medium, 低风险: d.risk.low, 已评分客户: d.risk.total },
    预期资产流失: d.expectedLoss && {
      合计: money(d.expectedLoss.total),
      高风险客户合计: money(d.expectedLoss.highRisk),
      高风险占比: pct(d.expectedLoss.total ? d.expectedLoss.highRisk / d.expectedLoss.total : 0),
    },
    建议活动: campaigns.map((c) => ({ 名称: c.name, 针对因素: c.drivers, 目标: c.goal })),
    计划批次: d.batch && {
      状态: BATCH_STATUS_ZH[d.batch.status] ?? d.batch.status,
      客户数: d.batch.total,
      已完成: d.batch.byStatus.done ?? 0,
      失败: d.batch.byStatus.failed ?? 0,
      合规驳回: d.batch.byCompliance.rejected ?? 0,
      需人工复核: d.batch.byCompliance.flagged ?? 0,
    },
  };
}

export function buildReportPrompt(d: ReportData, campaigns: RecommendedCampaign[]): string {
  return [
    "你是证券公司的客户经营分析师。请根据下面由系统计算的数据，撰写《客户流失分析报告》各部分的分析文字。",
    "要求：",
    "1. 只能引用下列数据中出现的数字，原样引用（包括百分号和单位）；不得编造、推算或换算任何新数字，时间安排等请用文字表述。",
    "2. 每部分 1–3 句中文，客观、专业；不得承诺投资收益，不得出现保本、稳赚等表述。",
    `3. 只输出一个 JSON 对象，不要输出其他内容，键为：${NARRATIVE_KEYS.join(", ")}（分别对应：总体摘要、模型质量、主要流失驱动因素、客群分析、风险与预期资产流失、建议挽留活动、挽留计划批次进展），值为字符串。`,
    "数据：",
    JSON.stringify(factsForLlm(d, campaigns), null, 2),
  ].join("\n");
}

const narrativeSchema = z.object(Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, z.string().trim().min(1).max(1500).optional().catch(undefined)])));

function numbersIn(text: string): string[] {
  return text.replace(/(\d),(?=\d{3})/g, "$1").match(/\d+(?:\.\d+)?/g) ?? [];
}

/** True when every number in `text` is one of the computed figures (at any rounding) or a small count. */
function quotesOnlyKnownNumbers(text: string, allowed: readonly number[]): boolean {
  return numbersIn(text).every((token) => {
    const v = Number(token);
    const decimals = token.includes(".") ? token.split(".")[1].length : 0;
    if (decimals === 0 && v <= 12) return true;
    const f = 10 ** decimals;
    return allowed.some((a) => Math.abs(Math.round(a * f) / f - v) < 1e-9);
  });
}

/** Accepted LLM paragraphs by key; empty when the answer is unusable. */
export function parseNarrative(answer: string, prompt: string): Partial<Narrative> {
  let json: unknown;
  try {
    json = extractJson(answer);
  } catch {
    return {};
  }
  const parsed = narrativeSchema.safeParse(json);
  if (!parsed.success) return {};
  const allowed = numbersIn(prompt.slice(prompt.indexOf("数据："))).map(Number);
  const out: Partial<Narrative> = {};
  for (const k of NARRATIVE_KEYS) {
    const text = parsed.data[k];
    if (typeof text === "string" && quotesOnlyKnownNumbers(text, allowed)) out[k] = text;
  }
  return out;
}

// ───────────────────────────── document ─────────────────────────────

function buildDocument(
  d: ReportData,
  campaigns: RecommendedCampaign[],
  n: Narrative,
  source: ChurnReport["source"],
  at: Date,
  campaignResults: readonly ReportCampaignEntry[] = [],
): ReportDocument {
  const sections: ReportSection[] = [];
  const ds = d.dataset;
  const m = d.model?.metrics;

  const overview: Block[] = [];
  if (ds) {
    overview.push({
      kind: "figures",
      items: [
        { label: "客户数", value: int(ds.nCustomers) },
        { label: "实际流失率", value: pct(ds.churnRate) },
        ...(m ? [{ label: "模型 AUC", value: dec(m.auc) }] : []),
        ...(d.risk ? [{ label: "高风险客户", value: int(d.risk.high) }] : []),
        ...(d.expectedLoss ? [{ label: "预期资产流失", value: money(d.expectedLoss.total) }] : []),
      ],
    });
  }
  overview.push({ kind: "paragraph", text: n.summary });
  sections.push({ title: "一、总体概况", blocks: overview });

  if (m) {
    const row = (name: string, value: string, note: string) => [name, value, note];
    sections.push({
      title: "二、模型质量",
      blocks: [
        { kind: "paragraph", text: n.model },
        {
          kind: "table",
          head: ["指标", "数值", "说明"],
          numeric: [false, true, false],
          rows: [
            row("AUC", dec(m.auc), "测试集 ROC 曲线下面积"),
            row("理论上限 AUC (oracle)", dec(m.oracleAuc), "用真实流失概率可达到的最高 AUC"),
            row("AUC / 理论上限", pct(m.oracleRatio), "越接近 100% 越好"),
            row("PR-AUC", dec(m.prAuc), "精确率-召回率曲线下面积"),
            row("准确率", pct(m.accuracy), ""),
            row("精确率", pct(m.precision), "预测流失中真实流失的比例"),
            row("召回率", pct(m.recall), "真实流失中被识别的比例"),
            row("F1", dec(m.f1), ""),
            row("对数损失", dec(m.logLoss, 4), "越低越好"),
            row("Brier 分数", dec(m.brier, 4), "越低越好"),
            row("判定阈值", dec(m.threshold, 2), ""),
          ],
        },
      ],
    });
  }

  if (d.drivers.length) {
    const top = d.drivers.slice(0, 10);
    sections.push({
      title: "三、主要流失驱动因素",
      blocks: [
        { kind: "paragraph", text: n.drivers },
        { kind: "bars", items: top.map((x) => ({ label: x.zh, value: x.meanAbsShap, display: dec(x.meanAbsShap) })) },
        {
          kind: "table",
          head: ["排名", "特征", "分组", "平均 |SHAP|", "首要驱动客户占比"],
          numeric: [true, false, false, true, true],
          rows: top.map((x, i) => [String(i + 1), x.zh, x.group, dec(x.meanAbsShap, 4), pct(x.topDriverShare)]),
        },
      ],
    });
  }

  if (d.segments.length) {
    sections.push({
      title: "四、客群分析",
      blocks: [
        { kind: "paragraph", text: n.segments },
        {
          kind: "table",
          head: ["维度", "客群", "客户数", "实际流失率", "平均预测流失概率"],
          numeric: [false, false, true, true, true],
          rows: d.segments.flatMap((s) =>
            s.rows.map((r) => [s.zh, r.label, int(r.customers), pct(r.churnRate), pct(r.meanProbability)]),
          ),
        },
      ],
    });
  }

  if (d.risk && d.expectedLoss) {
    const share = (k: number) => pct(d.risk!.total ? k / d.risk!.total : 0);
    sections.push({
      title: "五、风险分布与预期资产流失",
      blocks: [
        { kind: "paragraph", text: n.risk },
        {
          kind: "table",
          head: ["风险等级", "客户数", "占比"],
          numeric: [false, true, true],
          rows: [
            ["高（流失概率 ≥ 60%）", int(d.risk.high), share(d.risk.high)],
            ["中（30%–60%）", int(d.risk.medium), share(d.risk.medium)],
            ["低（< 30%）", int(d.risk.low), share(d.risk.low)],
            ["合计", int(d.risk.total), share(d.risk.total)],
          ],
        },
        {
          kind: "figures",
          items: [
            { label: "预期资产流失合计（Σ 概率 × 资产）", value: money(d.expectedLoss.total) },
            { label: "其中高风险客户", value: money(d.expectedLoss.highRisk) },
            { label: "已评分客户总资产", value: money(d.expectedLoss.totalAssets) },
          ],
        },
        {
          kind: "table",
          head: ["排名", "客户编号", "客户类型", "流失概率", "风险等级", "总资产", "预期资产流失"],
          numeric: [true, false, false, true, false, true, true],
          rows: d.expectedLoss.top.map((r, i) => [
            String(i + 1),
            r.customerId,
            r.customerType,
            pct(r.probability),
            riskLevelZh(r.riskLevel),
            money(r.assets),
            money(r.expectedLoss),
          ]),
        },
      ],
    });
  }

  if (campaigns.length) {
    sections.push({
      title: "六、建议挽留活动",
      blocks: [
        { kind: "paragraph", text: n.campaigns },
        {
          kind: "bullets",
          items: campaigns.map((c) => `${c.name}（针对：${c.drivers.join("、")}）— ${c.goal}。措施：${c.actions.join("；")}。`),
        },
      ],
    });
  }

  const batchBlocks: Block[] = [{ kind: "paragraph", text: n.batch }];
  if (d.batch) {
    batchBlocks.push({
      kind: "table",
      head: ["状态", "计划数"],
      numeric: [false, true],
      rows: [
        ...Object.entries(d.batch.byStatus).map(([k, v]) => [PLAN_STATUS_ZH[k] ?? k, int(v)]),
        ...Object.entries(d.batch.byCompliance).map(([k, v]) => [`已完成 · ${COMPLIANCE_ZH[k] ?? k}`, int(v)]),
      ],
    });
  }
  sections.push({ title: "七、挽留计划进展", blocks: batchBlocks });

  const results = campaignResultsSection(campaignResults, { int, pct, money }, "八、挽留活动效果（随机对照）");
  if (results) sections.push(results);

  const subtitle = [
    ds ? `数据集：${ds.name}（#${ds.id}）` : "尚无数据集",
    d.model ? `模型 #${d.model.id}` : "尚无启用模型",
    `生成时间：${beijingTime(at)}`,
  ].join(" ｜ ");
  const footer =
    "报告中所有数字均由系统根据数据库计算；" +
    (source === "llm" ? "分析文字由大语言模型撰写，仅供参考。" : "分析文字由模板生成。") +
    "本报告不构成投资建议。";
  return { title: "客户流失分析报告", subtitle, sections, footer };
}

export async function buildChurnReport(db: Db, opts: ChurnReportOptions = {}): Promise<ChurnReport> {
  const generatedAt = opts.now ?? new Date();
  const data = await computeReportData(db);
  const campaigns = recommendCampaigns(data.drivers);
  let narrative = templateNarrative(data, campaigns);
  let source: ChurnReport["source"] = "template";
  if (opts.llm && data.dataset) {
    const prompt = buildReportPrompt(data, campaigns);
    try {
      const accepted = parseNarrative(await opts.llm(prompt), prompt);
      if (Object.keys(accepted).length > 0) {
        narrative = { ...narrative, ...accepted };
        source = "llm";
      }
    } catch {
      // An unavailable LLM must not block the report: the template narrative stands.
    }
  }
  const doc = buildDocument(data, campaigns, narrative, source, generatedAt, opts.campaignResults);
  return { markdown: renderMarkdown(doc), html: renderHtml(doc), document: doc, source, generatedAt };
}
