import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FEATURE_COUNT } from "../../lib/data/catalog";
import { F } from "../../lib/data/features";
import { ImportValidationError } from "../../lib/data/import";
import { TimelineImportError } from "../../lib/data/import/issues";
import { parseMappingProfile } from "../../lib/data/import/mapping";
import { importTimeline } from "../../lib/data/import/timeline-import";
import { weekStart } from "../../lib/data/timeline/as-of";
import { timelineDataset } from "../../lib/data/timeline/dataset";
import { generateTimeline } from "../../lib/data/timeline/generate";
import { customerWeeks } from "../../lib/data/timeline/source";

const dir = join(__dirname, "../fixtures/broker");
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) });
const csv = (name: string, text: string) => ({ name, bytes: new TextEncoder().encode(text) });

async function rejected(p: Promise<unknown>): Promise<TimelineImportError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TimelineImportError);
  expect(e).toBeInstanceOf(ImportValidationError);
  return e as TimelineImportError;
}

describe("broker fixtures: GBK Chinese customer master, daily activity, events file", () => {
  const run = () => importTimeline({ customers: fixture("customers-gbk.csv"), activity: fixture("activity-daily.csv"), events: fixture("events.csv") });

  it("maps Chinese headers, aggregates days to Monday weeks and takes churn from the events file", async () => {
    const { records, summary, warnings } = await run();
    expect(summary.encodings).toEqual({ customers: "gb18030", activity: "utf-8", events: "utf-8" });
    expect(summary.period).toBe("day");
    expect(summary.startDate).toBe("2026-09-07");
    // 2026-10-19 starts an incomplete week: dropped, with a warning.
    expect(summary.nWeeks).toBe(6);
    expect(summary.dataDate).toBe("2026-10-19");
    expect(warnings.find((w) => w.rule === "after_data_date")?.count).toBe(1);
    expect(summary.churnSource).toBe("events");
    const rows = Array.from({ length: records.count }, (_, i) => records.customer(i));
    expect(rows.map((c) => [c.id, c.openWeek, c.churnWeek, c.churnType])).toEqual([
      ["K001", -130, null, null],
      ["K002", -65, 5, "close"],
      ["K003", -3, null, null],
      ["K004", -182, 4, "transfer"],
    ]);
    // K004's row on the day of its transfer (week 4) is after the event.
    expect(warnings.find((w) => w.rule === "activity_after_churn")?.count).toBe(1);
    expect(records.weeks(3).map((w) => w.week)).toEqual([1, 2, 3, 4]);
    // Week 2 of K001 (2026-09-21..27): logins blank on the 22nd + 2 on the 23rd; assets the last day's, in 元.
    const k1 = records.weeks(0);
    expect(k1[2]).toMatchObject({ week: 3, logins: 2, trades: 1, tradeAmount: 5000, totalAssets: 513_000 });
    expect(k1[2].weeklyReturn).toBeCloseTo(1.001 * 0.996 - 1, 12);
    expect(k1[0].tradeAmount).toBe(12_000.5);
    // K003: the week with a blank assets cell carries the previous week's value.
    expect(records.weeks(2)[1].totalAssets).toBe(1_200_000);
  });

  it("warns about the unknown column and the features without inputs; blanks and absent features are NaN", async () => {
    const { records, warnings, summary } = await run();
    const unknown = warnings.find((w) => w.rule === "unknown_column");
    expect(unknown).toMatchObject({ file: "customers-gbk.csv", count: 1 });
    expect(unknown?.message).toContain("微信昵称");
    expect(summary.missingFeatures.sort()).toEqual(["excess_return", "has_advisor", "service_contacts_total", "complaints_total"].sort());
    expect(warnings.find((w) => w.rule === "missing_feature")?.message).toContain("大盘收益率");
    const scoring = records.snapshots!.at(-1)!;
    expect(scoring.asOfWeek).toBe(6);
    // K002 (closed in week 5) and K004 (transferred in week 4) are gone by the data date.
    expect(Array.from(scoring.customers)).toEqual([0, 2]);
    const x = (r: number, f: number) => scoring.X[r * FEATURE_COUNT + f];
    expect(x(0, F.commission_rate)).toBe(3); // 万3
    expect(x(1, F.commission_rate)).toBeCloseTo(3, 12); // 0.3‰
    expect(x(0, F.risk_tolerance)).toBe(2); // 稳健型 → C3
    expect(x(1, F.customer_type)).toBe(1); // 高净值
    expect(x(0, F.has_margin)).toBe(1);
    expect(x(1, F.product_count)).toBeNaN(); // blank cell
    expect(x(0, F.product_count)).toBe(3);
    for (const f of [F.excess_return, F.has_advisor, F.service_contacts_total, F.complaints_total]) {
      expect(x(0, f)).toBeNaN();
      expect(x(1, f)).toBeNaN();
    }
    expect(x(0, F.assets_latest)).toBe(502_000);
    expect(x(0, F.tenure_months)).toBe(Math.floor((136 * 7) / 30.4375));
  });

  it("a label column without dates is warned about, not silently dropped", async () => {
    const customers = csv("c.csv", "客户号,开户日期,是否流失\nA1,2026-01-05,1\n");
    const activity = csv("a.csv", "客户号,日期,总资产\nA1,2026-09-07,100\nA1,2026-09-14,100\n");
    const { warnings } = await importTimeline({ customers, activity });
    expect(warnings.find((w) => w.rule === "label_column")?.column).toBe("是否流失");
  });
});

