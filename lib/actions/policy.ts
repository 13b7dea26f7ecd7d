import { roleAtLeast, type RoleCode } from "../auth/accounts";
import { AppError } from "../errors/app-error";
import type { Actor, Policy } from "./action";

/**
 * The one role check: actions call it through `perform`, read-only queries (GraphQL fields,
 * REST reads) call it directly. Throws the registry's UNAUTHENTICATED / PASSWORD_CHANGE_REQUIRED
 * / FORBIDDEN.
 */
export function authorize(actor: Actor | null, role: Policy<unknown>["role"], options: { beforePasswordChange?: boolean } = {}): Actor | null {
  if (role === "anyone") return actor;
  if (!actor) throw new AppError("UNAUTHENTICATED", "请先登录或提供 API 令牌 (authentication required)");
  if (actor.mustChangePassword && !options.beforePasswordChange) {
    throw new AppError("PASSWORD_CHANGE_REQUIRED", "请先修改首次启动的一次性密码 (change the one-time password first)");
  }
  if (role !== "signed-in" && !roleAtLeast(actor.role, role)) {
    throw new AppError("FORBIDDEN", `权限不足：需要 ${role} 角色 (forbidden: requires role ${role})`);
  }
  return actor;
}

/** `authorize` for callers that must be signed in: never returns null. */
export function requireActor(actor: Actor | null, role: RoleCode | "signed-in", options: { beforePasswordChange?: boolean } = {}): Actor {
  return authorize(actor, role, options)!;
}
