/**
 * Header mapping of a brokerage's files onto the import's fields, and the mapping profile (a
 * named JSON document the dashboard, REST and CLI share) that records it with value maps and
 * units. Suggestions come from English keys, common Chinese headers and pinyin initials.
 */
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { CHURN_TYPES, type ChurnType } from "../timeline/types";
import { labelKey, type AmountUnit, type RateUnit, type ReturnUnit } from "./values";

export type FileKind = "customers" | "activity" | "events";
export const FILE_KINDS: readonly FileKind[] = ["customers", "activity", "events"];
export const FILE_KIND_ZH: Readonly<Record<FileKind, string>> = { customers: "客户文件", activity: "活动文件", events: "事件文件" };

export type FieldKind = "id" | "date" | "text" | "category" | "bool" | "int" | "count" | "amount" | "rate" | "return";

export interface FieldDef {
  key: string;
  zh: string;
  kind: FieldKind;
  required: boolean;
  /** Allowed range after unit conversion (numbers). */
  min?: number;
  max?: number;
  /** Header spellings recognised (compared in labelKey form, without a unit in brackets). */
  synonyms: readonly string[];
}

const f = (key: string, zh: string, kind: FieldKind, synonyms: string[], extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  zh,
  kind,
  required: false,
  synonyms: [key, zh, ...synonyms],
  ...extra,
});

const ID_SYNONYMS = ["customerid", "cust_id", "custid", "client_id", "clientid", "account_id", "id", "客户号", "客户编号", "客户id", "客户代码", "客户账号", "资金账号", "资金账户", "khh", "khbh", "zjzh"];
const BIG = 1e15;

export const FIELDS: Readonly<Record<FileKind, readonly FieldDef[]>> = {
  customers: [
    f("customer_id", "客户编号", "id", ID_SYNONYMS, { required: true }),
    f("open_date", "开户日期", "date", ["opendate", "account_open_date", "open_time", "开户时间", "开户日", "开户年月日", "khrq"], { required: true }),
    f("close_date", "销户日期", "date", ["closedate", "account_close_date", "销户时间", "销户日", "xhrq"]),
    f("name", "姓名", "text", ["客户姓名", "客户名称", "xm", "khxm"], { max: 100 }),
    f("phone", "手机号", "text", ["mobile", "手机", "手机号码", "联系电话", "电话", "sjh", "sjhm"], { max: 40 }),
    f("id_number", "证件号码", "text", ["证件号", "身份证号", "身份证号码", "zjhm", "sfzh"], { max: 40 }),
    f("branch", "营业部", "text", ["所属营业部", "开户营业部", "分支机构", "yyb"], { max: 100 }),
    f("customer_type", "客户类型", "category", ["客户类别", "客户性质", "khlx"]),
    f("risk_tolerance", "风险承受能力", "category", ["risk_level", "风险等级", "风险承受等级", "风险测评等级", "风险评级", "投资者风险等级", "fxdj"]),
    f("age", "年龄", "int", ["nl"], { min: 16, max: 120 }),
    f("open_channel", "开户渠道", "category", ["开户方式", "khqd"]),
    f("has_margin", "是否开通两融", "bool", ["margin", "两融", "融资融券", "是否两融", "两融账户", "是否开通融资融券"]),
    f("has_advisor", "是否有专属投顾", "bool", ["advisor", "专属投顾", "投顾", "是否投顾", "是否签约投顾"]),
    f("commission_rate", "佣金费率", "rate", ["commission", "佣金", "佣金率", "交易佣金", "yj", "yjfl"], { min: 0, max: 100 }),
    f("product_count", "持有产品种类数", "int", ["产品种类数", "持仓产品数", "产品数"], { min: 0, max: 100 }),
  ],
  activity: [
    f("customer_id", "客户编号", "id", ID_SYNONYMS, { required: true }),
    f("date", "日期", "date", ["交易日期", "业务日期", "统计日期", "数据日期", "周", "week_start", "month", "月份", "rq", "jyrq"], { required: true }),
    f("logins", "登录次数", "count", ["login_count", "登录", "dlcs"], { min: 0, max: 1e7 }),
    f("trades", "交易笔数", "count", ["trade_count", "成交笔数", "委托笔数", "jybs"], { min: 0, max: 1e9 }),
    f("trade_amount", "交易金额", "amount", ["成交金额", "jyje"], { min: 0, max: BIG }),
    f("total_assets", "总资产", "amount", ["assets", "资产", "周末总资产", "日末总资产", "月末总资产", "资产总额", "期末资产", "zzc"], { min: 0, max: BIG }),
    f("net_inflow", "资金净流入", "amount", ["净流入", "净转入", "资金净转入"], { min: -BIG, max: BIG }),
    f("inflow", "资金转入", "amount", ["转入金额", "银证转入", "资金流入"], { min: 0, max: BIG }),
    f("outflow", "资金转出", "amount", ["转出金额", "银证转出", "资金流出"], { min: 0, max: BIG }),
    f("service_contacts", "客服联系次数", "count", ["客服次数", "咨询次数", "服务次数"], { min: 0, max: 1e7 }),
    f("complaints", "投诉次数", "count", ["投诉"], { min: 0, max: 1e7 }),
    f("period_return", "收益率", "return", ["weekly_return", "return", "周收益率", "日收益率", "月收益率", "syl"], { min: -1, max: 10 }),
    f("market_return", "大盘收益率", "return", ["市场收益率", "指数收益率", "基准收益率"], { min: -1, max: 10 }),
  ],
  events: [
    f("customer_id", "客户编号", "id", ID_SYNONYMS, { required: true }),
    f("date", "日期", "date", ["event_date", "事件日期", "流失日期", "发生日期", "办理日期", "rq"], { required: true }),
    f("event_type", "事件类型", "category", ["type", "churn_type", "流失类型", "类型", "业务类型", "事件"], { required: true }),
  ],
};