describe("derived churn without an events file", () => {
  it("≥ 80 % of assets out within 4 weeks → 资产转出 the week after; a close date in the master → 销户", async () => {
    const customers = csv("c.csv", "customer_id,open_date,close_date\nA,2025-01-02,\nB,2025-01-02,2026-02-04\nC,2025-01-02,\n");
    const assets = { A: [100, 100, 100, 90, 60, 15, 15, 15, 15, 15], B: [50, 50, 50, 50, 50, 50, 50, 50, 50, 50], C: [100, 100, 100, 100, 70, 50, 40, 30, 25, 21] };
    const lines = ["customer_id,date,total_assets,logins"];
    for (const [id, a] of Object.entries(assets)) a.forEach((v, w) => lines.push(`${id},${weekStart("2026-01-05", w)},${v},1`));
    const { records, summary } = await importTimeline({ customers, activity: csv("a.csv", lines.join("\n")) });
    expect(summary.churnSource).toBe("derived");
    expect(summary.period).toBe("week");
    const rows = Array.from({ length: records.count }, (_, i) => records.customer(i));
    // A: week 5 holds 15 ≤ 0.2 × 100 (week 1) → event in week 6. C never falls to 20 % of 4 weeks before.
    expect(rows.map((c) => [c.id, c.churnWeek, c.churnType])).toEqual([
      ["A", 6, "asset_out"],
      ["B", 4, "close"],
      ["C", null, null],
    ]);
    expect(summary.churnEvents).toEqual({ transfer: 0, close: 1, asset_out: 1 });
  });

  it("monthly rows spread over the Monday weeks they cover", async () => {
    const customers = csv("c.csv", "customer_id,open_date\nA,2025-01-02\n");
    const activity = csv("a.csv", "customer_id,month,trades,total_assets\nA,2026-06-30,310,1000\nA,2026-07-31,31,2000\nA,2026-08-31,0,3000\n");
    const { records, summary } = await importTimeline({ customers, activity });
    expect(summary.period).toBe("month");
    // 2026-06-01 is a Monday; the last complete week ends Sunday 2026-08-30.
    expect(summary.startDate).toBe("2026-06-01");
    expect(summary.nWeeks).toBe(13);
    const w = records.weeks(0);
    expect(w[0].trades).toBe(72); // 7 of June's 30 days × 310 / 30, rounded in the stored row
    const total = w.reduce((s, x) => s + x.trades, 0);
    expect(Math.abs(total - 341)).toBeLessThanOrEqual(3);
    expect(w[4].totalAssets).toBe(1000); // the week of 2026-06-29 holds June's last day
    expect(w[5].totalAssets).toBe(1000); // carried forward until July's last day
    expect(w[8].totalAssets).toBe(2000);
  });
});

