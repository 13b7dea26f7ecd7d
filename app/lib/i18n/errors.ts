import { ERROR_CODES, isErrorCode } from "../../../lib/errors/registry";
import type { Lang } from "./messages";

/**
 * Error text by code for the dashboard. The registry (lib/errors/registry.ts) is a plain data
 * table with no imports, so the browser bundle reads the same zh/en texts the server registered.
 */
export interface ApiErrorEntry {
  message: string;
  /** `extensions.code` (GraphQL) or `error.code` (REST). */
  code?: string;
  /** The input field named by the server, e.g. `filter.search`. */
  field?: string;
  /** Internal errors carry the id the server logged them under. */
  requestId?: string;
}

// Server messages are written "中文 (english)": parenthesised parts with Latin letters and no Chinese
// are the English text, the rest is the Chinese text.
const ENGLISH_PART = /\s*[(（]([^()（）\u3400-\u9fff]*[A-Za-z][^()（）\u3400-\u9fff]*)[)）]/g;

/** The viewer's half of a "中文 (english)" message; the whole message when it is not written that way. */
export function localizedMessage(message: string, lang: Lang): string {
  const text = message.trim();
  const english = [...text.matchAll(ENGLISH_PART)].map((m) => m[1]!.trim());
  if (english.length === 0) return text;
  if (lang === "en") return english.join("; ");
  return text.replace(ENGLISH_PART, "").replace(/\s+([,，。；:：])/g, "$1").trim();
}

/**
 * One line for an API error in the viewer's language: the registered text of its code, then the
 * detail the server is allowed to show (the field and the limit). An unknown code, or none, shows
 * the server's own message; an internal error shows only the generic text and its request id.
 */
export function errorText(entry: ApiErrorEntry, lang: Lang): string {
  if (!entry.code || !isErrorCode(entry.code)) return localizedMessage(entry.message, lang) || entry.message;
  const spec = ERROR_CODES[entry.code];
  const title = lang === "en" ? spec.en : spec.zh;
  if (!spec.expose) return entry.requestId ? `${title} (${lang === "en" ? "request" : "请求"} ${entry.requestId})` : title;
  let detail = localizedMessage(entry.message, lang);
  // The English half often leaves the field out ("at most 64 characters"): name it.
  if (entry.field && !detail.includes(entry.field)) detail = detail ? `${entry.field}: ${detail}` : entry.field;
  if (!detail || detail === title) return title;
  return `${title}${lang === "en" ? ": " : "："}${detail}`;
}

/** Every error of a response as one line each, joined. */
export function errorsText(entries: readonly ApiErrorEntry[], lang: Lang): string {
  return [...new Set(entries.map((e) => errorText(e, lang)))].join(lang === "en" ? "; " : "；");
}
