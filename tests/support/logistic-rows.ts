import { Random } from "../../lib/data/random";

export interface LogisticRowsOptions {
  n: number;
  cols: number;
  seed: number;
  /** Weights of columns 0 and 1 (centred at 5) in the signal. */
  weights: [number, number];
  /** Width of the uniform noise added to the signal: the larger, the sooner early stopping ends a run. */
  noise: number;
  /** Label 1 where signal + noise exceeds this. */
  cut: number;
}

/**
 * Rows for training tests: values 0–10 in steps of 0.01, 5% of cells missing (−1, the way the
 * feature matrix marks them), labels from a noisy logistic signal on the first two columns.
 */
export function logisticRows(o: LogisticRowsOptions): { X: Float64Array; y: Uint8Array } {
  const rng = new Random(o.seed);
  const X = new Float64Array(o.n * o.cols);
  const y = new Uint8Array(o.n);
  for (let i = 0; i < o.n; i++) {
    const row = i * o.cols;
    for (let j = 0; j < o.cols; j++) X[row + j] = rng.next() < 0.05 ? -1 : Math.round(rng.next() * 1000) / 100;
    const z = (X[row]! - 5) * o.weights[0] - (X[row + 1]! - 5) * o.weights[1] + (rng.next() - 0.5) * o.noise;
    y[i] = z > o.cut ? 1 : 0;
  }
  return { X, y };
}
