import { describe, expect, it } from "vitest";
import { FEATURES, featureIndex } from "../../lib/data/catalog";
import { checkCompliance } from "../../lib/plans/compliance";
import { buildPlanInput, type PlanInput } from "../../lib/plans/plan-input";
import { planContentSchema } from "../../lib/plans/plan-schema";
import { templatePlan } from "../../lib/plans/template-planner";

function input(opts: { shap: Record<string, number>; probability: number; riskTolerance?: number; hasAdvisor?: boolean; openChannel?: number; complaints?: number }): PlanInput {
  const values: number[] = FEATURES.map((f) => (f.categories ? 0 : 1));
  values[featureIndex("assets_latest")] = 300_000;
  values[featureIndex("complaints_total")] = opts.complaints ?? 0;
  const shap = FEATURES.map(() => 0);
  for (const [k, v] of Object.entries(opts.shap)) shap[featureIndex(k)] = v;
  return buildPlanInput({
    customer: {
      id: "C1", customerType: 0, riskTolerance: opts.riskTolerance ?? 2, age: 35, tenureMonths: 30, openChannel: opts.openChannel ?? 0,
      hasMargin: false, hasAdvisor: opts.hasAdvisor ?? true, commissionRate: 3, productCount: 2,
    },
    features: values,
    probability: opts.probability,
    shap,
  });
}

const allText = (p: ReturnType<typeof templatePlan>) => JSON.stringify(p);

describe("templatePlan", () => {
  it("turns falling logins into re-engagement and high commission into a fee review", () => {
    const logins = templatePlan(input({ shap: { login_trend: 1.2, days_since_last_login: 0.5 }, probability: 0.8 }));
    const fees = templatePlan(input({ shap: { commission_rate: 1.1 }, probability: 0.8 }));
    expect(allText(logins)).toContain("登录");
    expect(logins.actions[0]?.channel).toBe("电话");
    expect(allText(fees)).toContain("费率政策");
    expect(logins.actions).not.toEqual(fees.actions);
  });

  it("maps drawdown to an advisor review, outflows to a manager call, complaints to service recovery", () => {
    expect(templatePlan(input({ shap: { max_drawdown: 1 }, probability: 0.5 })).actions[0]?.channel).toBe("投顾面谈");
    expect(templatePlan(input({ shap: { outflow_last4w: 1 }, probability: 0.5 })).actions[0]?.action).toContain("资金安排");
    expect(templatePlan(input({ shap: { complaints_total: 1 }, probability: 0.5 })).actions[0]?.channel).toBe("服务主管回访");
  });

  it("assigns an advisor to a risky customer without one", () => {
    const p = templatePlan(input({ shap: { login_trend: 1 }, probability: 0.7, hasAdvisor: false }));
    expect(p.actions.some((a) => a.action.includes("专属投资顾问"))).toBe(true);
  });

  it("sets priority and offer strength from the risk level", () => {
    expect(templatePlan(input({ shap: { login_trend: 1 }, probability: 0.9 })).priority).toBe("high");
    expect(templatePlan(input({ shap: { login_trend: 1 }, probability: 0.4 })).priority).toBe("medium");
    const low = templatePlan(input({ shap: { login_trend: 0.1 }, probability: 0.1 }));
    expect(low.priority).toBe("low");
    expect(["无", "低"]).toContain(low.offerStrength);
  });

  it("always yields a schema-valid plan that passes compliance, for every driver and tolerance", () => {
    for (const f of FEATURES) {
      for (const riskTolerance of [0, 4]) {
        for (const probability of [0.1, 0.45, 0.95]) {
          const i = input({ shap: { [f.key]: 0.8 }, probability, riskTolerance, hasAdvisor: false, complaints: 2 });
          const plan = templatePlan(i);
          expect(planContentSchema.safeParse(plan).success).toBe(true);
          expect(checkCompliance(plan, { riskTolerance }).status).toBe("ok");
        }
      }
    }
  });

  it("works without any driver", () => {
    const plan = templatePlan(input({ shap: {}, probability: 0.35 }));
    expect(plan.actions.length).toBeGreaterThanOrEqual(1);
    expect(plan.riskSummary).toContain("暂无突出的风险因素");
  });
});
