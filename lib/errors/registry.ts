/**
 * Every error code a caller can meet, in one table: the HTTP status REST answers with, the
 * GraphQL `extensions.code` (the key itself), whether the error's own message may be shown, and
 * the generic zh/en text the UI falls back to. Adapters look codes up here; nothing else maps
 * errors to statuses. No imports: Next bundles route handlers apart from the server and they read
 * this table too.
 */
export interface ErrorSpec {
  http: number;
  /** The error's own message (naming the field and the limit) may be shown to the caller. */
  expose: boolean;
  zh: string;
  en: string;
}

export const ERROR_CODES = {
  BAD_USER_INPUT: { http: 400, expose: true, zh: "输入有误", en: "Invalid input" },
  BAD_REQUEST: { http: 400, expose: true, zh: "请求格式有误", en: "Malformed request" },
  QUERY_TOO_COMPLEX: { http: 400, expose: true, zh: "查询过于复杂", en: "Query too complex" },
  GRAPHQL_PARSE_FAILED: { http: 400, expose: true, zh: "查询语法有误", en: "Query could not be parsed" },
  GRAPHQL_VALIDATION_FAILED: { http: 400, expose: true, zh: "查询不符合接口定义", en: "Query does not match the schema" },
  PERSISTED_QUERY_NOT_FOUND: { http: 400, expose: true, zh: "不支持持久化查询", en: "Persisted query not found" },
  PERSISTED_QUERY_NOT_SUPPORTED: { http: 400, expose: true, zh: "不支持持久化查询", en: "Persisted queries are not supported" },
  OPERATION_RESOLUTION_FAILURE: { http: 400, expose: true, zh: "无法确定要执行的操作", en: "Operation could not be resolved" },
  UNAUTHENTICATED: { http: 401, expose: true, zh: "请先登录", en: "Please sign in" },
  PASSWORD_CHANGE_REQUIRED: { http: 403, expose: true, zh: "请先修改密码", en: "Change your password first" },
  FORBIDDEN: { http: 403, expose: true, zh: "权限不足", en: "Not allowed for your role" },
  NOT_FOUND: { http: 404, expose: true, zh: "不存在", en: "Not found" },
  CONFLICT: { http: 409, expose: true, zh: "与当前状态冲突", en: "Conflicts with the current state" },
  FAILED_PRECONDITION: { http: 409, expose: true, zh: "前置条件不满足", en: "A precondition is not met" },
  PAYLOAD_TOO_LARGE: { http: 413, expose: true, zh: "请求体过大", en: "Payload too large" },
  ARCHIVE_TOO_LARGE: { http: 413, expose: true, zh: "上传的 Excel 文件解压后过大", en: "Uploaded workbook expands beyond the limit" },
  ARCHIVE_INVALID: { http: 400, expose: true, zh: "上传的 Excel 文件压缩结构异常", en: "Uploaded workbook is a malformed archive" },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, expose: true, zh: "不支持的内容类型", en: "Unsupported content type" },
  RATE_LIMITED: { http: 429, expose: true, zh: "操作过于频繁，请稍后再试", en: "Too many requests, try again later" },
  SERVICE_UNAVAILABLE: { http: 503, expose: true, zh: "服务暂不可用，请稍后重试", en: "Service unavailable, please retry" },
  INTERNAL_SERVER_ERROR: { http: 500, expose: false, zh: "服务器内部错误", en: "Internal server error" },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_CODES[code];
}
