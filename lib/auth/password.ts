import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { createRequire } from "node:module";

/**
 * Password hashing with Node's built-in scrypt (memory-hard, OWASP-listed), parameters stored
 * with each hash so they can be raised later without invalidating old hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

let common: ReadonlySet<string> | undefined;

/**
 * The ~49,000 most common passwords of public breach lists, as shipped (and kept up to date) by
 * @zxcvbn-ts/language-common, lower-cased. Loaded on the first password that is set, not at
 * start: unpacking the list takes about a quarter of a second.
 */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const pkg = createRequire(import.meta.url)("@zxcvbn-ts/language-common") as { dictionary: Record<string, string[]> };
    common = new Set((pkg.dictionary["passwords-common"] ?? []).map((p) => p.toLowerCase()));
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

export function checkPasswordPolicy(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `密码至少 ${PASSWORD_MIN} 个字符 (password must be at least ${PASSWORD_MIN} characters)`;
  if (password.length > PASSWORD_MAX) return `密码最多 ${PASSWORD_MAX} 个字符 (password must be at most ${PASSWORD_MAX} characters)`;
  if (password.includes("\0")) return "密码不能包含 NUL 字符 (password must not contain NUL characters)";
  if (isCommonPassword(password)) return "该密码过于常见，容易被猜中，请换一个 (this password is among the most common ones; choose another)";
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 128 * N * R * 2 });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(keyB64, "base64");
  const N2 = Number(n);
  const R2 = Number(r);
  const key = await scrypt(password.slice(0, PASSWORD_MAX), Buffer.from(saltB64, "base64"), expected.length, {
    N: N2,
    r: R2,
    p: Number(p),
    maxmem: 128 * N2 * R2 * 2,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;
/** A hash of a random password, verified against when the account does not exist, so the answer takes equal time. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString("hex"));
  return dummy;
}