export function fieldDef(kind: FileKind, key: string): FieldDef | undefined {
  return FIELDS[kind].find((d) => d.key === key);
}

/** Headers that look like a churn label: a label without a date cannot be placed on the timeline. */
const LABEL_HEADERS = ["churned", "churn", "label", "是否流失", "流失", "流失标志", "流失标签", "sfls"].map(labelKey);

/** Header as compared: labelKey without a bracketed unit ("总资产(万元)" → "总资产"). */
export function headerKey(header: string): string {
  return labelKey(header)
    .replace(/[(（[【][^)）\]】]*[)）\]】]$/, "")
    .replace(/-/g, "_");
}

/** The unit a header names in brackets or as a suffix, if any. */
export function headerUnit(header: string): AmountUnit | RateUnit | "percent" | null {
  const h = labelKey(header);
  if (/亿元/.test(h)) return "亿元";
  if (/万元/.test(h)) return "万元";
  if (/‱|万分/.test(h)) return "‱";
  if (/‰|千分/.test(h)) return "‰";
  if (/%|百分/.test(h)) return "percent";
  return null;
}

const synonymIndex: ReadonlyMap<FileKind, ReadonlyMap<string, string>> = new Map(
  FILE_KINDS.map((kind) => {
    const m = new Map<string, string>();
    for (const d of FIELDS[kind]) for (const s of d.synonyms) if (!m.has(headerKey(s))) m.set(headerKey(s), d.key);
    return [kind, m] as const;
  }),
);

const churnTypeZh = ["转户", "销户", "资产转出"] as const;
const IGNORE = "ignore";

const fileMappingSchema = z
  .object({
    /** Source header (as in the file) → field key, or "ignore". */
    columns: z.record(z.string().min(1).max(200), z.string().min(1).max(64)),
  })
  .strict();

const amountUnit = z.enum(["元", "万元", "亿元"]);
const rateUnit = z.enum(["‱", "‰", "%", "fraction"]);
const returnUnit = z.enum(["fraction", "%"]);
const isoDateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "必须是 YYYY-MM-DD 日期 (must be a YYYY-MM-DD date)" });

