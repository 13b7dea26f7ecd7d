import { Random } from "../data/random";

export interface SplitFractions {
  train: number;
  valid: number;
  /** The test share is what is left: 1 − train − valid. */
}

export interface DataSplit {
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
}

export const DEFAULT_SPLIT: SplitFractions = { train: 0.7, valid: 0.15 };

/**
 * Stratified, seeded train/validation/test split: each class is shuffled on its own and cut
 * at the same fractions, so all three parts keep the overall churn rate (± one row per class).
 * Indices within each part are sorted ascending so downstream order does not depend on the shuffle.
 */
export function stratifiedSplit(labels: ArrayLike<number>, seed: number, fractions: SplitFractions = DEFAULT_SPLIT): DataSplit {
  const { train: ft, valid: fv } = fractions;
  if (!(ft > 0 && fv >= 0 && ft + fv < 1)) {
    throw new Error(`划分比例无效 (invalid split): train ${ft}, valid ${fv}; 需要 train > 0, valid ≥ 0, train + valid < 1`);
  }
  const rng = new Random(seed);
  const byClass: number[][] = [[], []];
  for (let i = 0; i < labels.length; i++) byClass[labels[i]! > 0 ? 1 : 0]!.push(i);
  const parts: [number[], number[], number[]] = [[], [], []];
  for (const idx of byClass) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const t = idx[i]!;
      idx[i] = idx[j]!;
      idx[j] = t;
    }
    const nTrain = Math.round(idx.length * ft);
    const nValid = Math.round(idx.length * fv);
    // Plain loops: spreading a million indices into push() overflows the call stack.
    for (let k = 0; k < idx.length; k++) parts[k < nTrain ? 0 : k < nTrain + nValid ? 1 : 2].push(idx[k]!);
  }
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return { train: sorted(parts[0]), valid: sorted(parts[1]), test: sorted(parts[2]) };
}
