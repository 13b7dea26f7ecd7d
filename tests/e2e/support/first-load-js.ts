import { gzipSync } from "node:zlib";

export interface FirstLoadJs {
  route: string;
  scripts: number;
  bytes: number;
  gzipBytes: number;
  /** True when a first-load script contains the Plotly bundle (it must not). */
  hasPlotly: boolean;
}

/**
 * The JS a route needs before it is interactive: every <script src> in its server HTML.
 * Next 16 no longer prints first-load sizes in `next build`, so they are measured here.
 */
export async function measureFirstLoadJs(baseUrl: string, route: string): Promise<FirstLoadJs> {
  const html = await (await fetch(new URL(route, baseUrl))).text();
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  const unique = [...new Set(srcs)];
  let bytes = 0;
  let gzipBytes = 0;
  let hasPlotly = false;
  for (const src of unique) {
    const body = Buffer.from(await (await fetch(new URL(src, baseUrl))).arrayBuffer());
    bytes += body.length;
    gzipBytes += gzipSync(body).length;
    if (body.includes("plotly.js") || body.includes("Plotly.react")) hasPlotly = true;
  }
  return { route, scripts: unique.length, bytes, gzipBytes, hasPlotly };
}

// Standalone: npx tsx tests/e2e/support/first-load-js.ts http://127.0.0.1:3000 / /model …
if (import.meta.url === `file://${process.argv[1]}`) {
  const [base = "http://127.0.0.1:3000", ...routes] = process.argv.slice(2);
  const list = routes.length ? routes : ["/", "/model", "/shap", "/customers", "/plans", "/login"];
  for (const r of list) {
    const m = await measureFirstLoadJs(base, r);
    console.log(`${m.route.padEnd(24)} ${m.scripts} scripts  ${(m.bytes / 1024).toFixed(1)} KiB  (${(m.gzipBytes / 1024).toFixed(1)} KiB gzip)  plotly=${m.hasPlotly}`);
  }
}
