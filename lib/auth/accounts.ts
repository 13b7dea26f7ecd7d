import { randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { apiTokens, sessions, users, type ApiTokenRow, type UserRow } from "../../db/schema";
import { checkPasswordPolicy, dummyHash, hashPassword, verifyPassword } from "./password";
import { API_TOKEN_PREFIX, newSecret, SESSION_PREFIX, SESSION_TTL_MS, sha256 } from "./tokens";
import { AppError } from "../errors/app-error";
import { TtlCache } from "../cache/ttl-cache";

export type RoleCode = "viewer" | "analyst" | "admin";
/** Lowest to highest: each role may do everything the ones before it may. */
export const ROLES: readonly RoleCode[] = ["viewer", "analyst", "admin"];

/** The lower of two roles: what a token may do when its owner's role fell below the token's. */
export function minRole(a: RoleCode, b: RoleCode): RoleCode {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

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
  /** The account behind a session or a token (tokens act for their owner). */
  userId?: number;
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
  if (change.password !== undefined) {
    const [current] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
    if (current && (await verifyPassword(change.password, current.passwordHash))) {
      throw new AuthInputError("password", "新密码不能与该账号当前的密码相同 (the new password must differ from the current one)");
    }
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
  forgetAllPrincipals(db);
  return updated;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** The first enabled admin (lowest id): the owner of CLI tokens created without --owner. */
export async function firstAdmin(db: Db): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(and(eq(users.role, "admin"), eq(users.disabled, false))).orderBy(asc(users.id)).limit(1);
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
  forgetPrincipal(db, token);
}

/**
 * Every request authenticates; a short-lived cache of recent answers keeps that off the
 * database on busy dashboards. Logout and revocation in this process clear it at once; other
 * instances see them within PRINCIPAL_TTL_MS.
 */
const PRINCIPAL_TTL_MS = 5_000;
const LAST_USED_EVERY_MS = 60_000;
interface CachedPrincipal {
  value: Principal | null;
  /** When the credential itself ends (token expiry): a cached answer never outlives it. */
  until?: number;
}

/** What this process remembers about one database's credentials. */
class CredentialMemo {
  readonly principals = new TtlCache<string, CachedPrincipal>(PRINCIPAL_TTL_MS, 10_000);
  /**
   * Bumped by every forget: an answer loaded before a logout or revocation and returned after
   * it must not be cached, or the revoked credential would keep working until it expires.
   */
  generation = 0;
  /** Tokens whose last_used_at was written within the last minute. */
  readonly lastUsedWritten = new TtlCache<number, true>(LAST_USED_EVERY_MS, 10_000);
}

/**
 * Keyed by the database handle, not held by AppServices: the memo answers only for the database
 * it was read from (a principal of one database never answers for another), and every write
 * that must clear it (logout, password change, account change, revocation) is a function here
 * that receives only that handle — from actions, the CLI and tests alike — so no caller can
 * forget to pass the cache. Servers on the same database share it, which is correct. Callers
 * pass the handle itself, never a transaction (a transaction would get a memo of its own).
 */
const credentialMemos = new WeakMap<Db, CredentialMemo>();

function memoOf(db: Db): CredentialMemo {
  let m = credentialMemos.get(db);
  if (!m) {
    m = new CredentialMemo();
    credentialMemos.set(db, m);
  }
  return m;
}

function forgetPrincipal(db: Db, token: string): void {
  const m = memoOf(db);
  m.generation++;
  m.principals.delete(sha256(token));
}

async function cachedPrincipal(db: Db, token: string, load: () => Promise<CachedPrincipal>): Promise<Principal | null> {
  const memo = memoOf(db);
  const cache = memo.principals;
  const key = sha256(token);
  const hit = cache.get(key);
  if (hit) return hit.until !== undefined && hit.until <= Date.now() ? null : hit.value;
  const generation = memo.generation;
  const loaded = await load();
  // Something was forgotten while this loaded: the answer may predate it, so it is not kept.
  if (memo.generation !== generation) return loaded.value === null ? null : (await load()).value;
  return cache.set(key, loaded).value;
}

/** Revoking clears every cached answer (the token itself is not known here, only its id). */
function forgetAllPrincipals(db: Db): void {
  const m = memoOf(db);
  m.generation++;
  m.principals.clear();
}

export async function principalFromSession(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 100) return null;
  return cachedPrincipal(db, token, () => loadSessionPrincipal(db, token));
}

async function loadSessionPrincipal(db: Db, token: string): Promise<{ value: Principal | null; until?: number }> {
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role, disabled: users.disabled, mustChangePassword: users.mustChangePassword })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date())))
    .limit(1);
  if (!row || row.disabled) return { value: null };
  return {
    value: {
      id: `user:${row.id}`,
      email: row.email,
      role: row.role as RoleCode,
      via: "session",
      mustChangePassword: row.mustChangePassword,
      sessionKey: sha256(token),
      userId: row.id,
    },
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
  forgetAllPrincipals(db);
  return updated;
}

