import type { Translate } from "./LanguageProvider";
import { zh, type MessageKey } from "./messages";

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zh, key);
}

/** Training phases come from the API in lower case; unknown ones are shown as sent. */
export function phaseText(phase: string, t: Translate): string {
  const key = `phase_${phase.toLowerCase()}`;
  return isMessageKey(key) ? t(key) : phase;
}

export function statusText(status: string, t: Translate): string {
  const key = `status_${status}`;
  return isMessageKey(key) ? t(key) : status;
}
