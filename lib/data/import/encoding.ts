/**
 * Text encodings of uploaded CSV files. Brokerage exports come as UTF-8 (with or without a
 * BOM), GBK/GB18030 (Excel on Chinese Windows) or UTF-16 (Excel's "Unicode text", always with
 * a BOM there). A BOM decides; otherwise strict UTF-8 is tried, then UTF-16 without a BOM when
 * every other byte of ASCII text is zero, then GB18030 (a superset of GBK and GB2312).
 */

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

export interface DecodedText {
  encoding: TextEncoding;
  /** Whether the bytes started with a byte order mark (removed from `text`). */
  bom: boolean;
  text: string;
}

/** Zero bytes in this share of even (or odd) positions of the first KiB: UTF-16 of mostly ASCII text. */
const UTF16_ZERO_SHARE = 0.4;

function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros / pairs >= UTF16_ZERO_SHARE && evenZeros === 0) return "utf-16le";
  if (evenZeros / pairs >= UTF16_ZERO_SHARE && oddZeros === 0) return "utf-16be";
  return null;
}

export function detectEncoding(bytes: Uint8Array): { encoding: TextEncoding; bom: boolean } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { encoding: utf16, bom: false };
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { encoding: "utf-8", bom: false };
  } catch {
    return { encoding: "gb18030", bom: false };
  }
}

/** Decodes bytes in their detected encoding; the BOM is dropped. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const { encoding, bom } = detectEncoding(bytes);
  const body = bom ? bytes.subarray(encoding === "utf-8" ? 3 : 2) : bytes;
  // TextDecoder keeps a BOM only with ignoreBOM; it was stripped above so a second one is data.
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(body);
  return { encoding, bom, text };
}
