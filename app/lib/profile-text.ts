import type { Lang } from "./i18n/messages";

/**
 * English for the Chinese words the API sends as data (profile categories, plan channels and
 * offer strengths). Free text written by the model stays as written; unknown words pass through.
 */
const EN: Record<string, string> = {
  // customer_type, risk_tolerance, open_channel (lib/data/catalog.ts)
  普通个人: "Individual",
  高净值: "High net worth",
  机构: "Institution",
  "C1 保守": "C1 Conservative",
  "C2 谨慎": "C2 Cautious",
  "C3 稳健": "C3 Balanced",
  "C4 积极": "C4 Growth",
  "C5 激进": "C5 Aggressive",
  线上: "Online",
  营业部: "Branch office",
  是: "Yes",
  否: "No",
  // plan channels and offer strength (lib/plans/template-planner.ts, plan-schema.ts)
  App推送: "App push",
  短信: "SMS",
  电话: "Phone call",
  客户经理: "Account manager",
  投顾面谈: "Advisor meeting",
  服务主管回访: "Service manager follow-up",
  CRM系统: "CRM",
  微信: "WeChat",
  邮件: "Email",
  无: "None",
  低: "Low",
  中: "Medium",
  高: "High",
};

const CITY_EN: Record<string, string> = { 北京: "Beijing", 上海: "Shanghai", 深圳: "Shenzhen", 广州: "Guangzhou", 杭州: "Hangzhou", 南京: "Nanjing", 成都: "Chengdu", 武汉: "Wuhan" };

/** A data word (category, channel, strength) in the page's language. */
export function planWord(word: string, lang: Lang): string {
  return lang === "zh" ? word : (EN[word] ?? word);
}

/** A branch name: its city and "branch" in English (the street part is a proper name and stays). */
export function branchText(name: string, lang: Lang): string {
  if (lang === "zh") return name;
  const city = Object.keys(CITY_EN).find((c) => name.startsWith(c));
  const rest = (city ? name.slice(city.length) : name).replace(/营业部$/, "");
  return city ? `${CITY_EN[city]} ${rest} branch` : name;
}

/** Age in years in the page's language. */
export function ageText(age: number, lang: Lang): string {
  return lang === "zh" ? `${age} 岁` : `${age} yrs`;
}
