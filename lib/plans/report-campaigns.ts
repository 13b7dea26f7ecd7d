import type { DriverFigure } from "./report-data";

/**
 * Retention campaigns the report recommends, chosen by the features that drive churn most.
 * Wording follows 证券 marketing rules: no promised returns, products matched to 适当性.
 */
export interface Campaign {
  id: string;
  name: string;
  goal: string;
  actions: readonly string[];
}

export interface RecommendedCampaign extends Campaign {
  /** Chinese labels of the drivers that call for this campaign. */
  drivers: string[];
}

const CAMPAIGNS: Record<string, Campaign> = {
  assets: {
    id: "assets",
    name: "资产留存行动",
    goal: "遏制资金转出，稳住客户资产",
    actions: [
      "对近期大额转出客户由客户经理一对一回访，了解转出原因",
      "提供持仓诊断与资产配置复盘，推荐与风险等级匹配的理财/基金产品",
      "对资金回流客户提供合规范围内的服务权益（如专属活动名额）",
    ],
  },
  activity: {
    id: "activity",
    name: "活跃唤醒行动",
    goal: "提高登录与使用频率",
    actions: [
      "通过 APP 推送与短信邀请参加投教直播、市场解读",
      "上线签到、投教答题等轻量互动权益",
      "对长期未登录客户安排电话关怀",
    ],
  },
  trading: {
    id: "trading",
    name: "交易激活行动",
    goal: "恢复交易频次",
    actions: [
      "推送条件单、智能盯盘等交易工具教程",
      "提供个性化行情与持仓提醒",
      "按公司定价政策复核交易费率",
    ],
  },
  service: {
    id: "service",
    name: "服务修复行动",
    goal: "闭环处理投诉，修复客户信任",
    actions: [
      "投诉客户 48 小时内由专人回访并跟踪闭环",
      "为多次联系客服的客户指定专属服务人员",
      "复盘高频问题，优化服务流程",
    ],
  },
  fees: {
    id: "fees",
    name: "费率竞争力行动",
    goal: "缓解费率敏感客户的转户压力",
    actions: ["按客户贡献与公司定价政策复核佣金费率", "向客户清晰说明费率构成与增值服务"],
  },
  advisor: {
    id: "advisor",
    name: "投顾覆盖行动",
    goal: "提高专属投顾覆盖率",
    actions: ["为无投顾的中高资产客户匹配专属投顾", "投顾定期（每月）提供持仓与市场解读"],
  },
  performance: {
    id: "performance",
    name: "投资陪伴行动",
    goal: "缓解亏损与回撤带来的流失",
    actions: [
      "对回撤较大的客户提供持仓诊断和风险提示",
      "推荐与风险承受能力相匹配的稳健型产品（不承诺收益）",
      "开展投资者教育，讲解分散配置与长期投资",
    ],
  },
  products: {
    id: "products",
    name: "产品多元化行动",
    goal: "增加客户持有的产品种类，提升黏性",
    actions: ["根据适当性结果推荐基金、理财、债券等产品组合", "为单一产品客户提供资产配置建议书"],
  },
  lifecycle: {
    id: "lifecycle",
    name: "分层经营行动",
    goal: "按客户画像分层维护",
    actions: ["新开户客户 90 天陪伴计划", "按客户类型与风险等级制定差异化服务标准"],
  },
};

const CAMPAIGN_BY_FEATURE: Record<string, keyof typeof CAMPAIGNS> = {
  assets_latest: "assets",
  assets_change_pct: "assets",
  assets_trend: "assets",
  net_inflow_total: "assets",
  outflow_last4w: "assets",
  logins_total: "activity",
  login_trend: "activity",
  days_since_last_login: "activity",
  active_weeks_last4: "activity",
  trades_total: "trading",
  trades_trend: "trading",
  avg_trade_amount: "trading",
  turnover_rate: "trading",
  inactive_weeks: "trading",
  days_since_last_trade: "trading",
  complaints_total: "service",
  service_contacts_total: "service",
  commission_rate: "fees",
  has_advisor: "advisor",
  return_12w: "performance",
  excess_return: "performance",
  max_drawdown: "performance",
  product_count: "products",
  customer_type: "lifecycle",
  risk_tolerance: "lifecycle",
  age: "lifecycle",
  tenure_months: "lifecycle",
  open_channel: "lifecycle",
  has_margin: "lifecycle",
};

/**
 * Campaigns for the strongest drivers, strongest first, at most `max`. Drivers far weaker than
 * the leader (under a quarter of its mean |SHAP|) do not earn a campaign, except the top three.
 */
export function recommendCampaigns(drivers: readonly DriverFigure[], max = 4, considered = 8): RecommendedCampaign[] {
  const picked = new Map<string, RecommendedCampaign>();
  const lead = drivers[0]?.meanAbsShap ?? 0;
  const strong = drivers.slice(0, considered).filter((d, i) => i < 3 || d.meanAbsShap >= lead / 4);
  for (const d of strong) {
    const id = CAMPAIGN_BY_FEATURE[d.key] ?? "lifecycle";
    const existing = picked.get(id);
    if (existing) existing.drivers.push(d.zh);
    else if (picked.size < max) picked.set(id, { ...CAMPAIGNS[id], drivers: [d.zh] });
  }
  return [...picked.values()];
}
