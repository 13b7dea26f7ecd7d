import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { PLOTLY_BUNDLE_TAG } from "./plotly-tag";

/**
 * The URL of the production build's Plotly chunk (app/lib/plotly-bundle.ts), found once by the
 * tag string the bundle carries, or null (dev server, no build). Its name is a content hash only
 * the client runtime knows; a chart page names it in its HTML so the browser fetches the 370 KB
 * while the page's own scripts and data load, instead of after hydration (~2 s later on a
 * 1.6 Mbit/s link).
 */
let found: string | null | undefined;

export function plotlyChunkHref(): string | null {
  if (found !== undefined) return found;
  found = null;
  try {
    const dir = path.join(process.cwd(), ".next", "static", "chunks");
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(".js")) continue;
      if (readFileSync(path.join(dir, name), "latin1").includes(PLOTLY_BUNDLE_TAG)) {
        found = `/_next/static/chunks/${name}`;
        break;
      }
    }
  } catch {
    // No build output here (dev): charts still load Plotly on first use.
  }
  return found;
}
