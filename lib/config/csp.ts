/**
 * The security headers, in one place for next.config.ts (static headers), proxy.ts (the page
 * Content-Security-Policy with a per-request nonce), app/api/_lib/rest.ts (REST responses) and
 * server.ts (/api/graphql, which never reaches Next).
 */

/** Sent on every response Next serves, pages and API alike (next.config.ts `headers()`). */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/**
 * API responses are data (JSON, CSV, xlsx, Markdown), never a document that needs to load
 * anything. A route may send its own policy instead (the churn report's HTML does).
 */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** A fresh, unguessable nonce (128 random bits, base64) for one page response. */
export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}

/**
 * The dashboard pages' policy. Scripts run only with this response's nonce: Next stamps it on
 * its own bootstrap and chunk scripts (it reads the nonce from the Content-Security-Policy
 * request header proxy.ts sets), and 'strict-dynamic' extends the trust to the chunks those
 * scripts load (lazy routes, the Plotly bundle), so an injected inline or foreign script does
 * not run. 'self' is only a fallback for browsers without 'strict-dynamic'. Dev mode (React
 * refresh, server error stacks) needs eval. Plotly (plotly.js-dist-min, SVG traces) needs no
 * eval — its only Function() calls are feature-detection fallbacks.
 *
 * style-src keeps 'unsafe-inline', deliberately without the nonce (a nonce would make browsers
 * ignore 'unsafe-inline'): Plotly injects <style> elements and style attributes at run time
 * without a nonce, React renders `style={…}` props as style attributes (no nonce can cover an
 * attribute), and the churn report's iframe (srcdoc, so it inherits this policy) styles itself
 * with an inline <style>. Injected CSS cannot run script.
 *
 * connect-src is this origin only: 'self' plus its own WebSocket URL (`wsOrigin`, from
 * `sameOriginWebSocket`), since older browsers do not let 'self' cover ws:/wss:. Never a bare
 * `ws:`/`wss:`, which would let injected code reach any host.
 */
export function pageCsp(nonce: string, dev: boolean, wsOrigin?: string | null): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${wsOrigin ? ` ${wsOrigin}` : ""}`,
    "worker-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A Host header value we can put in a policy: a DNS name or IP (IPv6 in brackets) and an optional port. */
const HOST_RE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The page's own WebSocket origin (`wss://host` when the page came over HTTPS, else `ws://host`),
 * or null when the Host header is not a plain host[:port] (nothing odd goes into the policy).
 */
export function sameOriginWebSocket(host: string | null, https: boolean): string | null {
  if (!host || host.length > 260 || !HOST_RE.test(host)) return null;
  return `${https ? "wss" : "ws"}://${host.toLowerCase()}`;
}
