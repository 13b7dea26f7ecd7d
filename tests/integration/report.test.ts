import { afterAll, beforeAll, expect, it } from "vitest";
import { buildChurnReport } from "../../lib/plans/report";
import { computeReportData, type ReportData } from "../../lib/plans/report-data";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { DATASET_NAME, INJECTION, METRICS, N_CUSTOMERS, seedReportFixture, type Fixture } from "../support/report-fixture";

const pct1 = (x: number) => `${(x * 100).toFixed(1)}%`;

describeEachDb("churn report (%s)", (kind) => {
  let t: TestDb;
  let fx: Fixture;
  let data: ReportData;

  beforeAll(async () => {
    t = await createTestDb(kind);
    fx = await seedReportFixture(t.db);
    data = await computeReportData(t.db);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it("computes the figures from the database", () => {
    const churned = fx.customers.filter((c) => c.churned).length;
    expect(data.dataset?.nCustomers).toBe(N_CUSTOMERS);
    expect(data.dataset?.churnRate).toBeCloseTo(churned / N_CUSTOMERS, 12);
    expect(data.model?.metrics.auc).toBe(METRICS.auc);
    expect(data.model?.metrics.oracleAuc).toBe(METRICS.oracleAuc);

    expect(data.drivers).toHaveLength(29);
    expect(data.drivers[0].key).toBe("outflow_last4w");
    const idx = data.drivers[0].key === "outflow_last4w" ? 12 : -1;
    const meanAbs = fx.customers.reduce((s, c) => s + Math.abs(c.shap[idx]), 0) / N_CUSTOMERS;
    expect(data.drivers[0].meanAbsShap).toBeCloseTo(meanAbs, 10);
    expect(data.drivers[0].topDriverShare).toBe(1);

    const count = (l: string) => fx.customers.filter((c) => c.riskLevel === l).length;
    expect(data.risk).toEqual({ high: count("high"), medium: count("medium"), low: count("low"), total: N_CUSTOMERS });

    const totalLoss = fx.customers.reduce((s, c) => s + c.probability * c.assets, 0);
    expect(data.expectedLoss?.total).toBeCloseTo(totalLoss, 4);
    const top = [...fx.customers].sort((a, b) => b.expectedLoss - a.expectedLoss).slice(0, 10);
    expect(data.expectedLoss?.top.map((r) => r.customerId)).toEqual(top.map((c) => c.id));

    const byType = data.segments.find((s) => s.key === "customer_type")!;
    expect(byType.rows.map((r) => r.label)).toEqual(["普通个人", "高净值", "机构"]);
    for (const r of byType.rows) {
      const members = fx.customers.filter((c) => c.customerType === r.value);
      expect(r.customers).toBe(members.length);
      expect(r.churnRate).toBeCloseTo(members.filter((c) => c.churned).length / members.length, 12);
      expect(r.meanProbability).toBeCloseTo(members.reduce((s, c) => s + c.probability, 0) / members.length, 12);
    }
    const advisor = data.segments.find((s) => s.key === "has_advisor")!;
    expect(advisor.rows.map((r) => r.label)).toEqual(["否", "是"]);

    expect(data.batch?.id).toBe(fx.batchId);
    expect(data.batch?.byStatus).toEqual({ done: 10, failed: 1, pending: 1 });
    expect(data.batch?.byCompliance).toEqual({ ok: 8, flagged: 1, rejected: 1 });
  });

  it("builds the template report with churn rate, top driver and segment table", async () => {
    const r = await buildChurnReport(t.db, { now: new Date("2025-03-01T02:30:00Z") });
    expect(r.source).toBe("template");
    expect(r.generatedAt.toISOString()).toBe("2025-03-01T02:30:00.000Z");
    const rate = pct1(data.dataset!.churnRate);
    expect(r.markdown).toContain(`实际流失率为 ${rate}`);
    expect(r.markdown).toContain("| 1 | 近4周资金转出 |");
    expect(r.markdown).toContain("| 维度 | 客群 | 客户数 | 实际流失率 | 平均预测流失概率 |");
    expect(r.markdown).toMatch(/\| 客户类型 \| 普通个人 \| 14 \| /);
    expect(r.markdown).toContain("资产留存行动");
    expect(r.markdown).toContain("2025-03-01 10:30（北京时间）");
    expect(r.html).toContain(rate);
    expect(r.html).toContain("<th>客群</th>");
  });

  it("escapes everything in the HTML page", async () => {
    const r = await buildChurnReport(t.db);
    expect(r.html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(DATASET_NAME).toContain("<script>");
    expect(r.html).not.toContain("<script>");
    expect(r.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(r.markdown).not.toContain("<script>");
  });

  it("uses the LLM for narrative only, keeping computed numbers and dropping invented ones", async () => {
    const rate = pct1(data.dataset!.churnRate);
    let prompt = "";
    const llm = async (p: string) => {
      prompt = p;
      return "```json\n" + JSON.stringify({
        summary: `整体流失率为 ${rate}，需重点关注资金转出客户。<script>x</script>`,
        model: "模型 AUC 达到 0.97，表现极佳。",
      }) + "\n```";
    };
    const r = await buildChurnReport(t.db, { llm });
    expect(r.source).toBe("llm");
    expect(prompt).toContain(rate);
    expect(prompt).toContain("近4周资金转出");
    // Aggregates only: no customer ids or personal data go to the LLM.
    expect(prompt).not.toContain("C0001");
    expect(prompt).not.toContain(INJECTION);
    expect(prompt).not.toContain("13800000000");
    expect(r.markdown).toContain(`整体流失率为 ${rate}，需重点关注资金转出客户。`);
    expect(r.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    // 0.97 is not a computed figure: the model paragraph falls back to the template.
    expect(r.markdown).not.toContain("0.97，表现极佳");
    expect(r.markdown).toContain(`模型在测试集上的 AUC 为 ${METRICS.auc.toFixed(3)}`);
  });

  it("falls back to the template when the LLM fails or answers nonsense", async () => {
    const failing = await buildChurnReport(t.db, { llm: async () => Promise.reject(new Error("timeout")) });
    expect(failing.source).toBe("template");
    const nonsense = await buildChurnReport(t.db, { llm: async () => "抱歉，我无法回答。" });
    expect(nonsense.source).toBe("template");
    expect(nonsense.markdown).toContain("| 1 | 近4周资金转出 |");
  });
});

describeEachDb("churn report on an empty database (%s)", (kind) => {
  it("still renders", async () => {
    const t = await createTestDb(kind);
    try {
      const r = await buildChurnReport(t.db);
      expect(r.source).toBe("template");
      expect(r.markdown).toContain("尚无数据集");
    } finally {
      await t.destroy();
    }
  });
});
