import type { PlanDriver, PlanInput } from "./plan-input";
import { priorityForRisk, RISK_LEVEL_ZH, type PlanAction, type PlanContent } from "./plan-schema";

/**
 * The planner used without an LLM key: rules keyed on the customer's own SHAP drivers, risk
 * level and profile, so two customers with different drivers get different plans. Offers stay
 * within policy and never name products above the customer's risk tolerance.
 */
export const TEMPLATE_VERSION = "template-v1";

type Theme = "engagement" | "trading" | "fees" | "performance" | "outflow" | "service" | "advisor" | "newcomer" | "allocation";

const THEME_BY_FEATURE: Readonly<Record<string, Theme>> = {
  logins_total: "engagement",
  login_trend: "engagement",
  days_since_last_login: "engagement",
  active_weeks_last4: "engagement",
  trades_total: "trading",
  trades_trend: "trading",
  inactive_weeks: "trading",
  days_since_last_trade: "trading",
  turnover_rate: "trading",
  avg_trade_amount: "trading",
  commission_rate: "fees",
  max_drawdown: "performance",
  return_12w: "performance",
  excess_return: "performance",
  outflow_last4w: "outflow",
  net_inflow_total: "outflow",
  assets_change_pct: "outflow",
  assets_trend: "outflow",
  assets_latest: "outflow",
  complaints_total: "service",
  service_contacts_total: "service",
  has_advisor: "advisor",
  tenure_months: "newcomer",
  product_count: "allocation",
  customer_type: "allocation",
};

interface Ctx {
  input: PlanInput;
  high: boolean;
  online: boolean;
  driver?: PlanDriver;
}

const why = (d?: PlanDriver) => (d ? `（针对“${d.label}：${d.display}”）` : "");

const ACTIONS: Readonly<Record<Theme, (c: Ctx) => PlanAction>> = {
  engagement: (c) =>
    c.online && !c.high
      ? { channel: "App推送", action: `推送与客户关注方向相关的市场解读和账户月度回顾，唤醒登录${why(c.driver)}`, timing: "3天内" }
      : { channel: "电话", action: `客户经理致电问候，了解近期少登录的原因并协助解决使用问题${why(c.driver)}`, timing: c.high ? "48小时内" : "1周内" },
  trading: (c) => ({
    channel: c.online ? "App推送" : "短信",
    action: `介绍条件单、智能盯盘等交易工具，并询问交易频次下降的原因${why(c.driver)}`,
    timing: c.high ? "3天内" : "2周内",
  }),
  fees: (c) => ({
    channel: "客户经理",
    action: `按公司费率政策评估客户佣金调整空间，向客户说明评估结果${why(c.driver)}`,
    timing: c.high ? "3个工作日内" : "2周内",
  }),
  performance: (c) => ({
    channel: "投顾面谈",
    action: `安排投资顾问做一次持仓诊断和组合检视，结合${c.input.profile.riskTolerance}的风险承受能力讨论资产配置，提示风险${why(c.driver)}`,
    timing: c.high ? "1周内" : "2周内",
  }),
  outflow: (c) => ({
    channel: "电话",
    action: `客户经理电话回访，了解近期资产变动和资金安排，听取对我司服务的意见，尊重客户安排${why(c.driver)}`,
    timing: c.high ? "24小时内" : "3天内",
  }),
  service: (c) => ({
    channel: "服务主管回访",
    action: `由服务主管回访此前的投诉或咨询，确认问题是否已解决并致歉改进${why(c.driver)}`,
    timing: "24小时内",
  }),
  advisor: (c) => ({
    channel: "投顾面谈",
    action: `为客户指派专属投资顾问并安排首次沟通${why(c.driver)}`,
    timing: c.high ? "3天内" : "2周内",
  }),
  newcomer: (c) => ({
    channel: c.online ? "App推送" : "营业部",
    action: `提供新客陪伴服务：账户功能指引与投资者教育课程${why(c.driver)}`,
    timing: "1周内",
  }),
  allocation: (c) => ({
    channel: "投顾面谈",
    action: `在${c.input.profile.riskTolerance}适当性范围内提供资产配置建议，优先低波动的现金管理类服务${why(c.driver)}`,
    timing: "2周内",
  }),
};

