import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "../../db/schema";
import { createApiToken as create, findUserByEmail, firstAdmin, ROLES, TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX } from "../auth/accounts";
import { AppError } from "../errors/app-error";
import type { Actor } from "./action";
import { defineAction } from "./action";
import type { Db } from "../../db/client";

/**
 * The account a new token acts for: the signed-in admin (a token's own owner when a token
 * creates one); on the CLI the account named by --owner, else the first enabled admin.
 */
async function ownerFor(db: Db, actor: Actor, ownerEmail: string | undefined) {
  if (actor.via === "cli") {
    if (ownerEmail !== undefined) {
      const u = await findUserByEmail(db, ownerEmail);
      if (!u) throw new AppError("NOT_FOUND", `账号 ${ownerEmail} 不存在 (no such account for --owner)`, { field: "owner" });
      return u;
    }
    const admin = await firstAdmin(db);
    if (!admin) throw new AppError("FAILED_PRECONDITION", "没有启用的管理员账号，请用 --owner 指定令牌所属账号 (no enabled admin; name the owner with --owner)", { field: "owner" });
    return admin;
  }
  if (ownerEmail !== undefined) throw new AppError("BAD_USER_INPUT", "令牌属于创建它的账号；owner 只能在命令行中指定 (owner is set by the CLI only)", { field: "owner" });
  const [u] = actor.userId === undefined ? [] : await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!u) throw new AppError("UNAUTHENTICATED", "找不到当前登录的账号 (the signed-in account no longer exists)");
  return u;
}

/** A new API token owned by an account, with an expiry; its secret is returned once and only its hash is stored. */
export const createApiToken = defineAction({
  name: "create_api_token",
  policy: { role: "admin" },
  input: z
    .object({
      name: z.string().max(100),
      role: z.enum(ROLES, { error: "role 必须是 viewer、analyst 或 admin" }),
      expiresInDays: z
        .number()
        .int(`expiresInDays 必须是整数 (an integer)`)
        .min(1, `expiresInDays 至少 1 天 (at least 1)`)
        .max(TOKEN_DAYS_MAX, `expiresInDays 最多 ${TOKEN_DAYS_MAX} 天 (at most ${TOKEN_DAYS_MAX})`)
        .default(TOKEN_DAYS_DEFAULT),
      owner: z.string().max(254).optional(),
    })
    .strict(),
  async run(ctx, input) {
    const { db } = ctx.services;
    const owner = await ownerFor(db, ctx.actor!, input.owner);
    const r = await create(db, { name: input.name, role: input.role, expiresInDays: input.expiresInDays, owner, createdBy: ctx.actor!.email });
    await ctx.audit(db, {
      target: `api_token:${r.row.id}`,
      details: { name: r.row.name, role: r.row.role, owner: owner.email, expiresAt: r.row.expiresAt?.toISOString() ?? null },
    });
    return r;
  },
});
