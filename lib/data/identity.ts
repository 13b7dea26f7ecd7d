/**
 * Synthetic personal data (姓名、手机号、证件号、营业部). It exists so tests can prove PII
 * never leaves the system, so it has to look like the real thing: ID numbers carry a valid
 * GB 11643 check digit, institutions get a unified social credit code (GB 32100) instead.
 */
import type { Random } from "./random";

const SURNAMES = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
  "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
  "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔",
  "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
  "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
  "欧阳", "司马", "上官",
] as const;

const GIVEN = [
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "霞",
  "平", "刚", "桂", "英", "华", "建", "国", "文", "辉", "力", "鹏", "俊", "斌", "宇", "浩", "凯", "欣", "婷",
  "雪", "琳", "晨", "阳", "佳", "怡", "子", "轩", "梓", "涵", "睿", "博", "思", "雨", "志", "海", "峰", "健",
  "慧", "玲", "红", "燕", "波", "亮", "丹", "飞", "晓", "新", "春", "秋", "云", "东", "林", "瑞", "嘉", "诚",
] as const;

const COMPANY_WORDS = ["华信", "鼎盛", "恒远", "汇通", "景行", "明德", "泰和", "金石", "中睿", "博雅", "瑞丰", "长青", "聚源", "宏图", "安泰", "创达"] as const;
const COMPANY_KINDS = ["投资管理有限公司", "资产管理有限公司", "科技有限公司", "实业有限公司", "私募基金管理有限公司", "贸易有限公司"] as const;

/** Real administrative division codes, so the first six ID digits point at a real place. */
const REGIONS: readonly { code: string; city: string; branches: readonly string[] }[] = [
  { code: "110105", city: "北京", branches: ["北京金融街营业部", "北京朝阳门外大街营业部", "北京中关村大街营业部"] },
  { code: "310115", city: "上海", branches: ["上海浦东世纪大道营业部", "上海淮海中路营业部", "上海徐汇漕溪北路营业部"] },
  { code: "440304", city: "深圳", branches: ["深圳福田深南大道营业部", "深圳南山科技园营业部"] },
  { code: "440106", city: "广州", branches: ["广州天河珠江新城营业部", "广州越秀东风中路营业部"] },
  { code: "330106", city: "杭州", branches: ["杭州西湖文三路营业部", "杭州钱江新城营业部"] },
  { code: "320102", city: "南京", branches: ["南京玄武中山路营业部", "南京河西江东中路营业部"] },
  { code: "510107", city: "成都", branches: ["成都武侯人民南路营业部", "成都高新天府大道营业部"] },
  { code: "420106", city: "武汉", branches: ["武汉武昌中北路营业部"] },
  { code: "610113", city: "西安", branches: ["西安雁塔高新路营业部"] },
  { code: "370202", city: "青岛", branches: ["青岛市南香港中路营业部"] },
  { code: "350203", city: "厦门", branches: ["厦门思明鹭江道营业部"] },
  { code: "500103", city: "重庆", branches: ["重庆渝中解放碑营业部"] },
];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** GB 11643-1999 check character for the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export function isValidIdNumber(id: string): boolean {
  return /^\d{17}[\dX]$/.test(id) && idCheckDigit(id.slice(0, 17)) === id[17];
}

const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Unified social credit code: "91" + region + 9-char organisation code (own check) + check. */
function creditCode(rng: Random, region: string): string {
  let org = "";
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const d = rng.int(0, 9);
    org += String(d);
    s += d * ORG_WEIGHTS[i];
  }
  const c = 11 - (s % 11);
  org += c === 10 ? "X" : c === 11 ? "0" : String(c);
  const body = `91${region}${org}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(body[i]) * USCC_WEIGHTS[i];
  return body + USCC_CHARS[(31 - (sum % 31)) % 31];
}

/** The reference "today" for ages and birthdays: fixed, so output never depends on the clock. */
const REF_YEAR = 2025;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export interface Identity {
  name: string;
  phone: string;
  idNumber: string;
  branch: string;
}

export function makeIdentity(rng: Random, age: number, institution: boolean): Identity {
  const region = rng.choice(REGIONS);
  const branch = rng.choice(region.branches);
  // Mobile prefixes 130–139; the brief asks for "13xxxxxxxxx".
  let phone = "13";
  for (let i = 0; i < 9; i++) phone += String(rng.int(0, 9));
  if (institution) {
    const name = `${region.city}${rng.choice(COMPANY_WORDS)}${rng.choice(COMPANY_KINDS)}`;
    return { name, phone, idNumber: creditCode(rng, region.code), branch };
  }
  const givenLength = rng.bernoulli(0.7) ? 2 : 1;
  let name = rng.choice(SURNAMES);
  for (let i = 0; i < givenLength; i++) name += rng.choice(GIVEN);
  const month = rng.int(1, 12);
  const day = rng.int(1, DAYS_IN_MONTH[month - 1]);
  // Reference date is 30 June: a birthday later in the year has not happened yet.
  const year = REF_YEAR - age - (month > 6 ? 1 : 0);
  const seq = String(rng.int(1, 999)).padStart(3, "0");
  const first17 = `${region.code}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${seq}`;
  return { name, phone, idNumber: first17 + idCheckDigit(first17), branch };
}
