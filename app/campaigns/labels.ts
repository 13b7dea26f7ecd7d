/** Campaign page wording in both languages (codes → labels; the API sends codes). */
import type { Lang } from "../lib/i18n/messages";

export type ContactCode = "PENDING" | "CONTACTED" | "ACCEPTED" | "DECLINED" | "UNREACHABLE";

export const STATUS_LABEL: Record<ContactCode, Record<Lang, string>> = {
  PENDING: { zh: "待联系", en: "To contact" },
  CONTACTED: { zh: "已联系", en: "Contacted" },
  ACCEPTED: { zh: "接受", en: "Accepted" },
  DECLINED: { zh: "拒绝", en: "Declined" },
  UNREACHABLE: { zh: "无法联系", en: "Unreachable" },
};

/** Moves an advisor may make from each status (the server checks them again). */
export const NEXT: Record<ContactCode, ContactCode[]> = {
  PENDING: ["CONTACTED", "UNREACHABLE"],
  CONTACTED: ["ACCEPTED", "DECLINED", "UNREACHABLE"],
  UNREACHABLE: ["CONTACTED", "ACCEPTED", "DECLINED"],
  ACCEPTED: [],
  DECLINED: [],
};

export const SELECTION_LABEL: Record<string, Record<Lang, string>> = {
  PROBABILITY: { zh: "按流失概率", en: "By churn probability" },
  EXPECTED_LOSS: { zh: "按预期资产流失", en: "By expected asset loss" },
  EXPECTED_SAVED: { zh: "按预期挽回资产（提升模型）", en: "By expected saved assets (uplift)" },
};

export const tr = (lang: Lang, zh: string, en: string) => (lang === "zh" ? zh : en);
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const wan = (x: number, lang: Lang) => (lang === "zh" ? `${(x / 1e4).toFixed(1)} 万元` : `¥${(x / 1e6).toFixed(2)}M`);