describe("every bad cell, by file, line, column, value and rule", () => {
  it("names the one bad cell in row 5,000 of a large generated activity file", async () => {
    const n = 1200;
    const customers = ["客户号,开户日期,年龄"];
    for (let i = 0; i < n; i++) customers.push(`C${i},2025-03-0${1 + (i % 9)},${20 + (i % 50)}`);
    const activity = ["客户号,交易日期,登录次数,交易笔数,总资产"];
    const dates = ["2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"];
    for (let r = 0; r < 9600; r++) {
      const date = r === 4999 ? "2026-13-45" : dates[Math.floor(r / n)];
      activity.push(`C${r % n},${date},${r % 7},${r % 3},"${(10000 + r).toLocaleString("en-US")}"`);
    }
    const e = await rejected(importTimeline({ customers: csv("customers.csv", customers.join("\n")), activity: csv("activity-large.csv", activity.join("\n")) }));
    expect(e.total).toBe(1);
    expect(e.issues).toEqual([{ file: "activity-large.csv", line: 5001, column: "交易日期", value: "2026-13-45", rule: "date", message: expect.stringContaining("不是有效日期") }]);
    expect(e.byRule).toEqual({ date: 1 });
    expect(e.message).toContain("activity-large.csv 第5001行 交易日期 “2026-13-45”");
  });

  it("collects every problem with counts per rule and returns nothing", async () => {
    const customers = csv("c.csv", "客户号,开户日期,风险等级,佣金,年龄\nA,2025-01-02,C9,万3,40\nA,2025-01-02,C1,万3,40\n,2025/2/30,C1,abc,200\nB,2025-01-02,保守型,万3.6,\n");
    const activity = csv("a.csv", "客户号,日期,交易笔数\nB,2026-01-05,1\nZ,2026-01-05,1\nB,2024-01-05,1\nB,2026-01-12,x\n");
    const e = await rejected(importTimeline({ customers, activity }));
    expect(e.byRule).toEqual({ category: 1, duplicate_id: 1, required: 1, date: 1, number: 2, range: 1, unknown_customer: 1, before_open: 1 });
    expect(e.total).toBe(9);
    const cells = e.issues.map((i) => `${i.file}:${i.line}:${i.column}:${i.value}:${i.rule}`);
    expect(cells).toContain("c.csv:2:风险等级:C9:category");
    expect(cells).toContain("c.csv:3:客户号:A:duplicate_id");
    expect(cells).toContain("c.csv:4:客户号::required");
    expect(cells).toContain("c.csv:4:开户日期:2025/2/30:date");
    expect(cells).toContain("c.csv:4:佣金:abc:number");
    expect(cells).toContain("c.csv:4:年龄:200:range");
    expect(cells).toContain("a.csv:3:客户号:Z:unknown_customer");
    expect(cells).toContain("a.csv:4:日期:2024-01-05:before_open");
    expect(cells).toContain("a.csv:5:交易笔数:x:number");
  });

  it("a missing required column names the field and the headers it recognises", async () => {
    const e = await rejected(importTimeline({ customers: csv("c.csv", "客户号,年龄\nA,40\n"), activity: csv("a.csv", "客户号,日期\nA,2026-01-05\n") }));
    expect(e.issues[0]).toMatchObject({ file: "c.csv", line: 1, column: "open_date", rule: "missing_column" });
    expect(e.issues[0].message).toContain("开户日期");
  });

  it("an xlsx formula cell is refused naming the cell, not “[object Object]”", async () => {
    const { default: Excel } = await import("exceljs");
    const wb = new Excel.Workbook();
    const ws = wb.addWorksheet("客户");
    ws.addRow(["客户号", "开户日期", "年龄"]);
    ws.addRow(["A", "2025-01-02", 40]);
    ws.addRow(["B", "2025-01-02", { formula: "C2+1" }]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const e = await rejected(importTimeline({ customers: { name: "c.xlsx", bytes }, activity: csv("a.csv", "客户号,日期\nA,2026-01-05\n") }));
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ file: "c.xlsx", line: 3, column: "年龄", value: "C3 =C2+1", rule: "formula" });
    expect(e.message).not.toContain("[object Object]");
    expect(e.issues[0].message).toContain("公式");
  });
});

