/**
 * Fixed asset bands in 万元 (10,000 元): fixed rather than quantiles, so a band means the same on
 * every dataset and date and reads as a brokerage tiers its clients (<10万, 10–50万, 50–100万,
 * 100–500万, ≥500万). Lower bound inclusive, upper exclusive. Pure: the browser uses it too.
 */
export const ASSET_BAND_EDGES_WAN: readonly number[] = [10, 50, 100, 500];

export interface AssetBand {
  index: number;
  /** 元; null = unbounded. */
  minAssets: number | null;
  maxAssets: number | null;
  labelZh: string;
  labelEn: string;
}

export function assetBand(index: number): AssetBand {
  const lo = index === 0 ? null : ASSET_BAND_EDGES_WAN[index - 1]!;
  const hi = index >= ASSET_BAND_EDGES_WAN.length ? null : ASSET_BAND_EDGES_WAN[index]!;
  const labelZh = lo === null ? `<${hi}万` : hi === null ? `≥${lo}万` : `${lo}–${hi}万`;
  const en = (w: number) => (w >= 100 ? `${w / 100}M` : `${w * 10}k`);
  const labelEn = lo === null ? `< ¥${en(hi!)}` : hi === null ? `≥ ¥${en(lo)}` : `¥${en(lo)}–${en(hi!)}`;
  return { index, minAssets: lo === null ? null : lo * 10_000, maxAssets: hi === null ? null : hi * 10_000, labelZh, labelEn };
}

/** Every band, lowest first. */
export const ASSET_BANDS: readonly AssetBand[] = Array.from({ length: ASSET_BAND_EDGES_WAN.length + 1 }, (_, i) => assetBand(i));