export const mappingProfileSchema = z
  .object({
    name: z.string().trim().min(1, { error: "name 不能为空 (name required)" }).max(100, { error: "name 不能超过 100 个字符 (at most 100 characters)" }),
    version: z.literal(1).default(1),
    customers: fileMappingSchema.optional(),
    activity: fileMappingSchema.optional(),
    events: fileMappingSchema.optional(),
    /** Source value (any spelling) → canonical value; merged over the built-in maps. */
    values: z
      .object({
        customer_type: z.record(z.string(), z.enum(["普通个人", "高净值", "机构"])),
        risk_tolerance: z.record(z.string(), z.enum(["C1", "C2", "C3", "C4", "C5"])),
        open_channel: z.record(z.string(), z.enum(["线上", "营业部"])),
        has_margin: z.record(z.string(), z.boolean()),
        has_advisor: z.record(z.string(), z.boolean()),
        event_type: z.record(z.string(), z.enum(CHURN_TYPES as [ChurnType, ...ChurnType[]])),
      })
      .partial()
      .strict()
      .optional(),
    /** How bare numbers are meant; a unit written in the cell ("万3", "5%", "12万") always wins. */
    units: z
      .object({
        trade_amount: amountUnit,
        total_assets: amountUnit,
        net_inflow: amountUnit,
        inflow: amountUnit,
        outflow: amountUnit,
        commission_rate: rateUnit,
        period_return: returnUnit,
        market_return: returnUnit,
      })
      .partial()
      .strict()
      .optional(),
    /** Period each activity row covers; auto = from the spacing of a customer's dates. */
    activityPeriod: z.enum(["auto", "day", "week", "month"]).default("auto"),
    /** Monday of week 0; default: the Monday of the earliest activity. */
    startDate: isoDateText.optional(),
    /** Data date (a Monday): weeks end before it; default: after the last complete week of activity. */
    endDate: isoDateText.optional(),
    lookbackWeeks: z.number().int().min(4).max(52).default(12),
    horizonWeeks: z.number().int().min(4).max(26).default(12),
  })
  .strict();

export type MappingProfile = z.output<typeof mappingProfileSchema>;
export type MappingProfileInput = z.input<typeof mappingProfileSchema>;
export type ActivityPeriod = MappingProfile["activityPeriod"];

/** A bad mapping profile (BAD_USER_INPUT naming the profile path, e.g. "customers.columns.年龄"). */
export class MappingProfileError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "MappingProfileError";
  }
}

/** Validates a profile (parsed JSON); field keys must exist for their file. Throws MappingProfileError naming the path. */
export function parseMappingProfile(input: unknown): MappingProfile {
  const r = mappingProfileSchema.safeParse(input);
  if (!r.success) {
    const first = r.error.issues[0];
    const path = first.path.join(".") || "profile";
    throw new MappingProfileError(path, `映射配置无效 (invalid mapping profile) ${path}: ${first.message}`);
  }
  const p = r.data;
  for (const kind of FILE_KINDS) {
    const m = p[kind];
    if (!m) continue;
    const seen = new Map<string, string>();
    for (const [header, field] of Object.entries(m.columns)) {
      if (field === IGNORE) continue;
      if (!fieldDef(kind, field)) {
        const allowed = FIELDS[kind].map((d) => d.key).join(", ");
        throw new MappingProfileError(`${kind}.columns.${header}`, `映射配置无效：${FILE_KIND_ZH[kind]}没有字段 “${field}” (unknown field for ${kind}); 可用: ${allowed}, ignore`);
      }
      const other = seen.get(field);
      if (other !== undefined) {
        throw new MappingProfileError(`${kind}.columns.${header}`, `映射配置无效：列 “${other}” 和 “${header}” 都映射到 ${field} (two columns map to ${field})`);
      }
      seen.set(field, header);
    }
  }
  return p;
}

/** A profile from JSON text (a file passed to `import --mapping`). */
export function parseMappingProfileJson(text: string): MappingProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MappingProfileError("profile", `映射配置不是有效的 JSON (mapping profile is not valid JSON): ${(e as Error).message}`);
  }
  return parseMappingProfile(json);
}

export interface ColumnMapping {
  /** Column index in the file → field key. */
  fields: Map<number, string>;
  /** Headers not mapped to any field (warnings), with their column index. */
  unknown: { index: number; header: string }[];
  /** Headers that look like a churn label (warned about specifically). */
  labelColumns: string[];
  /** Required fields with no column. */
  missingRequired: FieldDef[];
  /** Unit hints read from headers, by field key. */
  headerUnits: Map<string, ReturnType<typeof headerUnit>>;
}

