import { headers } from "next/headers";
import { preload } from "react-dom";
import { plotlyChunkHref } from "../lib/plotly-chunk";

/**
 * On a chart page: `<link rel="preload">` for the Plotly chunk in the page's HTML, so its download
 * overlaps the page's scripts and data queries. Carries the response's script nonce (the policy
 * is 'strict-dynamic': a preload without it would be refused).
 */
export async function PreloadPlotly() {
  const href = plotlyChunkHref();
  if (!href) return null;
  const csp = (await headers()).get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  preload(href, { as: "script", nonce });
  return null;
}