function themesFor(input: PlanInput): { theme: Theme; driver?: PlanDriver }[] {
  const out: { theme: Theme; driver?: PlanDriver }[] = [];
  const seen = new Set<Theme>();
  const push = (theme: Theme, driver?: PlanDriver) => {
    if (!seen.has(theme)) {
      seen.add(theme);
      out.push({ theme, driver });
    }
  };
  for (const d of input.drivers) {
    if (d.direction !== "up") continue;
    const theme = THEME_BY_FEATURE[d.key];
    if (theme) push(theme, d);
  }
  // Profile facts that matter even when they are not among the top drivers.
  if (!input.profile.hasAdvisor && input.riskLevel !== "low") push("advisor");
  if ((input.features.complaints_total ?? 0) > 0) push("service");
  if (out.length === 0) push(input.profile.productCount <= 1 ? "allocation" : "engagement");
  return out;
}

function offerFor(input: PlanInput, themes: Set<Theme>): { offer: string; offerStrength: PlanContent["offerStrength"] } {
  const parts: string[] = [];
  if (themes.has("fees")) parts.push("按公司费率政策评估佣金调整");
  if (themes.has("advisor") || themes.has("performance")) parts.push("免费持仓诊断与专属投顾服务");
  if (themes.has("trading") || themes.has("engagement")) parts.push("高级行情与交易工具体验权限（1个月）");
  if (themes.has("service")) parts.push("服务专线优先接入");
  if (input.riskLevel === "low") return { offer: parts[0] ?? "", offerStrength: parts.length ? "低" : "无" };
  if (parts.length === 0) parts.push("投资者教育课程与账户体检服务");
  const strength = input.riskLevel === "high" ? (parts.length >= 2 ? "高" : "中") : "低";
  return { offer: parts.slice(0, 3).join("；"), offerStrength: strength };
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

export function templatePlan(input: PlanInput): PlanContent {
  const high = input.riskLevel === "high";
  const online = input.profile.openChannel === "线上";
  const themes = themesFor(input).slice(0, 5);
  const actions = themes.map(({ theme, driver }) => ACTIONS[theme]({ input, high, online, driver }));
  actions.push({
    channel: "CRM系统",
    action: "记录沟通结果并更新客户标签",
    timing: high ? "每次沟通后当日" : "每次沟通后",
  });
  const upDrivers = input.drivers.filter((d) => d.direction === "up").slice(0, 3);
  const downDrivers = input.drivers.filter((d) => d.direction === "down").slice(0, 2);
  const reasons = upDrivers.length ? upDrivers.map((d) => `${d.label}（${d.display}）`).join("、") : "暂无突出的风险因素";
  const protective = downDrivers.length ? `；有利因素：${downDrivers.map((d) => `${d.label}（${d.display}）`).join("、")}` : "";
  const p = input.profile;
  const riskSummary = clip(
    `客户${input.customerId}（${p.customerType}，${p.riskTolerance}，资产${input.assetsBucket}，开户${p.tenureBucket}）预测流失概率${(input.probability * 100).toFixed(1)}%，属于${RISK_LEVEL_ZH[input.riskLevel]}。主要原因：${reasons}${protective}。`,
    600,
  );
  const { offer, offerStrength } = offerFor(input, new Set(themes.map((t) => t.theme)));
  const topic = upDrivers[0];
  const opener = high ? "我是您的客户经理，最近注意到您的账户情况有些变化，想专门听听您的想法。" : "我是您的客户经理，想做一次例行回访。";
  const concern = topic ? `我们注意到您账户的“${topic.label}”为${topic.display}，想了解是否有我们可以改进的地方。` : "想了解您对我们服务的看法。";
  const offerLine = offer ? `我们可以为您提供：${offer}。` : "";
  const script = clip(
    `您好，${opener}${concern}${offerLine}投资有风险，我们会根据您的风险承受能力提供合适的服务，一切以您的意愿为准。请问您方便的时候我们再详细沟通吗？`,
    800,
  );
  const expectedEffect = high
    ? "恢复与客户的直接沟通，化解主要不满点，争取在4周内稳定资产和交易活跃度。"
    : input.riskLevel === "medium"
      ? "提升客户活跃度和满意度，降低流失概率。"
      : "保持良好关系，预防风险上升。";
  const followUp = high
    ? "1周后复核客户登录、交易和资金流向；如仍有资金转出，升级至营业部负责人跟进。"
    : "2-4周后复核客户活跃度，下个评分周期重新评估风险。";
  return {
    priority: priorityForRisk(input.probability),
    riskSummary,
    actions: actions.slice(0, 6),
    offer,
    offerStrength,
    script,
    expectedEffect,
    followUp,
  };
}
