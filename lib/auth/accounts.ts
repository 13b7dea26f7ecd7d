import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, ne } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiTokens, sessions, users, type ApiTokenRow, type UserRow } from "../../db/schema";
import { checkPasswordPolicy, dummyHash, hashPassword, verifyPassword } from "./password";
import { API_TOKEN_PREFIX, newSecret, SESSION_PREFIX, SESSION_TTL_MS, sha256 } from "./tokens";
import { AppError } from "../errors/app-error";

export type RoleCode = "viewer" | "analyst" | "admin";
/** Lowest to highest: each role may do everything the ones before it may. */
export const ROLES: readonly RoleCode[] = ["viewer", "analyst", "admin"];

/** Whether a caller with role `has` may do what needs role `needs` (names compared case-insensitively). */
export function roleAtLeast(has: string, needs: string): boolean {
  const rank = (r: string) => ROLES.indexOf(r.toLowerCase() as RoleCode);
  return rank(has) >= rank(needs) && rank(needs) >= 0;
}

export interface Principal {
  id: string;
  email: string;
  role: RoleCode;
  /** 'cli': a command run on the server by its operator (npm run cli). */
  via: "session" | "token" | "cli";
  /** Sessions only: the account still has the one-time password and may do nothing else first. */
  mustChangePassword?: boolean;
  /** Sessions only: SHA-256 of the session token, so a password change can keep this session. */
  sessionKey?: string;
}

export class AuthInputError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "AuthInputError";
  }
}

const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

export async function createUser(db: Db, input: { email: string; password: string; role: RoleCode }): Promise<UserRow> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_RE.test(email)) throw new AuthInputError("email", "邮箱格式不正确 (invalid email)");
  if (!ROLES.includes(input.role)) throw new AuthInputError("role", "角色必须是 viewer、analyst 或 admin");
  const policy = checkPasswordPolicy(input.password);
  if (policy) throw new AuthInputError("password", policy);
  const existing = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (existing.length) throw new AuthInputError("email", "该邮箱已存在 (email already registered)");
  const [row] = await db.insert(users).values({ email, passwordHash: await hashPassword(input.password), role: input.role }).returning();
  return row!;
}

/**
 * First start: make sure an admin exists. With ADMIN_EMAIL/ADMIN_PASSWORD it is created from
 * them; otherwise a one-time password is generated and returned so the caller can print it.
 */
export async function ensureAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<{ created: boolean; email: string; oneTimePassword?: string }> {
  const admins = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.role, "admin")).limit(1);
  if (admins.length) return { created: false, email: admins[0]!.email };
  const adminEmail = (email ?? "admin@localhost.local").toLowerCase();
  const oneTime = password ? undefined : randomBytes(12).toString("base64url");
  const admin = await createUser(db, { email: adminEmail, password: password ?? oneTime!, role: "admin" });
  // A password that went through the console (and maybe a log collector) must be replaced.
  if (oneTime) await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, admin.id));
  return { created: true, email: adminEmail, oneTimePassword: oneTime };
}

export interface UserUpdate {
  role?: RoleCode;
  disabled?: boolean;
  /** A new password set by an admin: the user must replace it at the next sign-in. */
  password?: string;
}

/**
 * An admin changes another account: role, disabled, or a password reset. Disabling and
 * resetting end the account's sessions at once; a new role applies to the next request. The last enabled admin can be neither disabled
 * nor demoted, so the deployment never locks itself out.
 */
export async function updateUser(db: Db, userId: number, change: UserUpdate): Promise<UserRow | null> {
  if (change.role !== undefined && !ROLES.includes(change.role)) throw new AuthInputError("role", "角色必须是 viewer、analyst 或 admin");
  if (change.password !== undefined) {
    const policy = checkPasswordPolicy(change.password);
    if (policy) throw new AuthInputError("password", policy);
  }
  const hash = change.password === undefined ? undefined : await hashPassword(change.password);
  const updated = await db.transaction(async (tx) => {
    // Row locks on every admin serialise two admins demoting each other at the same moment.
    const admins = await tx.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false))).for("update");
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).limit(1);
    if (!user) return null;
    const losesAdmin = user.role === "admin" && !user.disabled && (change.disabled === true || (change.role !== undefined && change.role !== "admin"));
    if (losesAdmin && admins.length <= 1) {
      throw new AuthInputError(change.disabled === true ? "disabled" : "role", "不能停用或降级最后一个管理员 (the last enabled admin cannot be disabled or demoted)");
    }
    const [row] = await tx
      .update(users)
      .set({
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
        ...(hash !== undefined ? { passwordHash: hash, mustChangePassword: true, passwordChangedAt: new Date() } : {}),
      })
      .where(eq(users.id, userId))
      .returning();
    // A role change needs no new sign-in: every request reads the role afresh (cache cleared below).
    if (change.disabled === true || hash !== undefined) await tx.delete(sessions).where(eq(sessions.userId, userId));
    return row!;
  });
  forgetAllPrincipals();
  return updated;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** Checks credentials; the same work is done whether or not the account exists. */
