import type { Db } from "../../db/client";
import { principalFromApiToken, principalFromSession, type Principal } from "./accounts";
import { SESSION_COOKIE } from "./tokens";

export function parseCookies(header: string | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

/** Who is calling: `Authorization: Bearer <api token or session token>` or the session cookie. */
export async function authenticate(db: Db, authorization: string | undefined | null, cookie: string | undefined | null): Promise<Principal | null> {
  const bearer = authorization && /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  if (bearer) return (await principalFromApiToken(db, bearer)) ?? (await principalFromSession(db, bearer));
  const session = parseCookies(cookie)[SESSION_COOKIE];
  return session ? principalFromSession(db, session) : null;
}
