/**
 * Campaign vocabulary: selection orders, arms and the advisors' contact statuses, stored as codes
 * and shown in Chinese or English.
 */
export const SELECTIONS = ["probability", "expected_loss", "expected_saved"] as const;
export type Selection = (typeof SELECTIONS)[number];

export const SELECTION_LABEL: Readonly<Record<Selection, { zh: string; en: string }>> = {
  probability: { zh: "按流失概率", en: "By churn probability" },
  expected_loss: { zh: "按预期资产流失", en: "By expected asset loss" },
  expected_saved: { zh: "按预期挽回资产（提升模型）", en: "By expected saved assets (uplift model)" },
};

export type Arm = "treated" | "control";

export const CONTACT_STATUSES = ["pending", "contacted", "accepted", "declined", "unreachable"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const CONTACT_STATUS_LABEL: Readonly<Record<ContactStatus, { zh: string; en: string }>> = {
  pending: { zh: "待联系", en: "To contact" },
  contacted: { zh: "已联系", en: "Contacted" },
  accepted: { zh: "接受", en: "Accepted" },
  declined: { zh: "拒绝", en: "Declined" },
  unreachable: { zh: "无法联系", en: "Unreachable" },
};

/** Statuses that keep an advisor busy (count against the workload cap). */
export const OPEN_STATUSES: readonly ContactStatus[] = ["pending", "contacted"];

/**
 * Allowed moves: 待联系 → 已联系 | 无法联系; 已联系 → 接受 | 拒绝; an unreachable customer may
 * still be reached later. Final answers (接受/拒绝) are not reopened.
 */
export const NEXT_STATUSES: Readonly<Record<ContactStatus, readonly ContactStatus[]>> = {
  pending: ["contacted", "unreachable"],
  contacted: ["accepted", "declined", "unreachable"],
  unreachable: ["contacted", "accepted", "declined"],
  accepted: [],
  declined: [],
};

/** A status a user typed (code, Chinese or English label) → its code; null when unknown. */
export function parseContactStatus(text: string): ContactStatus | null {
  const t = text.trim().toLowerCase();
  for (const s of CONTACT_STATUSES) {
    const l = CONTACT_STATUS_LABEL[s];
    if (t === s || t === l.zh.toLowerCase() || t === l.en.toLowerCase()) return s;
  }
  return null;
}

/** Whether contact happened as the advisors recorded it. */
export function wasContacted(status: ContactStatus | null): boolean {
  return status === "contacted" || status === "accepted" || status === "declined";
}

/** Offer cost (yuan) of a plan by its offer strength: what the budget is spent on. */
export const OFFER_COST: Readonly<Record<"无" | "低" | "中" | "高", number>> = { 无: 0, 低: 50, 中: 200, 高: 500 };

export const DEFAULT_CONTROL_SHARE = 0.15;
