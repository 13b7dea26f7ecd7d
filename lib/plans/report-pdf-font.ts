import { existsSync } from "node:fs";

/**
 * The CJK font the report PDF embeds (subsetted). PDF viewers have no font for Chinese unless the
 * file carries one, and this product runs without network, so the font comes from the machine:
 * REPORT_PDF_FONT (a path, optionally `#PostScriptName` for a .ttc collection), else the first of
 * the Debian/Ubuntu font packages found (fonts-wqy-microhei is installed by scripts/setup-system.sh).
 */
export interface PdfFontFile {
  path: string;
  /** The face inside a .ttc collection (its PostScript name); a single-font file needs none. */
  face?: string;
}

const CANDIDATES: readonly PdfFontFile[] = [
  { path: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", face: "WenQuanYiMicroHei" },
  { path: "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", face: "WenQuanYiZenHei" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", face: "NotoSansCJKsc-Regular" },
  { path: "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf" },
  { path: "/usr/share/fonts/truetype/arphic/uming.ttc", face: "AR-PLUMingCN-Light" },
];

/** The font to embed, or null when the machine has none (the caller says how to install one). */
export function findCjkFont(env: Record<string, string | undefined> = process.env): PdfFontFile | null {
  const configured = env.REPORT_PDF_FONT?.trim();
  if (configured) {
    const [path, face] = configured.split("#", 2) as [string, string | undefined];
    return existsSync(path) ? { path, ...(face ? { face } : {}) } : null;
  }
  return CANDIDATES.find((c) => existsSync(c.path)) ?? null;
}
