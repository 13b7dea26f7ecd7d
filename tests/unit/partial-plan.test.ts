import { describe, expect, it } from "vitest";
import { hasFields, partialPlan } from "../../app/lib/partial-plan";

describe("partialPlan: a plan's readable fields while its JSON streams in", () => {
  it("reads finished and unfinished strings, escapes included, and actions in order", () => {
    const p = partialPlan('{"priority":"高","riskSummary":"客户资产\\n下降","actions":[{"channel":"电话","action":"回访","timing":"3天内"},{"channel":"微信","act');
    expect(p.riskSummary).toBe("客户资产\n下降");
    expect(p.actions).toEqual([
      { channel: "电话", action: "回访", timing: "3天内" },
      { channel: "微信", action: undefined, timing: undefined },
    ]);
    expect(p.script).toBeUndefined();
  });

  it("drops an escape cut off at the end and decodes a complete \\u escape", () => {
    expect(partialPlan('{"riskSummary":"abc\\').riskSummary).toBe("abc");
    expect(partialPlan('{"riskSummary":"abc\\u4e').riskSummary).toBe("abc");
    expect(partialPlan('{"riskSummary":"a\\u4e2d').riskSummary).toBe("a中");
  });

  it("has no fields before the first value arrives", () => {
    expect(hasFields(partialPlan('{"prio'))).toBe(false);
    expect(hasFields(partialPlan('{"offer":"'))).toBe(true);
  });
});
