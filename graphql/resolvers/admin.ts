import { desc } from "drizzle-orm";
import { auditLog, type UserRow } from "../../db/schema";
import * as actions from "../../lib/actions";
import { listApiTokens, listUsers, type ApiTokenListRow, type RoleCode } from "../../lib/auth/accounts";
import { act, requireRole } from "../context";
import { intInRange } from "../errors";
import type { ApiToken, Resolvers, Role, User } from "../generated/resolvers-types";

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

const toToken = (t: ApiTokenListRow): ApiToken => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: role(t.role),
  createdBy: t.createdBy,
  owner: t.ownerEmail,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});


/** Users, API tokens and the audit log (admin role). */
export const adminResolvers: Resolvers = {
  Query: {
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
  },
  Mutation: {
    createUser: async (_p, args, ctx) => toUser(await act(ctx, actions.createUser, { ...args.input, role: roleCode(args.input.role) })),
    updateUser: async (_p, args, ctx) => {
      const { role: newRole, disabled, password } = args.input;
      return toUser(
        await act(ctx, actions.updateUser, {
          id: args.id,
          ...(newRole != null ? { role: roleCode(newRole) } : {}),
          ...(disabled != null ? { disabled } : {}),
          ...(password != null ? { password } : {}),
        }),
      );
    },
    createApiToken: async (_p, args, ctx) => {
      const { name, role: tokenRole, expiresInDays } = args.input;
      const { token, row } = await act(ctx, actions.createApiToken, { name, role: roleCode(tokenRole), ...(expiresInDays != null ? { expiresInDays } : {}) });
      return { token, apiToken: toToken(row) };
    },
    revokeApiToken: async (_p, args, ctx) => toToken(await act(ctx, actions.revokeApiToken, { id: args.id }, "")),
  },
};
