/**
 * Formula-injection defences for exported spreadsheets. Customer fields and LLM text are
 * untrusted: a cell that starts with one of these characters is read by Excel / WPS /
 * LibreOffice as a formula (or as DDE) when typed in or opened from CSV.
 */
const FORMULA_TRIGGERS = new Set(["=", "+", "-", "@", "\t", "\r"]);

export function looksLikeFormula(text: string): boolean {
  return text.length > 0 && FORMULA_TRIGGERS.has(text[0]);
}

// XML 1.0 forbids these; an xlsx containing one will not open.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function stripXmlInvalid(text: string): string {
  return text.replace(XML_INVALID, "");
}

/** A CSV field: text that could start a formula gets a leading apostrophe; quoting per RFC 4180. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = looksLikeFormula(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
