/**
 * Covariate shift injected into a feature matrix, so tests and demos can show drift being caught:
 * value → value × multiply + add in chosen numeric features, for every row or a seeded share of
 * rows. Pure: returns a new matrix. Missing values stay missing, and results keep clear of
 * ml-xgboost's missing marker (−1) as engineered features do.
 */
import { FEATURES, featureIndex } from "../data/catalog";
import { notMissing } from "../data/features";
import { Random } from "../data/random";

export interface FeatureShift {
  /** Catalog key of a numeric feature. */
  feature: string;
  /** Default 1. */
  multiply?: number;
  /** Default 0; applied after multiply. */
  add?: number;
  /** Share of rows shifted, drawn with `seed` (default 1 = every row). */
  share?: number;
}

export class CovariateShiftError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "CovariateShiftError";
  }
}

export function applyCovariateShift(X: Float64Array, nCols: number, shifts: readonly FeatureShift[], seed = 1): Float64Array {
  if (nCols !== FEATURES.length) throw new CovariateShiftError("nCols", `nCols 必须是 ${FEATURES.length} (nCols must be ${FEATURES.length}), got ${nCols}`);
  if (X.length % nCols !== 0) throw new CovariateShiftError("X", `X 的长度 ${X.length} 不是 ${nCols} 的整数倍 (X length must be a multiple of nCols)`);
  const out = X.slice();
  const rows = X.length / nCols;
  shifts.forEach((s, k) => {
    const field = `shifts[${k}]`;
    let j: number;
    try {
      j = featureIndex(s.feature);
    } catch {
      throw new CovariateShiftError(`${field}.feature`, `未知特征 (unknown feature) ${s.feature}`);
    }
    if (FEATURES[j]!.categories) throw new CovariateShiftError(`${field}.feature`, `${s.feature} 是分类特征，不能按比例平移 (${s.feature} is categorical: codes cannot be scaled)`);
    const multiply = s.multiply ?? 1;
    const add = s.add ?? 0;
    const share = s.share ?? 1;
    if (!Number.isFinite(multiply)) throw new CovariateShiftError(`${field}.multiply`, `${field}.multiply 必须是有限数 (must be finite)`);
    if (!Number.isFinite(add)) throw new CovariateShiftError(`${field}.add`, `${field}.add 必须是有限数 (must be finite)`);
    if (!(share > 0 && share <= 1)) throw new CovariateShiftError(`${field}.share`, `${field}.share 必须在 (0, 1] 之间 (share must be in (0, 1]), got ${share}`);
    const rng = new Random(seed + k);
    for (let r = 0; r < rows; r++) {
      if (share < 1 && rng.next() >= share) continue;
      const i = r * nCols + j;
      const v = out[i]!;
      if (Number.isNaN(v)) continue;
      out[i] = notMissing(v * multiply + add);
    }
  });
  return out;
}
