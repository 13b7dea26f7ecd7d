// No imports on purpose: Next route handlers (bundled apart from server.ts) use this too.

/** PostgreSQL / postgres.js codes meaning "the database went away", not "your request is wrong". */
const DB_UNAVAILABLE = new Set([
  "57P01", // admin_shutdown (pg_terminate_backend)
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
]);

/** Drizzle wraps driver errors (`cause`), resolvers may wrap again: look a few levels down. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === "object" && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && DB_UNAVAILABLE.has(code)) return true;
  }
  return false;
}