/** Suggested field of one header, or null. */
export function suggestField(kind: FileKind, header: string): string | null {
  return synonymIndex.get(kind)!.get(headerKey(header)) ?? null;
}

/**
 * Column → field for one file's header row: the profile's columns when given (headers compared
 * in labelKey form), otherwise suggestions. The first column wins when two suggest one field.
 */
export function resolveColumns(kind: FileKind, header: readonly string[], profile?: MappingProfile): ColumnMapping {
  const explicit = profile?.[kind]?.columns;
  const byKey = explicit ? new Map(Object.entries(explicit).map(([h, field]) => [labelKey(h), field])) : null;
  const fields = new Map<number, string>();
  const taken = new Set<string>();
  const unknown: ColumnMapping["unknown"] = [];
  const labelColumns: string[] = [];
  const headerUnits = new Map<string, ReturnType<typeof headerUnit>>();
  header.forEach((h, index) => {
    if (h.trim() === "") return;
    const field = byKey ? (byKey.get(labelKey(h)) ?? null) : suggestField(kind, h);
    if (field === IGNORE) return;
    if (field === null || taken.has(field)) {
      if (LABEL_HEADERS.includes(headerKey(h))) labelColumns.push(h);
      else unknown.push({ index, header: h });
      return;
    }
    taken.add(field);
    fields.set(index, field);
    const unit = headerUnit(h);
    if (unit) headerUnits.set(field, unit);
  });
  const missingRequired = FIELDS[kind].filter((d) => d.required && !taken.has(d.key));
  return { fields, unknown, labelColumns, missingRequired, headerUnits };
}

/** A profile from suggestions for the given headers, to show, edit and save. */
export function suggestProfile(name: string, headers: Partial<Record<FileKind, readonly string[]>>): MappingProfile {
  const input: MappingProfileInput = { name };
  const units: NonNullable<MappingProfileInput["units"]> = {};
  for (const kind of FILE_KINDS) {
    const h = headers[kind];
    if (!h) continue;
    const m = resolveColumns(kind, h);
    const columns: Record<string, string> = {};
    for (const [i, field] of m.fields) columns[h[i]] = field;
    input[kind] = { columns };
    for (const [field, unit] of m.headerUnits) {
      const def = fieldDef(kind, field);
      if (def?.kind === "amount" && (unit === "元" || unit === "万元" || unit === "亿元")) (units as Record<string, string>)[field] = unit;
      if (def?.kind === "rate" && unit !== null) units.commission_rate = unit === "percent" ? "%" : (unit as RateUnit);
      if (def?.kind === "return" && unit === "percent") (units as Record<string, string>)[field] = "%";
    }
  }
  if (Object.keys(units).length > 0) input.units = units;
  return parseMappingProfile(input);
}

/** Units of a field: the profile's, else the header's hint, else the stored unit. */
export function unitOf(profile: MappingProfile | undefined, mapping: ColumnMapping, field: string): AmountUnit | RateUnit | ReturnUnit | undefined {
  const explicit = (profile?.units as Record<string, string> | undefined)?.[field];
  if (explicit) return explicit as AmountUnit | RateUnit | ReturnUnit;
  const hint = mapping.headerUnits.get(field);
  if (!hint) return undefined;
  const def = FIELDS.customers.find((d) => d.key === field) ?? FIELDS.activity.find((d) => d.key === field);
  if (def?.kind === "return") return hint === "percent" ? "%" : undefined;
  if (def?.kind === "rate") return hint === "percent" ? "%" : hint === "元" || hint === "万元" || hint === "亿元" ? undefined : hint;
  if (def?.kind === "amount") return hint === "元" || hint === "万元" || hint === "亿元" ? hint : undefined;
  return undefined;
}

// ---- built-in value maps (labelKey form → canonical code) ----

const entries = <T>(groups: readonly (readonly [T, readonly string[]])[]): Map<string, T> => {
  const m = new Map<string, T>();
  for (const [value, labels] of groups) for (const l of labels) m.set(labelKey(l), value);
  return m;
};

