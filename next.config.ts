import type { NextConfig } from "next";
import { API_CSP } from "./lib/config/csp";

const isDev = process.env.NODE_ENV !== "production";

// Next's App Router bootstraps with inline scripts, so script-src needs 'unsafe-inline' unless
// every page is rendered dynamically with a nonce. Plotly (SVG traces, plotly.js-dist-min)
// needs no eval — its only Function() calls are feature-detection fallbacks — and injects
// <style> elements, hence 'unsafe-inline' for styles. Dev mode (React refresh) needs eval.
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: csp },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native, wasm or Node-only modules stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ml-xgboost", "exceljs", "openai", "ws", "graphql-ws", "@apollo/server"],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // API responses are data and get a strict policy (the later rule wins). REST routes set it
      // themselves (app/api/_lib/rest.ts); this covers what Next answers under /api on its own (the
      // not-found page for an unknown endpoint, 405s). It skips /api/report: a header set here
      // reaches the response before a route's own, and Next then drops the route's, but the
      // report's HTML needs its own policy (inline styles).
      { source: "/api/:path((?!report$).*)", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
