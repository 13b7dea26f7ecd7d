import { createHash, randomBytes } from "node:crypto";

/** Opaque random secrets; only their SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export const SESSION_PREFIX = "cgs_";
export const API_TOKEN_PREFIX = "cgt_";
export const SESSION_COOKIE = "cg_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
