// Minimal typing for the minified Plotly bundle: only what PlotlyChart calls.
declare module "plotly.js-dist-min" {
  export type PlotTrace = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export type PlotConfig = Record<string, unknown>;
  export function react(root: HTMLElement, data: PlotTrace[], layout?: PlotLayout, config?: PlotConfig): Promise<HTMLElement>;
  export function purge(root: HTMLElement): void;
  export const Plots: { resize(root: HTMLElement): void };
  const Plotly: {
    react: typeof react;
    purge: typeof purge;
    Plots: typeof Plots;
  };
  export default Plotly;
}
