import type { Lang } from "../lib/i18n/messages";

/**
 * The model page's comparison and cost-threshold texts (#16), kept beside the components that use
 * them so this feature does not edit the shared dictionary.
 */
const zh = {
  compare: "对比",
  comparing: "对比中",
  compareHelp: "在运行列表中点「对比」选择第二个运行；链接中保留所选运行与对比对象。",
  comparisonTitle: "运行对比 #{a} vs #{b}",
  endComparison: "结束对比",
  sameRows: "两个运行在同一测试集上评估：{date} 的 {rows} 位客户（{positives} 人流失），两者都未在此日期上训练。",
  ownRows: "两个运行属于不同数据集，各自在自己的样本外测试集上评估，差值仅供参考。",
  metric: "指标",
  delta: "差值 (B − A)",
  better: "更好",
  aucDiffBand: "AUC 差 {diff}（配对自助法 95% 区间 {lower} – {upper}）",
  precisionAtK: "精确率@K",
  recallAtK: "召回率@K",
  averagePrecision: "PR-AUC（平均精确率）",
  brier: "Brier 分数",
  logLoss: "对数损失",
  rowsPositives: "测试样本 / 流失",
  rocOverlay: "ROC 曲线对比",
  prOverlay: "PR 曲线对比",
  calibrationOverlay: "校准曲线对比",
  costTitle: "按成本选择阈值 · 运行 #{id}",
  costHelp:
    "期望价值 = 联系到的流失客户数 × 挽留成功率 × 挽留价值 − 联系人数 × 联系成本（与不联系任何人相比）。在运行 #{id} 的样本外测试集（{date}，{rows} 位客户）上逐个阈值计算，取最大值。",
  defaultsHelp:
    "默认值：联系成本 100 元（约一小时投顾时间加最低档优惠 50 元）；挽留价值 = 测试集流失客户平均总资产 {assets} × 0.8%（佣金、两融利息与产品费一年的收入）；挽留成功率 30%（挽留活动通常为 20%–35%）。",
  contactCost: "联系成本（元/人）",
  retainedValue: "挽留价值（元/人）",
  successRate: "挽留成功率（%）",
  resetDefaults: "恢复默认",
  bestThreshold: "最优阈值",
  bestTopK: "联系前 K 名",
  bestShare: "联系比例",
  bestValue: "期望价值",
  churnersReached: "覆盖流失客户",
  breakEven: "盈亏平衡概率",
  breakEvenHelp: "概率经过校准时，流失概率高于此值的客户值得联系。",
  contactNobody: "不联系任何人",
  noContactPays: "在当前成本下联系任何客户都不划算。",
  evCurve: "期望价值曲线",
  liftChart: "提升度（Lift）",
  gainChart: "累积增益",
  contactedShare: "联系比例（按风险从高到低）",
  expectedValueYuan: "期望价值（元）",
  lift: "提升度",
  gain: "覆盖的流失客户比例",
  model: "模型",
  random: "随机",
  perfect: "完美",
  chosen: "所选",
  customers: "{n} 人",
};

type AnalysisKey = keyof typeof zh;

const en: Record<AnalysisKey, string> = {
  compare: "Compare",
  comparing: "Comparing",
  compareHelp: "Pick a second run with “Compare” in the runs table; the link keeps both runs.",
  comparisonTitle: "Run comparison #{a} vs #{b}",
  endComparison: "End comparison",
  sameRows: "Both runs are evaluated on the same test set: {rows} customers as of {date} ({positives} churned), a date neither run trained on.",
  ownRows: "The runs belong to different datasets; each is evaluated on its own out-of-time test set, so the differences are indicative only.",
  metric: "Metric",
  delta: "Difference (B − A)",
  better: "better",
  aucDiffBand: "AUC difference {diff} (paired bootstrap 95% interval {lower} – {upper})",
  precisionAtK: "Precision@K",
  recallAtK: "Recall@K",
  averagePrecision: "PR-AUC (average precision)",
  brier: "Brier score",
  logLoss: "Log loss",
  rowsPositives: "Test rows / churned",
  rocOverlay: "ROC curves compared",
  prOverlay: "PR curves compared",
  calibrationOverlay: "Calibration compared",
  costTitle: "Threshold by cost · run #{id}",
  costHelp:
    "Expected value = churners reached × retention success rate × value of a retained customer − customers contacted × cost of a contact (against contacting nobody), computed at every threshold on run #{id}'s out-of-time test set ({date}, {rows} customers); the maximum is chosen.",
  defaultsHelp:
    "Defaults: a contact costs 100 yuan (about an hour of an advisor plus the smallest offer, 50 yuan); a retained customer is worth the test set churners' mean assets {assets} × 0.8% (a year of commission, margin interest and product fees); 30% of contacted churners stay (retention campaigns typically save 20–35%).",
  contactCost: "Cost of a contact (yuan)",
  retainedValue: "Value of a retained customer (yuan)",
  successRate: "Retention success rate (%)",
  resetDefaults: "Reset defaults",
  bestThreshold: "Best threshold",
  bestTopK: "Contact top K",
  bestShare: "Share contacted",
  bestValue: "Expected value",
  churnersReached: "Churners reached",
  breakEven: "Break-even probability",
  breakEvenHelp: "With calibrated probabilities, customers above this churn probability are worth contacting.",
  contactNobody: "Contact nobody",
  noContactPays: "At these costs no contact pays.",
  evCurve: "Expected value curve",
  liftChart: "Lift",
  gainChart: "Cumulative gain",
  contactedShare: "Share contacted (highest risk first)",
  expectedValueYuan: "Expected value (yuan)",
  lift: "Lift",
  gain: "Share of churners reached",
  model: "Model",
  random: "Random",
  perfect: "Perfect",
  chosen: "Chosen",
  customers: "{n} customers",
};

export type AnalysisText = (key: AnalysisKey, params?: Record<string, string | number>) => string;

export function analysisText(lang: Lang): AnalysisText {
  const dict = lang === "en" ? en : zh;
  return (key, params) => {
    let text = dict[key];
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}
