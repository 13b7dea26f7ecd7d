import { desc } from "drizzle-orm";
import { auditLog, type ApiTokenRow, type UserRow } from "../../db/schema";
import { AuthInputError, createApiToken, createUser, listApiTokens, listUsers, revokeApiToken, updateUser, type RoleCode } from "../../lib/auth/accounts";
import { audit } from "../../lib/services/audit";
import { type GraphQLContext, requireRole } from "../context";
import { badInput, intInRange, notFound } from "../errors";
import type { ApiToken, MutationResolvers, QueryResolvers, Role, User } from "../generated/resolvers-types";

const role = (r: string): Role => r.toUpperCase() as Role;
const roleCode = (r: Role): RoleCode => r.toLowerCase() as RoleCode;

const toUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  role: role(u.role),
  disabled: u.disabled,
  mustChangePassword: u.mustChangePassword,
  passwordChangedAt: u.passwordChangedAt,
  createdAt: u.createdAt,
});

const toToken = (t: ApiTokenRow): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: role(t.role),
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

function authError(e: unknown): never {
  if (e instanceof AuthInputError) throw badInput(`input.${e.field}`, e.message);
  throw e;
}

export const AdminQuery: Pick<QueryResolvers<GraphQLContext>, "users" | "apiTokens" | "auditLog"> = {
  users: async (_p, _a, ctx) => {
    requireRole(ctx, "ADMIN");
    return (await listUsers(ctx.services.db)).map(toUser);
  },
  apiTokens: async (_p, _a, ctx) => {
    requireRole(ctx, "ADMIN");
    return (await listApiTokens(ctx.services.db)).map(toToken);
  },
  auditLog: async (_p, args, ctx) => {
    requireRole(ctx, "ADMIN");
    const limit = intInRange("limit", args.limit ?? 50, 1, 500) ?? 50;
    const rows = await ctx.services.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
    return rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, target: r.target, details: r.details }));
  },
};

export const AdminMutation: Pick<MutationResolvers<GraphQLContext>, "createUser" | "updateUser" | "createApiToken" | "revokeApiToken"> = {
  createUser: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    try {
      const u = await createUser(ctx.services.db, { email: args.input.email, password: args.input.password, role: roleCode(args.input.role) });
      await audit(ctx.services.db, v.email, "create_user", `user:${u.id}`, { email: u.email, role: u.role });
      return toUser(u);
    } catch (e) {
      authError(e);
    }
  },
  updateUser: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    const { role: newRole, disabled, password } = args.input;
    if (newRole == null && disabled == null && password == null) throw badInput("input", "至少指定 role、disabled 或 password 之一 (nothing to change)");
    try {
      const u = await updateUser(ctx.services.db, args.id, {
        ...(newRole != null ? { role: roleCode(newRole) } : {}),
        ...(disabled != null ? { disabled } : {}),
        ...(password != null ? { password } : {}),
      });
      if (!u) throw notFound("user", args.id);
      // Never the password itself, only that it was reset.
      await audit(ctx.services.db, v.email, "update_user", `user:${u.id}`, { role: newRole ?? undefined, disabled: disabled ?? undefined, passwordReset: password != null });
      return toUser(u);
    } catch (e) {
      authError(e);
    }
  },
  createApiToken: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    try {
      const { token, row } = await createApiToken(ctx.services.db, { name: args.input.name, role: roleCode(args.input.role), createdBy: v.email });
      await audit(ctx.services.db, v.email, "create_api_token", `api_token:${row.id}`, { name: row.name, role: row.role });
      return { token, apiToken: toToken(row) };
    } catch (e) {
      authError(e);
    }
  },
  revokeApiToken: async (_p, args, ctx) => {
    const v = requireRole(ctx, "ADMIN");
    const row = await revokeApiToken(ctx.services.db, args.id);
    if (!row) throw notFound("apiToken", args.id);
    await audit(ctx.services.db, v.email, "revoke_api_token", `api_token:${row.id}`);
    return toToken(row);
  },
};
