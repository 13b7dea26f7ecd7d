import { describe, expect, it } from "vitest";
import { decodeText, detectEncoding } from "../../lib/data/import/encoding";
import { MappingProfileError, parseMappingProfile, parseMappingProfileJson, resolveColumns, suggestField, suggestProfile } from "../../lib/data/import/mapping";
import { parseAmount, parseDate, parsePlainNumber, parseRateBp, parseReturn } from "../../lib/data/import/values";

describe("encodings", () => {
  const text = "客户号,年龄\nK001,45\n";
  const utf16be = (s: string) => {
    const le = Buffer.from(s, "utf16le");
    for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    return le;
  };
  it.each([
    ["utf-8 without BOM", Buffer.from(text, "utf-8"), "utf-8", false],
    ["utf-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf-8")]), "utf-8", true],
    ["utf-16le with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), "utf-16le", true],
    ["utf-16be with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), "utf-16be", true],
    ["utf-16le without BOM (ASCII text)", Buffer.from("customer_id,age\nK1,45\n", "utf16le"), "utf-16le", false],
  ])("%s", (_, bytes, encoding, bom) => {
    const d = decodeText(new Uint8Array(bytes));
    expect(d.encoding).toBe(encoding);
    expect(d.bom).toBe(bom);
    expect(d.text.startsWith("\uFEFF")).toBe(false);
    if (!String(_).includes("ASCII")) expect(d.text).toBe(text);
  });

  it("GBK bytes (as Excel on Chinese Windows saves them) decode as GB18030", () => {
    // 客户号,年龄 in GBK
    const gbk = new Uint8Array([0xbf, 0xcd, 0xbb, 0xa7, 0xba, 0xc5, 0x2c, 0xc4, 0xea, 0xc1, 0xe4]);
    expect(detectEncoding(gbk).encoding).toBe("gb18030");
    expect(decodeText(gbk).text).toBe("客户号,年龄");
  });
});

describe("values", () => {
  it.each([
    ["2026-11-01", "2026-11-01"],
    ["2026/11/1", "2026-11-01"],
    ["2026.11.1", "2026-11-01"],
    ["20261101", "2026-11-01"],
    ["2026年11月1日", "2026-11-01"],
    ["2026-11-01 09:30:00", "2026-11-01"],
    ["45962", "2025-11-01"],
    ["45000", "2023-03-15"],
  ])("date %s → %s", (text, iso) => expect(parseDate(text)).toBe(iso));

  it.each(["2026-02-30", "20261301", "11/01/2026", "abc", "", "123", "1.5"])("rejects date %s", (text) => expect(parseDate(text)).toBeNull());

  it("numbers with thousands separators, accounting negatives and full-width digits", () => {
    expect(parsePlainNumber("1,234,567.5")).toBe(1234567.5);
    expect(parsePlainNumber("(1,000)")).toBe(-1000);
    expect(parsePlainNumber("１２３")).toBe(123);
    expect(parsePlainNumber("12,34")).toBeNull();
    expect(parsePlainNumber("1.2.3")).toBeNull();
  });

  it("amounts in 元 / 万元, suffix in the cell wins", () => {
    expect(parseAmount("12.5", "万元")).toBe(125_000);
    expect(parseAmount("12万")).toBe(120_000);
    expect(parseAmount("¥1,200元", "万元")).toBe(1200);
    expect(parseAmount("1.5亿元")).toBe(150_000_000);
  });

  it("commission rates to ‱: 万3, 万3.6, ‰, %, ‱ and a bare fraction", () => {
    expect(parseRateBp("万3")).toBe(3);
    expect(parseRateBp("万3.6")).toBe(3.6);
    expect(parseRateBp("万分之2.5")).toBe(2.5);
    expect(parseRateBp("0.3‰")).toBeCloseTo(3, 12);
    expect(parseRateBp("0.03%")).toBeCloseTo(3, 12);
    expect(parseRateBp("3‱")).toBe(3);
    expect(parseRateBp("0.00025", "fraction")).toBeCloseTo(2.5, 12);
    expect(parseRateBp("2.5")).toBe(2.5);
    expect(parseRateBp("万")).toBeNull();
  });

  it("returns: % suffix or a percent column", () => {
    expect(parseReturn("5%")).toBeCloseTo(0.05, 15);
    expect(parseReturn("-0.4%")).toBeCloseTo(-0.004, 15);
    expect(parseReturn("5", "%")).toBeCloseTo(0.05, 15);
    expect(parseReturn("0.05")).toBe(0.05);
  });
});

describe("header mapping", () => {
  it("suggests fields from English keys, Chinese headers and pinyin initials", () => {
    expect(suggestField("customers", "客户号")).toBe("customer_id");
    expect(suggestField("customers", "客户编号")).toBe("customer_id");
    expect(suggestField("customers", "客户ID")).toBe("customer_id");
    expect(suggestField("customers", "khh")).toBe("customer_id");
    expect(suggestField("customers", "Customer_ID")).toBe("customer_id");
    expect(suggestField("customers", "nl")).toBe("age");
    expect(suggestField("customers", "年龄")).toBe("age");
    expect(suggestField("customers", "开户日期")).toBe("open_date");
    expect(suggestField("customers", "风险等级")).toBe("risk_tolerance");
    expect(suggestField("customers", "风险承受能力")).toBe("risk_tolerance");
    expect(suggestField("customers", "佣金")).toBe("commission_rate");
    expect(suggestField("activity", "总资产(万元)")).toBe("total_assets");
    expect(suggestField("activity", "资产")).toBe("total_assets");
    expect(suggestField("activity", "交易笔数")).toBe("trades");
    expect(suggestField("activity", "登录次数")).toBe("logins");
    expect(suggestField("customers", "微信昵称")).toBeNull();
  });

  it("lists unknown columns, a churn label column and missing required fields", () => {
    const m = resolveColumns("customers", ["客户号", "年龄", "微信昵称", "是否流失"]);
    expect(m.unknown.map((u) => u.header)).toEqual(["微信昵称"]);
    expect(m.labelColumns).toEqual(["是否流失"]);
    expect(m.missingRequired.map((d) => d.key)).toEqual(["open_date"]);
  });

  it("suggested profiles carry units from headers and validate as JSON", () => {
    const p = suggestProfile("券商A", { customers: ["客户号", "开户日期", "佣金(‰)"], activity: ["客户号", "日期", "总资产(万元)", "收益率(%)"] });
    expect(p.customers?.columns).toEqual({ 客户号: "customer_id", 开户日期: "open_date", "佣金(‰)": "commission_rate" });
    expect(p.units).toEqual({ commission_rate: "‰", total_assets: "万元", period_return: "%" });
    expect(parseMappingProfileJson(JSON.stringify(p))).toEqual(p);
  });

  it("rejects a profile naming an unknown field, or two columns for one field", () => {
    expect(() => parseMappingProfile({ name: "x", customers: { columns: { 年龄: "agee" } } })).toThrow(/没有字段 “agee”/);
    expect(() => parseMappingProfile({ name: "x", customers: { columns: { 年龄: "age", nl: "age" } } })).toThrow(MappingProfileError);
    expect(() => parseMappingProfile({ name: "", customers: { columns: {} } })).toThrow(/name/);
    expect(() => parseMappingProfileJson("{")).toThrow(/JSON/);
    expect(() => parseMappingProfile({ name: "x", lookbackWeeks: 2 })).toThrow(/lookbackWeeks/);
  });
});
