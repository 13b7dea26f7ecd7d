/**
 * Problems and warnings of an import. Every bad cell is one issue with its file, line, column,
 * value and rule; counts per rule cover every problem even past the collection cap.
 */
import { ImportValidationError, type ImportIssue } from "../import";
import type { FileKind, MappingProfile } from "./mapping";

/** Why a cell or file was rejected; the keys of `TimelineImportError.byRule`. */
export type IssueRule =
  | "file"
  | "missing_column"
  | "required"
  | "date"
  | "number"
  | "range"
  | "category"
  | "bool"
  | "text"
  | "formula"
  | "duplicate_id"
  | "duplicate_row"
  | "unknown_customer"
  | "before_open"
  | "options"
  | "label"
  | "append_overlap"
  | "append_gap";

export const RULE_ZH: Readonly<Record<IssueRule, string>> = {
  file: "文件格式",
  missing_column: "缺少必需列",
  required: "必填",
  date: "日期格式",
  number: "数值格式",
  range: "取值范围",
  category: "类别取值",
  bool: "是/否取值",
  text: "文本格式",
  formula: "公式或非数值单元格",
  duplicate_id: "客户编号重复",
  duplicate_row: "记录重复",
  unknown_customer: "客户不在客户文件中",
  before_open: "早于开户日期",
  options: "导入选项",
  label: "流失标签",
  append_overlap: "与已有数据重叠",
  append_gap: "追加的周不连续",
};

export interface CellIssue extends ImportIssue {
  /** The cell's text as read (cut to 80 characters); empty for blanks and file-level problems. */
  value: string;
  rule: IssueRule;
}

export interface ImportWarning {
  file: string;
  /** Header of the column concerned, when one is. */
  column?: string;
  rule: string;
  /** Rows or values concerned. */
  count: number;
  message: string;
}

/** Collected issues beyond this are only counted (memory stays bounded on a hopeless file). */
const MAX_COLLECTED = 10_000;

export class IssueList {
  readonly list: CellIssue[] = [];
  readonly byRule: Partial<Record<IssueRule, number>> = {};
  total = 0;
  add(file: string, line: number, column: string, value: string, rule: IssueRule, message: string): void {
    this.total++;
    this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
    if (this.list.length < MAX_COLLECTED) this.list.push({ file, line, column, value: value.slice(0, 80), rule, message });
  }
}

/**
 * The import was rejected and nothing was returned. `errors` (base class) holds the first 100
 * issues, `issues` up to 10,000 (for the downloadable list), `byRule` counts every one.
 */
export class TimelineImportError extends ImportValidationError {
  readonly issues: CellIssue[];
  readonly byRule: Partial<Record<IssueRule, number>>;
  /** What was read before the import stopped, for a preview (absent when a file could not be read). */
  preview?: ImportFileColumns;
  constructor(list: IssueList) {
    super(list.list, list.total);
    this.name = "TimelineImportError";
    this.issues = list.list;
    this.byRule = { ...list.byRule };
    const counts = Object.entries(list.byRule)
      .map(([rule, n]) => `${RULE_ZH[rule as IssueRule]} (${rule}) ${n}`)
      .join("，");
    const lines = list.list.slice(0, 20).map((e) => `  ${e.file} 第${e.line}行 ${e.column}${e.value ? ` “${e.value}”` : ""}: ${e.message}`);
    const more = list.total > 20 ? `\n  … 共 ${list.total} 处错误 (${list.total} problems in total)` : "";
    this.message = `导入数据校验失败，未导入任何数据 (import rejected, nothing imported)；按规则计数: ${counts}\n${lines.join("\n")}${more}`;
  }
}

/** All collected issues as CSV (UTF-8 with BOM so Excel opens it), for download. */
export function issuesCsv(issues: readonly CellIssue[]): string {
  const q = (s: string | number) => {
    const t = String(s);
    return /[",\n\r]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const rows = issues.map((e) => [e.file, e.line, e.column, e.value, e.rule, e.message].map(q).join(","));
  return `\uFEFF文件,行,列,值,规则,说明\n${rows.join("\n")}\n`;
}

/** One column of an uploaded file and the field it maps to (null: unknown, ignored with a warning). */
export interface MappedColumn {
  header: string;
  field: string | null;
}

/** The columns of each file read, with the profile used (given or suggested). */
export interface ImportFileColumns {
  profile: MappingProfile;
  columns: Partial<Record<FileKind, MappedColumn[]>>;
}
