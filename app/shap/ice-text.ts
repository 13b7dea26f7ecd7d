import type { Lang } from "../lib/i18n/messages";

/** The partial dependence chart's words, kept with the SHAP page (zh is what analysts see). */
const TEXT = {
  zh: {
    title: "部分依赖（PD）与个体条件期望（ICE）",
    pd: "平均预测（PD）",
    ice: "单个客户（ICE）",
    probability: "预测流失概率",
    help: "将所选特征依次设为其分位数取值、其余特征不变，重新预测抽样客户的流失概率：细线为 {ice} 位客户各自的变化，粗线为 {n} 位客户的平均值。",
  },
  en: {
    title: "Partial dependence (PD) and ICE",
    pd: "Mean prediction (PD)",
    ice: "One customer (ICE)",
    probability: "Predicted churn probability",
    help: "The chosen feature is set to each of its quantiles, everything else held, and the sampled customers are predicted again: thin lines are {ice} customers, the thick line the mean over {n}.",
  },
} as const;

export type IceTextKey = keyof (typeof TEXT)["zh"];

export function iceText(lang: Lang, key: IceTextKey, vars: Record<string, string | number> = {}): string {
  return TEXT[lang === "en" ? "en" : "zh"][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));
}
