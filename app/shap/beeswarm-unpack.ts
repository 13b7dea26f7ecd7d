/**
 * Decodes the packed beeswarm series the server sends (lib/ml/shap-packing.ts describes the
 * format): base64 Int16 SHAP values × shapStep, base64 bytes / 254 for the colour value, 255 =
 * missing (NaN). Browser-safe: atob and DataView only.
 */
const VALUE_BYTE_MAX = 254;
const VALUE_BYTE_MISSING = 255;

function bytesOf(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function unpackShap(shapInt16: string, shapStep: number): number[] {
  const b = bytesOf(shapInt16);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Array<number>(b.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true) * shapStep;
  return out;
}

export function unpackNormalizedValue(normalizedValueUint8: string): number[] {
  return Array.from(bytesOf(normalizedValueUint8), (byte) => (byte === VALUE_BYTE_MISSING ? NaN : byte / VALUE_BYTE_MAX));
}

export interface BeeswarmSeries {
  key: string;
  labelZh: string;
  labelEn: string;
  shap: number[];
  normalizedValue: number[];
}

export function unpackSeries(p: { key: string; labelZh: string; labelEn: string; shapStep: number; shapInt16: string; normalizedValueUint8: string }): BeeswarmSeries {
  return { key: p.key, labelZh: p.labelZh, labelEn: p.labelEn, shap: unpackShap(p.shapInt16, p.shapStep), normalizedValue: unpackNormalizedValue(p.normalizedValueUint8) };
}
