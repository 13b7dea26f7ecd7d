// No imports on purpose: Next route handlers (bundled apart from server.ts) use this too.

/**
 * What of an error may go to a log. A failed query's message carries its parameters (Drizzle:
 * "Failed query: … params: <token hash>, <email>"; PostgreSQL: `invalid input syntax … "<value>"`,
 * `Key (email)=(…)`), so a database error is logged as the statement's name (verb and table),
 * its SQLSTATE and the constraint it broke — never its message, parameters or detail.
 */
export interface LogSafeError {
  /** `DrizzleQueryError (22P02) in select api_tokens`, or `TypeError: …` for anything else. */
  error: string;
  /** Verb and first table of the failed statement, e.g. `insert audit_log`. */
  statement?: string;
  sqlState?: string;
  constraint?: string;
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  query?: unknown;
  params?: unknown;
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  constraint_name?: unknown;
  cause?: unknown;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** `select … from "api_tokens" …` → `select api_tokens`. */
export function statementName(sql: string): string {
  const text = sql.replace(/\s+/g, " ").trim().toLowerCase();
  const verb = /^(select|insert|update|delete|with|begin|commit|rollback|savepoint|release|set|lock|create|alter|drop|listen|notify|copy)\b/.exec(text)?.[1] ?? "statement";
  const table =
    (verb === "insert" ? /^insert into "?([\w.]+)"?/.exec(text) : verb === "update" ? /^update "?([\w.]+)"?/.exec(text) : /\bfrom "?([\w.]+)"?/.exec(text))?.[1] ?? null;
  return table ? `${verb} ${table}` : verb;
}

function isDatabaseError(e: ErrorShape): boolean {
  return (typeof e.code === "string" && SQLSTATE.test(e.code)) || typeof e.severity === "string" || typeof e.query === "string";
}

/** The loggable summary of any thrown value; walks `cause` a few levels (Drizzle wraps the driver's error). */
export function logSafeError(e: unknown): LogSafeError {
  let statement: string | undefined;
  let sqlState: string | undefined;
  let constraint: string | undefined;
  let database = false;
  let outer: string | undefined;
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as ErrorShape).cause, depth++) {
    const c = cur as ErrorShape;
    outer ??= typeof c.name === "string" ? c.name : "Error";
    if (!isDatabaseError(c)) continue;
    database = true;
    if (typeof c.query === "string" && !statement) statement = statementName(c.query);
    if (typeof c.code === "string" && SQLSTATE.test(c.code) && !sqlState) sqlState = c.code;
    const k = typeof c.constraint === "string" ? c.constraint : typeof c.constraint_name === "string" ? c.constraint_name : undefined;
    if (k && !constraint) constraint = k;
  }
  if (database) {
    const parts = [`${outer ?? "DatabaseError"}${sqlState ? ` (${sqlState})` : ""}`, statement ? `in ${statement}` : "", constraint ? `on ${constraint}` : ""];
    return { error: parts.filter(Boolean).join(" "), statement, sqlState, constraint };
  }
  if (e instanceof Error) return { error: withoutQuery(`${e.name}: ${e.message}`) };
  return { error: typeof e === "string" ? withoutQuery(e) : "unknown error" };
}

/** A query failure's text copied into another error's message (`训练失败：Failed query: …`). */
function withoutQuery(text: string): string {
  const i = text.search(/Failed query:|\bparams:/);
  return (i >= 0 ? `${text.slice(0, i)}[query withheld]` : text).slice(0, 500);
}
