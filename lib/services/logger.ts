/** Minimal structured logger. Messages pass through `scrubSecrets` so keys never reach logs. */
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SECRET_PATTERNS: RegExp[] = [
  /(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',]+/gi,
  /\b(sk|ak|ep-key|cg)[-_][A-Za-z0-9_-]{8,}/g,
  /(api[_-]?key["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /(password["']?\s*[:=]\s*["']?)[^\s"',]+/gi,
  /(postgres(?:ql)?:\/\/[^:/\s]+:)[^@\s]+@/gi,
];

/** Extra literal secrets (configured keys) registered at start. */
const literalSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) literalSecrets.add(value);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const s of literalSecrets) out = out.split(s).join("***");
  for (const p of SECRET_PATTERNS) out = out.replace(p, (_m, prefix: string | undefined) => `${typeof prefix === "string" ? prefix : ""}***`);
  return out;
}

export function createLogger(level: LogLevel = "info"): Logger {
  const min = ORDER[level];
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < min) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields });
    const safe = scrubSecrets(line);
    if (lvl === "error" || lvl === "warn") process.stderr.write(safe + "\n");
    else process.stdout.write(safe + "\n");
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
