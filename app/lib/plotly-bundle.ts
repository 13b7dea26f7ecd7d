/**
 * The dashboard's own Plotly: plotly.js core (which carries the scatter trace, axes, colorbar,
 * legend, hover and the toolbar) plus only the trace types the pages draw. The full dist bundle
 * (~4.6 MB, ~1.4 MB gzip) carried 3D, maps, WebGL, sankey… that no page uses; this one is about a
 * third of that. A page that needs another trace type adds its module to PLOTLY_TRACES.
 *
 * The plotly.js sources are CommonJS without types, hence the local declarations below and the
 * module shims in app/types/plotly.d.ts. Imported lazily by PlotlyChart only, so it never lands
 * in a page's first-load JS.
 */
import Plotly from "plotly.js/lib/core";
import bar from "plotly.js/lib/bar";
import heatmap from "plotly.js/lib/heatmap";
import waterfall from "plotly.js/lib/waterfall";
import { PLOTLY_BUNDLE_TAG } from "./plotly-tag";

/** Trace types this bundle draws, besides core's scatter (tests check the pages use no other). */
export const PLOTLY_TRACE_TYPES = ["scatter", "bar", "heatmap", "waterfall"] as const;

Plotly.register([bar, heatmap, waterfall]);
// The server finds this chunk's hashed file name by this string, to preload it (plotly-chunk.ts).
(Plotly as unknown as { bundleTag?: string }).bundleTag = PLOTLY_BUNDLE_TAG;

export type PlotTrace = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;
export type PlotConfig = Record<string, unknown>;
export type PlotlyApi = typeof Plotly;

export default Plotly;
