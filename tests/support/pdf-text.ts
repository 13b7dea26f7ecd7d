import { inflateSync } from "node:zlib";

/**
 * The text of a PDF as a reader extracts it: every text-showing operator's glyph codes mapped
 * through the fonts' ToUnicode CMaps (what copy-paste and search use), one line per operator.
 * Enough for the PDFs pdfkit writes with embedded (Identity-H) fonts; not a general parser.
 */
export function pdfText(bytes: Uint8Array): string {
  const raw = Buffer.from(bytes);
  const text = raw.toString("latin1");
  const streams: string[] = [];
  const re = /<<((?:(?!>>\s*stream)[\s\S])*)>>\s*stream\r?\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf("endstream", start);
    if (end < 0) break;
    const body = raw.subarray(start, end);
    try {
      streams.push((/\/FlateDecode/.test(m[1]!) ? inflateSync(body) : body).toString("latin1"));
    } catch {
      // an image or a font program that is not text: not needed here
    }
    re.lastIndex = end;
  }
  const map = new Map<number, string>();
  const utf16 = (hex: string) => Buffer.from(hex, "hex").swap16().toString("utf16le");
  for (const s of streams.filter((s) => s.includes("begincmap"))) {
    for (const [, block] of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, code, uni] of block!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(code!, 16), utf16(uni!));
    }
    for (const [, block] of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, dst] of block!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const from = parseInt(lo!, 16);
        const to = parseInt(hi!, 16);
        if (dst!.startsWith("[")) {
          [...dst!.matchAll(/<([0-9a-fA-F]+)>/g)].forEach(([, uni], i) => map.set(from + i, utf16(uni!)));
        } else {
          const base = parseInt(dst!.slice(1, -1), 16);
          for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(base + c - from));
        }
      }
    }
  }
  const lines: string[] = [];
  for (const s of streams.filter((s) => !s.includes("begincmap") && /T[jJ]/.test(s))) {
    for (const [, shown] of s.matchAll(/(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[jJ]/g)) {
      let line = "";
      for (const [, hex] of shown!.matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let i = 0; i + 4 <= hex!.length; i += 4) line += map.get(parseInt(hex!.slice(i, i + 4), 16)) ?? "\uFFFD";
      }
      lines.push(line);
    }
  }
  return lines.join("\n");
}
