/**
 * Beeswarm samples packed for the wire (#16). As JSON floats, 29 features × 600 customers × two
 * arrays were ~540 KB of the SHAP page; packed they are ~1/9 of that raw and ~1/5 gzipped.
 *
 * - shap: Int16 little-endian, value = int × shapStep, with shapStep = max |shap| / 32767 per
 *   feature, so every value keeps ~4.5 significant digits of the feature's largest (far below a
 *   pixel on the chart).
 * - normalizedValue (0..1, for colour only): one byte, value = byte / 254; 255 marks a missing
 *   value (NaN).
 *
 * Both as base64 strings. The browser decodes with app/shap/beeswarm-unpack.ts.
 */

export const SHAP_INT16_MAX = 32767;
export const VALUE_BYTE_MAX = 254;
export const VALUE_BYTE_MISSING = 255;

export interface PackedSeries {
  shapStep: number;
  shapInt16: string;
  normalizedValueUint8: string;
}

/** Packs one feature's SHAP values and normalised feature values (same customers, same order). */
export function packSeries(shap: ArrayLike<number>, normalizedValue: ArrayLike<number>): PackedSeries {
  if (shap.length !== normalizedValue.length) {
    throw new RangeError(`shap and normalizedValue must have the same length, got ${shap.length} and ${normalizedValue.length}`);
  }
  const n = shap.length;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(shap[i]!);
    if (a > maxAbs && Number.isFinite(a)) maxAbs = a;
  }
  const shapStep = maxAbs > 0 ? maxAbs / SHAP_INT16_MAX : 1;
  const s = Buffer.alloc(2 * n);
  const v = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    const x = shap[i]!;
    s.writeInt16LE(Number.isFinite(x) ? Math.max(-SHAP_INT16_MAX, Math.min(SHAP_INT16_MAX, Math.round(x / shapStep))) : 0, 2 * i);
    const nv = normalizedValue[i]!;
    v[i] = nv === nv ? Math.round(Math.min(1, Math.max(0, nv)) * VALUE_BYTE_MAX) : VALUE_BYTE_MISSING;
  }
  return { shapStep, shapInt16: s.toString("base64"), normalizedValueUint8: v.toString("base64") };
}
