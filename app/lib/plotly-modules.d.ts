// Minimal typing for the plotly.js source modules app/lib/plotly-bundle.ts assembles (they ship no
// types): core exposes what PlotlyChart calls plus register(); a trace module is opaque.
declare module "plotly.js/lib/core" {
  type Obj = Record<string, unknown>;
  const Plotly: {
    react(root: HTMLElement, data: Obj[], layout?: Obj, config?: Obj): Promise<HTMLElement>;
    purge(root: HTMLElement): void;
    register(modules: unknown[]): void;
    Plots: { resize(root: HTMLElement): void };
    version: string;
  };
  export default Plotly;
}
declare module "plotly.js/lib/bar" {
  const traceModule: unknown;
  export default traceModule;
}
declare module "plotly.js/lib/heatmap" {
  const traceModule: unknown;
  export default traceModule;
}
declare module "plotly.js/lib/waterfall" {
  const traceModule: unknown;
  export default traceModule;
}
