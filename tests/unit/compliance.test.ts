import { describe, expect, it } from "vitest";
import { checkCompliance, commissionMentions } from "../../lib/plans/compliance";
import type { PlanContent } from "../../lib/plans/plan-schema";

const base: PlanContent = {
  priority: "medium",
  riskSummary: "客户近期登录减少，交易频次下降。",
  actions: [{ channel: "电话", action: "客户经理回访，了解需求", timing: "3天内" }],
  offer: "免费持仓诊断",
  offerStrength: "低",
  script: "您好，我是您的客户经理，想了解您最近的投资体验。",
  expectedEffect: "提升活跃度",
  followUp: "2周后回访",
};
const C1 = 0;
const C3 = 2;
const C5 = 4;

describe("checkCompliance", () => {
  it("passes a clean plan", () => {
    expect(checkCompliance(base, { riskTolerance: C3 })).toEqual({ status: "ok", issues: [] });
  });

  it.each(["保本", "稳赚", "保证收益", "零风险", "稳赚不赔", "包赚", "承诺收益", "无风险"])("rejects the promise %s with an excerpt", (phrase) => {
    const plan = { ...base, script: `您好，这款产品${phrase}，请放心购买。` };
    const r = checkCompliance(plan, { riskTolerance: C5 });
    expect(r.status).toBe("rejected");
    expect(r.issues[0]?.rule).toBe("promised-return");
    expect(r.issues[0]?.excerpt).toContain(phrase);
  });

  it("reports 稳赚不赔 once, not also as 稳赚", () => {
    const r = checkCompliance({ ...base, offer: "稳赚不赔" }, { riskTolerance: C3 });
    expect(r.issues.filter((i) => i.rule === "promised-return")).toHaveLength(1);
  });

  it("lets risk disclosures through (不保本, 并非零风险, 不承诺收益)", () => {
    const plan = { ...base, script: "您好，需要提示：理财产品不保本，投资并非零风险，我们不承诺收益。" };
    expect(checkCompliance(plan, { riskTolerance: C3 }).status).toBe("ok");
  });

  it("flags products above the customer's tolerance and names both levels", () => {
    const plan = { ...base, actions: [{ channel: "投顾面谈", action: "推荐开通两融并配置雪球产品", timing: "1周内" }] };
    const r = checkCompliance(plan, { riskTolerance: C1 });
    expect(r.status).toBe("flagged");
    const messages = r.issues.map((i) => i.message).join("\n");
    expect(messages).toContain("两融");
    expect(messages).toContain("雪球");
    expect(messages).toContain("C1");
  });

  it("allows the same products for a C5 customer and negated mentions for C1", () => {
    const plan = { ...base, actions: [{ channel: "投顾面谈", action: "介绍两融和股票型基金", timing: "1周内" }] };
    expect(checkCompliance(plan, { riskTolerance: C5 }).status).toBe("ok");
    const negated = { ...base, script: "您好，考虑到您的风险偏好，暂不建议两融，我们只做资产配置检视。" };
    expect(checkCompliance(negated, { riskTolerance: C1 }).status).toBe("ok");
  });

  it("flags commission below the floor, 免佣 and cash gifts", () => {
    const low = checkCompliance({ ...base, offer: "佣金下调至万0.8" }, { riskTolerance: C3 });
    expect(low.status).toBe("flagged");
    expect(low.issues[0]?.rule).toBe("excessive-offer");
    expect(checkCompliance({ ...base, offer: "佣金调整为1.2‱" }, { riskTolerance: C3 }).status).toBe("flagged");
    expect(checkCompliance({ ...base, offer: "佣金调整为万2" }, { riskTolerance: C3 }).status).toBe("ok");
    expect(checkCompliance({ ...base, offer: "赠送现金红包200元" }, { riskTolerance: C3 }).status).toBe("flagged");
    expect(checkCompliance({ ...base, offer: "三个月免佣" }, { riskTolerance: C3 }).status).toBe("flagged");
    expect(checkCompliance({ ...base, offer: "佣金万1.2" }, { riskTolerance: C3, commissionFloor: 1 }).status).toBe("ok");
  });

  it("rejection wins over flags", () => {
    const r = checkCompliance({ ...base, offer: "保本，另送现金红包" }, { riskTolerance: C3 });
    expect(r.status).toBe("rejected");
    expect(r.issues.map((i) => i.rule).sort()).toEqual(["excessive-offer", "promised-return"]);
  });

  it("rejects a tolerance outside 0..4 naming the range", () => {
    expect(() => checkCompliance(base, { riskTolerance: 5 })).toThrow(/0\.\.4/);
  });
});

describe("commissionMentions", () => {
  it("reads 万分之, 万N, ‱ and % near 佣金, ignores amounts", () => {
    expect(commissionMentions("佣金万分之1.5").map((m) => m.rate)).toEqual([1.5]);
    expect(commissionMentions("佣金费率0.012%").map((m) => m.rate)).toEqual([1.2]);
    expect(commissionMentions("资产50万-100万，收益5%")).toEqual([]);
  });
});

describe("checkCompliance scope", () => {
  it("does not treat riskSummary descriptions or quoted feature labels as recommendations", () => {
    const plan = {
      ...base,
      riskSummary: "客户已开通两融，当前佣金万1.2，近期亏损。",
      script: "您好，我们注意到是否开通两融（否）和佣金费率(‱)（1‱）这两项情况，想和您聊聊。",
    };
    expect(checkCompliance(plan, { riskTolerance: C1 }).status).toBe("ok");
  });
  it("still rejects promises made in riskSummary", () => {
    expect(checkCompliance({ ...base, riskSummary: "向客户说明该组合稳赚，留住客户。" }, { riskTolerance: C3 }).status).toBe("rejected");
  });
  it("allows margin wording for a customer who already has margin", () => {
    const plan = { ...base, actions: [{ channel: "电话", action: "回访两融账户的使用体验", timing: "3天内" }] };
    expect(checkCompliance(plan, { riskTolerance: C3 }).status).toBe("flagged");
    expect(checkCompliance(plan, { riskTolerance: C3, hasMargin: true }).status).toBe("ok");
  });
});

describe("checkCompliance current commission", () => {
  it("does not flag the customer's current rate quoted back, but flags a cut below the floor", () => {
    const quoted = { ...base, script: "您好，您目前佣金万1.2，我们会按公司政策为您评估。" };
    expect(checkCompliance(quoted, { riskTolerance: C3, currentCommission: 1.2 }).status).toBe("ok");
    const cut = { ...base, offer: "佣金下调至万1.0" };
    expect(checkCompliance(cut, { riskTolerance: C3, currentCommission: 1.2 }).status).toBe("flagged");
  });
});
