import type { NextConfig } from "next";
import { API_CSP, STATIC_SECURITY_HEADERS } from "./lib/config/csp";

// The pages' Content-Security-Policy is not set here: it carries a per-request script nonce, so
// proxy.ts sets it (see lib/config/csp.ts). A static policy cannot carry a nonce and would need
// script-src 'unsafe-inline' for Next's inline bootstrap scripts.
const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native, wasm or Node-only modules stay out of the server bundle and load from node_modules.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "ml-xgboost", "exceljs", "openai", "ws", "graphql-ws", "@apollo/server"],
  turbopack: {
    // plotly.js's registry requires maplibre-gl's stylesheet for map traces, which the dashboard
    // never registers (app/lib/plotly-bundle.ts): 65 KB of CSS that every chart page fetched
    // while Plotly itself was still downloading on a slow link.
    resolveAlias: { "maplibre-gl/dist/maplibre-gl.css": "./app/lib/no-map-styles.css" },
  },
  async headers() {
    return [
      { source: "/:path*", headers: [...STATIC_SECURITY_HEADERS] },
      // API responses are data and get a strict policy. REST routes set it themselves
      // (app/api/_lib/rest.ts); this covers what Next answers under /api on its own (the not-found
      // page for an unknown endpoint, 405s). It skips /api/report: a header set here reaches the
      // response before a route's own, and Next then drops the route's, but the report's HTML
      // needs its own policy (inline styles).
      { source: "/api/:path((?!report$).*)", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
