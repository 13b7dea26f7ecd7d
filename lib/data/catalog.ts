/**
 * The 29 model features, in the order of every feature vector, model and SHAP array.
 * Chinese labels are what analysts see on the dashboard, in Excel and in plans.
 */
export type FeatureGroup = "画像" | "资产" | "交易" | "活跃" | "服务" | "收益";

export interface FeatureInfo {
  key: string;
  zh: string;
  en: string;
  group: FeatureGroup;
  description: string;
  /** Unit shown next to values; empty when dimensionless. */
  unit: string;
  /** For categorical features: the Chinese label of each code 0..k-1. */
  categories?: readonly string[];
}

export const FEATURES: readonly FeatureInfo[] = [
  { key: "customer_type", zh: "客户类型", en: "Customer type", group: "画像", unit: "", categories: ["普通个人", "高净值", "机构"], description: "客户分类：普通个人、高净值个人或机构客户" },
  { key: "risk_tolerance", zh: "风险承受能力", en: "Risk tolerance", group: "画像", unit: "", categories: ["C1 保守", "C2 谨慎", "C3 稳健", "C4 积极", "C5 激进"], description: "适当性评级 C1（保守）至 C5（激进）" },
  { key: "age", zh: "年龄", en: "Age", group: "画像", unit: "岁", description: "客户年龄" },
  { key: "tenure_months", zh: "开户时长(月)", en: "Tenure (months)", group: "画像", unit: "月", description: "自开户以来的月数" },
  { key: "open_channel", zh: "开户渠道", en: "Account opening channel", group: "画像", unit: "", categories: ["线上", "营业部"], description: "线上开户或营业部开户" },
  { key: "has_margin", zh: "是否开通两融", en: "Margin account", group: "画像", unit: "", categories: ["否", "是"], description: "是否开通融资融券" },
  { key: "has_advisor", zh: "是否有专属投顾", en: "Dedicated advisor", group: "画像", unit: "", categories: ["否", "是"], description: "是否配有专属投资顾问" },
  { key: "commission_rate", zh: "佣金费率(‱)", en: "Commission rate (‱)", group: "画像", unit: "‱", description: "交易佣金费率，单位万分之一" },
  { key: "assets_latest", zh: "最新总资产", en: "Latest total assets", group: "资产", unit: "元", description: "观察期最后一周的周末总资产" },
  { key: "assets_change_pct", zh: "12周资产变化率", en: "Asset change over window", group: "资产", unit: "", description: "观察期末总资产相对期初的变化率" },
  { key: "assets_trend", zh: "资产变化趋势", en: "Asset trend", group: "资产", unit: "", description: "周末总资产对周序号的线性回归斜率，除以平均资产（每周相对变化）" },
  { key: "net_inflow_total", zh: "12周资金净流入", en: "Net inflow over window", group: "资产", unit: "元", description: "观察期内资金净流入合计（负值为净流出）" },
  { key: "outflow_last4w", zh: "近4周资金转出", en: "Outflow, last 4 weeks", group: "资产", unit: "元", description: "最近4周资金转出合计" },
  { key: "max_drawdown", zh: "最大回撤", en: "Max drawdown", group: "资产", unit: "", description: "观察期内按周收益率计算的最大回撤" },
  { key: "product_count", zh: "持有产品种类数", en: "Product types held", group: "资产", unit: "种", description: "持有的产品种类数（股票、基金、理财、债券等）" },
  { key: "trades_total", zh: "12周交易笔数", en: "Trades over window", group: "交易", unit: "笔", description: "观察期内交易笔数合计" },
  { key: "trades_trend", zh: "交易频次变化(近4周/前4周)", en: "Trade frequency change (last 4w / prior 4w)", group: "交易", unit: "", description: "近4周交易笔数与前4周之比（平滑后）" },
  { key: "avg_trade_amount", zh: "平均单笔交易金额", en: "Average trade amount", group: "交易", unit: "元", description: "观察期内平均每笔交易金额" },
  { key: "turnover_rate", zh: "换手率", en: "Turnover rate", group: "交易", unit: "", description: "观察期交易金额合计与平均资产之比" },
  { key: "inactive_weeks", zh: "无交易周数", en: "Weeks without trades", group: "交易", unit: "周", description: "观察期内没有交易的周数" },
  { key: "days_since_last_trade", zh: "距上次交易天数", en: "Days since last trade", group: "交易", unit: "天", description: "观察期末距最近一次交易的天数" },
  { key: "logins_total", zh: "12周登录次数", en: "Logins over window", group: "活跃", unit: "次", description: "观察期内登录次数合计" },
  { key: "login_trend", zh: "登录变化趋势", en: "Login trend", group: "活跃", unit: "", description: "每周登录次数的线性回归斜率，除以平均登录次数" },
  { key: "days_since_last_login", zh: "距上次登录天数", en: "Days since last login", group: "活跃", unit: "天", description: "观察期末距最近一次登录的天数" },
  { key: "active_weeks_last4", zh: "近4周活跃周数", en: "Active weeks, last 4", group: "活跃", unit: "周", description: "最近4周中有登录或交易的周数" },
  { key: "service_contacts_total", zh: "客服联系次数", en: "Service contacts", group: "服务", unit: "次", description: "观察期内联系客服的次数" },
  { key: "complaints_total", zh: "投诉次数", en: "Complaints", group: "服务", unit: "次", description: "观察期内投诉次数" },
  { key: "return_12w", zh: "12周收益率", en: "Return over window", group: "收益", unit: "", description: "观察期内按周收益率复合的累计收益率" },
  { key: "excess_return", zh: "相对大盘超额收益", en: "Excess return vs market", group: "收益", unit: "", description: "观察期收益率减同期大盘收益率" },
] as const;

export const FEATURE_COUNT = FEATURES.length;
export const FEATURE_KEYS: readonly string[] = FEATURES.map((f) => f.key);

const byKey = new Map(FEATURES.map((f, i) => [f.key, { ...f, index: i }]));

export function featureIndex(key: string): number {
  const f = byKey.get(key);
  if (!f) throw new Error(`未知特征 unknown feature: ${key}`);
  return f.index;
}

export function featureInfo(key: string): FeatureInfo | undefined {
  return byKey.get(key);
}

if (FEATURE_COUNT !== 29) throw new Error(`feature catalog must list 29 features, lists ${FEATURE_COUNT}`);