/** A token as listed: with its owner's email (null for a token from before tokens had owners). */
export type ApiTokenListRow = ApiTokenRow & { ownerEmail: string | null };

export const TOKEN_DAYS_DEFAULT = 90;
export const TOKEN_DAYS_MAX = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface NewApiToken {
  name: string;
  role: RoleCode;
  createdBy: string;
  /** The account the token acts for; it may not be given more than this account's role. */
  owner: Pick<UserRow, "id" | "email" | "role" | "disabled">;
  /** 1..365, default 90. */
  expiresInDays?: number;
}

export async function createApiToken(db: Db, input: NewApiToken): Promise<{ token: string; row: ApiTokenListRow }> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 80) throw new AuthInputError("name", "名称长度 1–80 个字符 (name must be 1..80 characters)");
  if (!ROLES.includes(input.role)) throw new AuthInputError("role", "角色必须是 viewer、analyst 或 admin");
  const days = input.expiresInDays ?? TOKEN_DAYS_DEFAULT;
  if (!Number.isInteger(days) || days < 1 || days > TOKEN_DAYS_MAX) {
    throw new AuthInputError("expiresInDays", `有效期须为 1 到 ${TOKEN_DAYS_MAX} 天的整数 (expiresInDays must be an integer in 1..${TOKEN_DAYS_MAX})`);
  }
  if (input.owner.disabled) throw new AuthInputError("owner", `账号 ${input.owner.email} 已停用，不能拥有令牌 (the owner account is disabled)`);
  if (!roleAtLeast(input.owner.role, input.role)) {
    throw new AuthInputError("role", `令牌角色不能高于其所属账号 ${input.owner.email} 的角色 ${input.owner.role} (a token cannot have more rights than its owner)`);
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({
      name,
      role: input.role,
      createdBy: input.createdBy,
      userId: input.owner.id,
      expiresAt: new Date(Date.now() + days * DAY_MS),
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
    })
    .returning();
  return { token, row: { ...row!, ownerEmail: input.owner.email } };
}

/** Revoking an already revoked token keeps its first revocation time (and answers with the row). */
export async function revokeApiToken(db: Db, id: number): Promise<ApiTokenListRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(eq(apiTokens.id, id))
    .returning();
  forgetAllPrincipals(db);
  if (!row) return null;
  const [owner] = row.userId === null ? [] : await db.select({ email: users.email }).from(users).where(eq(users.id, row.userId));
  return { ...row, ownerEmail: owner?.email ?? null };
}

export async function principalFromApiToken(db: Db, token: string): Promise<Principal | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 100) return null;
  return cachedPrincipal(db, token, () => loadTokenPrincipal(db, token));
}

/**
 * A token works while it is not revoked, not expired, and its owner exists and is enabled; it
 * acts with the lower of its own role and the owner's current one. Ownerless tokens (from
 * before tokens had owners) never work.
 */
async function loadTokenPrincipal(db: Db, token: string): Promise<{ value: Principal | null; until?: number }> {
  const [found] = await db
    .select({ token: apiTokens, ownerRole: users.role, ownerId: users.id })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        eq(users.disabled, false),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
      ),
    )
    .limit(1);
  if (!found) return { value: null };
  const row = found.token;
  // Best effort and at most once a minute per token: a failed or skipped timestamp update must
  // not fail or slow the request.
  const written = memoOf(db).lastUsedWritten;
  if (!written.get(row.id)) {
    written.set(row.id, true);
    db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id)).catch(() => {});
  }
  return {
    value: { id: `token:${row.id}`, email: `token:${row.name}`, role: minRole(row.role as RoleCode, found.ownerRole as RoleCode), via: "token", userId: found.ownerId },
    until: row.expiresAt?.getTime(),
  };
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(users.id);
}

export async function listApiTokens(db: Db): Promise<ApiTokenListRow[]> {
  const rows = await db.select({ token: apiTokens, ownerEmail: users.email }).from(apiTokens).leftJoin(users, eq(users.id, apiTokens.userId)).orderBy(apiTokens.id);
  return rows.map((r) => ({ ...r.token, ownerEmail: r.ownerEmail }));
}