describe("round trip: a generated timeline exported in the import format imports back the same", () => {
  const tl = generateTimeline({ customers: 150, historyWeeks: 30, lookbackWeeks: 8, horizonWeeks: 4, seed: 7 });
  const td = timelineDataset(tl);
  const TYPES = ["普通个人", "高净值", "机构"];
  const RISK = ["C1", "C2", "C3", "C4", "C5"];
  const CHANNEL = ["线上", "营业部"];
  const ZH = { transfer: "转户", close: "销户", asset_out: "资产转出" } as const;

  function exportCsv() {
    const c = ["customer_id,name,open_date,customer_type,risk_tolerance,age,open_channel,has_margin,has_advisor,commission_rate,product_count,branch"];
    const a = ["customer_id,date,logins,trades,trade_amount,total_assets,net_inflow,service_contacts,complaints,weekly_return,market_return"];
    const e = ["customer_id,date,event_type"];
    tl.customers.forEach((cu, i) => {
      const p = cu.profile;
      c.push([p.id, p.name, weekStart(tl.startDate, cu.openWeek), TYPES[p.customerType], RISK[p.riskTolerance], p.age, CHANNEL[p.openChannel], p.hasMargin ? "是" : "否", p.hasAdvisor ? "是" : "否", p.commissionRate, p.productCount, p.branch].join(","));
      for (const w of customerWeeks(tl, i)) {
        a.push([p.id, weekStart(tl.startDate, w.week), w.logins, w.trades, w.tradeAmount, w.totalAssets, w.netInflow, w.serviceContacts, w.complaints, w.weeklyReturn, tl.marketReturns[w.week]].join(","));
      }
      if (cu.churnWeek !== null) e.push([p.id, weekStart(tl.startDate, cu.churnWeek), ZH[cu.churnType!]].join(","));
    });
    return { customers: csv("customers.csv", c.join("\n")), activity: csv("activity.csv", a.join("\n")), events: csv("events.csv", e.join("\n")) };
  }

  it("same customers, open and churn weeks, weekly rows and snapshot features", async () => {
    const profile = parseMappingProfile({ name: "round trip", lookbackWeeks: 8, horizonWeeks: 4 });
    const { records, summary, warnings } = await importTimeline(exportCsv(), { profile });
    expect(warnings.filter((w) => w.rule === "missing_feature" || w.rule === "unknown_column")).toEqual([]);
    expect(summary.period).toBe("week");
    expect(summary.startDate).toBe(tl.startDate);
    expect(summary.nWeeks).toBe(tl.nWeeks);
    expect(records.count).toBe(tl.customers.length);
    for (let i = 0; i < tl.customers.length; i++) {
      const got = records.customer(i);
      const want = tl.customers[i];
      expect([got.id, got.openWeek, got.churnWeek, got.churnType, got.tenureMonths]).toEqual([want.profile.id, want.openWeek, want.churnWeek, want.churnType, want.profile.tenureMonths]);
    }
    const wantWeeks = customerWeeks(tl, 5).map((w) => ({ ...w, week: w.week + 1 }));
    const gotWeeks = records.weeks(5);
    expect(gotWeeks.length).toBe(wantWeeks.length);
    gotWeeks.forEach((w, k) => {
      expect(w.totalAssets).toBe(wantWeeks[k].totalAssets);
      expect(w.weeklyReturn).toBeCloseTo(wantWeeks[k].weeklyReturn, 12);
    });
    expect(records.snapshots!.map((s) => s.asOfWeek)).toEqual(td.snapshots.map((s) => s.asOfWeek));
    td.snapshots.forEach((want, k) => {
      const got = records.snapshots![k];
      expect(Array.from(got.customers)).toEqual(Array.from(want.customers));
      expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
      expect(Array.from(got.labelled)).toEqual(Array.from(want.labelled));
      for (let j = 0; j < want.X.length; j++) {
        const tol = 1e-9 * Math.max(1, Math.abs(want.X[j]));
        if (Math.abs(got.X[j] - want.X[j]) > tol) throw new Error(`snapshot ${want.asOfWeek} cell ${j}: ${got.X[j]} vs ${want.X[j]}`);
      }
    });
  });
});