export async function login(db: Db, email: string, password: string): Promise<{ token: string; user: UserRow } | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  if (!user || !ok || user.disabled) return null;
  const token = newSecret(SESSION_PREFIX);
  await db.insert(sessions).values({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_TTL_MS) });
  return { token, user };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
  forgetPrincipal(token);
}

/**
 * Every request authenticates; a short-lived cache of recent answers keeps that off the
 * database on busy dashboards. Logout and revocation in this process clear it at once; other
 * instances see them within PRINCIPAL_TTL_MS.
 */
const PRINCIPAL_TTL_MS = 5_000;
const principalCache = new Map<string, { at: number; value: Principal | null }>();

function forgetPrincipal(token: string): void {
  principalCache.delete(sha256(token));
}

async function cachedPrincipal(token: string, load: () => Promise<Principal | null>): Promise<Principal | null> {
  const key = sha256(token);
  const hit = principalCache.get(key);
  if (hit && Date.now() - hit.at < PRINCIPAL_TTL_MS) return hit.value;
  const value = await load();
  principalCache.set(key, { at: Date.now(), value });
  if (principalCache.size > 10_000) principalCache.delete(principalCache.keys().next().value as string);
  return value;
}

/** Revoking clears every cached answer (the token itself is not known here, only its id). */
function forgetAllPrincipals(): void {
  principalCache.clear();
}

export async function principalFromSession(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 100) return null;
  return cachedPrincipal(token, () => loadSessionPrincipal(db, token));
}

async function loadSessionPrincipal(db: Db, token: string): Promise<Principal | null> {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled, mustChangePassword: users.mustChangePassword })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row || row.disabled) return null;
  return {
    id: `user:${row.id}`,
    email: row.email,
    role: row.role as RoleCode,
    via: "session",
    mustChangePassword: row.mustChangePassword,
    sessionKey: sha256(token),
  };
}

/**
 * A signed-in user replaces their password. The current password is required (a session left
 * open on a shared desk must not be enough); every other session of the account ends, this
 * one stays.
 */
export async function changePassword(db: Db, who: Pick<Principal, "id" | "via" | "sessionKey">, input: { currentPassword: string; newPassword: string }): Promise<UserRow> {
  const userId = who.via === "session" ? Number(who.id.replace(/^user:/, "")) : NaN;
  if (!Number.isInteger(userId) || !who.sessionKey) throw new AuthInputError("currentPassword", "API 令牌不能修改密码，请登录后修改 (sign in to change a password)");
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || user.disabled) throw new AuthInputError("currentPassword", "账号不存在或已停用 (account not found or disabled)");
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) throw new AuthInputError("currentPassword", "当前密码不正确 (current password is wrong)");
  const policy = checkPasswordPolicy(input.newPassword);
  if (policy) throw new AuthInputError("newPassword", policy);
  if (input.newPassword === input.currentPassword) throw new AuthInputError("newPassword", "新密码不能与当前密码相同 (new password must differ)");
  const hash = await hashPassword(input.newPassword);
  const updated = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(users)
      .set({ passwordHash: hash, mustChangePassword: false, passwordChangedAt: new Date() })
      .where(eq(users.id, userId))
      .returning();
    await tx.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, who.sessionKey!)));
    return row!;
  });
  forgetAllPrincipals();
  return updated;
}

export async function createApiToken(db: Db, input: { name: string; role: RoleCode; createdBy: string }): Promise<{ token: string; row: ApiTokenRow }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80) throw new AuthInputError("name", "名称长度 1–80 个字符 (name must be 1..80 characters)");
  if (!ROLES.includes(input.role)) throw new AuthInputError("role", "角色必须是 viewer、analyst 或 admin");
  const token = newSecret(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({ name, role: input.role, createdBy: input.createdBy, tokenHash: sha256(token), prefix: token.slice(0, 10) })
    .returning();
  return { token, row: row! };
}

export async function revokeApiToken(db: Db, id: number): Promise<ApiTokenRow | null> {
  const [row] = await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
  forgetAllPrincipals();
  return row ?? null;
}

const LAST_USED_EVERY_MS = 60_000;
const lastUsedWritten = new Map<number, number>();

export async function principalFromApiToken(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
  return cachedPrincipal(token, () => loadTokenPrincipal(db, token));
}

async function loadTokenPrincipal(db: Db, token: string): Promise<Principal | null> {
  const [row] = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return null;
  // Best effort and at most once a minute per token: a failed or skipped timestamp update must
  // not fail or slow the request.
  const now = Date.now();
  if (now - (lastUsedWritten.get(row.id) ?? 0) >= LAST_USED_EVERY_MS) {
    lastUsedWritten.set(row.id, now);
    db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id)).catch(() => {});
  }
  return { id: `token:${row.id}`, email: `token:${row.name}`, role: row.role as RoleCode, via: "token" };
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(users.id);
}

export async function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).orderBy(apiTokens.id);
}
