import { describe, expect, it } from "vitest";
import { extractJson, parsePlanText, planContentSchema, priorityForRisk } from "../../lib/plans/plan-schema";

const valid = {
  priority: "high",
  riskSummary: "客户近期登录明显减少，资金持续转出。",
  actions: [{ channel: "电话", action: "客户经理回访", timing: "48小时内" }],
  offer: "",
  offerStrength: "无",
  script: "您好，我是您的客户经理，想了解一下您的近况。",
  expectedEffect: "稳定资产",
  followUp: "1周后回访",
};

describe("planContentSchema", () => {
  it("accepts a complete plan", () => {
    expect(planContentSchema.parse(valid)).toEqual(valid);
  });
  it("rejects an unknown priority, an empty action list and a short script", () => {
    expect(planContentSchema.safeParse({ ...valid, priority: "紧急" }).success).toBe(false);
    expect(planContentSchema.safeParse({ ...valid, actions: [] }).success).toBe(false);
    expect(planContentSchema.safeParse({ ...valid, script: "短" }).success).toBe(false);
    expect(planContentSchema.safeParse({ ...valid, actions: Array(7).fill(valid.actions[0]) }).success).toBe(false);
  });
});

describe("priorityForRisk", () => {
  it("follows the risk cut-offs 0.6 / 0.3", () => {
    expect(priorityForRisk(0.95)).toBe("high");
    expect(priorityForRisk(0.6)).toBe("high");
    expect(priorityForRisk(0.59)).toBe("medium");
    expect(priorityForRisk(0.3)).toBe("medium");
    expect(priorityForRisk(0.29)).toBe("low");
  });
});

describe("extractJson", () => {
  it("parses plain JSON", () => {
    expect(extractJson('{"a":1}')).toEqual({ a: 1 });
  });
  it("parses a fenced block with prose around it", () => {
    expect(extractJson('好的，计划如下：\n```json\n{"a": "x}y"}\n```\n祝顺利')).toEqual({ a: "x}y" });
  });
  it("finds an object inside prose, ignoring braces in strings", () => {
    expect(extractJson('结果: {"s": "含有 { 和 } 的文本", "n": [1, {"m": 2}]} 完')).toEqual({ s: "含有 { 和 } 的文本", n: [1, { m: 2 }] });
  });
  it("throws on truncated JSON", () => {
    expect(() => extractJson('{"priority": "高", "actions": [')).toThrow(/JSON/);
  });
});

describe("parsePlanText", () => {
  it("names the failing field", () => {
    const r = parsePlanText(JSON.stringify({ ...valid, offerStrength: "超高" }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("offerStrength");
  });
  it("returns the plan when valid", () => {
    const r = parsePlanText("```json\n" + JSON.stringify(valid) + "\n```");
    expect(r.ok && r.plan.priority).toBe("high");
  });
  it("stores a priority answered as the old glyph (高/中/低) as its code", () => {
    for (const [glyph, code] of [["高", "high"], ["中", "medium"], ["低", "low"]] as const) {
      const r = parsePlanText(JSON.stringify({ ...valid, priority: glyph }));
      expect(r.ok && r.plan.priority).toBe(code);
    }
  });
});