/** customer_type codes: 0 普通个人, 1 高净值, 2 机构 (catalog order; bare codes 0..2 accepted). */
export const CUSTOMER_TYPE_VALUES = entries<number>([
  [0, ["0", "普通个人", "个人", "自然人", "普通", "零售", "个人客户", "普通客户", "retail", "individual"]],
  [1, ["1", "高净值", "高净值个人", "高净值客户", "vip", "私人银行", "高端客户", "hnw", "high_net_worth"]],
  [2, ["2", "机构", "机构客户", "法人", "企业", "公司", "产品", "institution", "institutional"]],
]);

/** risk_tolerance codes 0..4 = C1..C5. A bare digit is the C level (1..5), as brokerages number them. */
export const RISK_TOLERANCE_VALUES = entries<number>([
  [0, ["C1", "1", "保守", "保守型", "C1保守", "C1保守型", "最低风险", "conservative"]],
  [1, ["C2", "2", "谨慎", "谨慎型", "相对保守型", "C2谨慎", "C2谨慎型", "cautious"]],
  [2, ["C3", "3", "稳健", "稳健型", "平衡型", "C3稳健", "C3稳健型", "balanced", "moderate"]],
  [3, ["C4", "4", "积极", "积极型", "成长型", "C4积极", "C4积极型", "growth"]],
  [4, ["C5", "5", "激进", "激进型", "进取型", "C5激进", "C5激进型", "aggressive"]],
]);

/** open_channel codes: 0 线上, 1 营业部 (bare codes 0..1 accepted). */
export const OPEN_CHANNEL_VALUES = entries<number>([
  [0, ["0", "线上", "网上", "网上开户", "线上开户", "互联网", "手机", "手机开户", "app", "远程", "非现场", "online"]],
  [1, ["1", "营业部", "营业部开户", "现场", "现场开户", "临柜", "柜台", "线下", "branch", "offline"]],
]);

export const EVENT_TYPE_VALUES = entries<ChurnType>([
  ["close", ["close", "closed", "销户", "注销", "账户注销", "销户完成"]],
  ["transfer", ["transfer", "转户", "转托管", "转出券商", "转出"]],
  ["asset_out", ["asset_out", "资产转出", "资产流出", "大额转出"]],
]);

const CANONICAL_CODES: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  customer_type: { 普通个人: 0, 高净值: 1, 机构: 2 },
  risk_tolerance: { C1: 0, C2: 1, C3: 2, C4: 3, C5: 4 },
  open_channel: { 线上: 0, 营业部: 1 },
};

const BUILT_IN: Readonly<Record<string, Map<string, number>>> = {
  customer_type: CUSTOMER_TYPE_VALUES,
  risk_tolerance: RISK_TOLERANCE_VALUES,
  open_channel: OPEN_CHANNEL_VALUES,
};

/** Category field → lookup (labelKey → code), the profile's values merged over the built-in ones. */
export function categoryLookup(profile: MappingProfile | undefined, field: "customer_type" | "risk_tolerance" | "open_channel"): Map<string, number> {
  const m = new Map(BUILT_IN[field]);
  const extra = profile?.values?.[field] as Record<string, string> | undefined;
  if (extra) for (const [src, canonical] of Object.entries(extra)) m.set(labelKey(src), CANONICAL_CODES[field][canonical]);
  return m;
}

export function eventTypeLookup(profile: MappingProfile | undefined): Map<string, ChurnType> {
  const m = new Map(EVENT_TYPE_VALUES);
  for (const [src, t] of Object.entries(profile?.values?.event_type ?? {})) m.set(labelKey(src), t);
  return m;
}

export function boolLookup(profile: MappingProfile | undefined, field: "has_margin" | "has_advisor"): Record<string, boolean> | undefined {
  const extra = profile?.values?.[field];
  if (!extra) return undefined;
  return Object.fromEntries(Object.entries(extra).map(([k, v]) => [labelKey(k), v]));
}

/** Canonical labels allowed in a category field, for messages. */
export function categoryLabels(field: string): string {
  if (field === "event_type") return `${churnTypeZh.join("/")} (${CHURN_TYPES.join("/")})`;
  return Object.keys(CANONICAL_CODES[field] ?? {}).join("/");
}
