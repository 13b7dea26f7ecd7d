/**
 * The security headers, in one place for next.config.ts, app/api/_lib/rest.ts (REST responses)
 * and server.ts (/api/graphql, which never reaches Next).
 */

/**
 * API responses are data (JSON, CSV, xlsx, Markdown), never a document that needs to load
 * anything. A route may send its own policy instead (the churn report's HTML does).
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
