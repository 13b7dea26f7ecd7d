import { roleAtLeast } from "../lib/auth/accounts";
import type { AppServices } from "../lib/services/app-services";
import type { Role } from "./generated/resolvers-types";
import { GraphQLError } from "graphql";

export interface Viewer {
  id: string;
  email: string;
  role: Role;
  /** 'session' (browser login) or 'token' (API token). */
  via: "session" | "token";
  /** The one-time first-start password is still in use: only `viewer` and `changePassword` answer. */
  mustChangePassword: boolean;
  /** Sessions only (see Principal.sessionKey). */
  sessionKey?: string;
}

export interface GraphQLContext {
  services: AppServices;
  viewer: Viewer | null;
}


/** Any signed-in caller, whatever their role (what a user does to their own account). */
export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw new GraphQLError("请先登录 (authentication required)", { extensions: { code: "UNAUTHENTICATED" } });
  return ctx.viewer;
}

/** Authorization lives with the resolvers: every field that reads or changes data calls this. */
export function requireRole(ctx: GraphQLContext, role: Role): Viewer {
  const v = requireViewer(ctx);
  if (v.mustChangePassword) {
    throw new GraphQLError("请先修改首次启动的一次性密码 (change the one-time password first)", { extensions: { code: "PASSWORD_CHANGE_REQUIRED" } });
  }
  if (!roleAtLeast(v.role, role)) {
    throw new GraphQLError(`权限不足：需要 ${role} 角色 (forbidden: requires role ${role})`, { extensions: { code: "FORBIDDEN" } });
  }
  return v;
}

/** Expensive mutations are rate limited per caller, on HTTP and WebSocket alike. */
export function requireBudget(ctx: GraphQLContext, viewer: Viewer): void {
  const waitMs = ctx.services.expensiveLimiter.take(viewer.id);
  if (waitMs > 0) {
    throw new GraphQLError(`操作过于频繁，请 ${Math.ceil(waitMs / 1000)} 秒后再试 (rate limited)`, {
      extensions: { code: "RATE_LIMITED", retryAfterSeconds: Math.ceil(waitMs / 1000) },
    });
  }
}
