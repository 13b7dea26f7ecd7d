/**
 * Keeps secrets out of logs, errors and responses: the configured keys (registered at start)
 * and anything shaped like a credential (Authorization headers, bearer tokens, api keys,
 * passwords, passwords inside database URLs).
 */
const registered = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) registered.add(value);
}

const PATTERNS: [RegExp, string][] = [
  [/(authorization\s*["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',}]+/gi, "$1***"],
  [/bearer\s+[A-Za-z0-9._~+/=-]+/gi, "Bearer ***"],
  [/((?:api[-_]?key|apikey)\s*["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1***"],
  [/(password\s*["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1***"],
  [/(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi, "$1***@"],
  [/\b(sk|cgt|cgs)[-_][A-Za-z0-9_-]{8,}/g, "***"],
];

export function scrubSecrets(text: string, extra: readonly string[] = []): string {
  let out = text;
  for (const s of [...registered, ...extra]) if (s && s.length >= 4) out = out.split(s).join("***");
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
