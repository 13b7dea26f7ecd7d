/** A string only the Plotly chunk contains, so the server can find that chunk's hashed file name (plotly-chunk.ts). */
export const PLOTLY_BUNDLE_TAG = "churn-guard:plotly-bundle";
