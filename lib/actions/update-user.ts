import { z } from "zod";
import { findUserByEmail, ROLES, updateUser as update } from "../auth/accounts";
import { AppError, notFound } from "../errors/app-error";
import { defineAction } from "./action";

/**
 * An admin changes an account: role, disabled, or a password reset (to be changed at the next
 * sign-in). The account is named by id (API) or by email (the CLI's reset-password).
 */
export const updateUser = defineAction({
  name: "update_user",
  policy: { role: "admin" },
  input: z
    .object({
      id: z.number().int().min(1).max(2_147_483_647).optional(),
      email: z.string().max(254).optional(),
      role: z.enum(ROLES).optional(),
      disabled: z.boolean().optional(),
      password: z.string().max(200).optional(),
    })
    .strict(),
  async run(ctx, input) {
    const { db } = ctx.services;
    if (input.role === undefined && input.disabled === undefined && input.password === undefined) {
      throw new AppError("BAD_USER_INPUT", "至少指定 role、disabled 或 password 之一 (nothing to change)", { field: "input" });
    }
    let id = input.id;
    if (id === undefined) {
      const u = input.email ? await findUserByEmail(db, input.email) : null;
      if (!u) throw new AppError("NOT_FOUND", `email: 账号 ${input.email ?? ""} 不存在 (no account with this email)`, { field: "email" });
      id = u.id;
    }
    const u = await update(db, id, { role: input.role, disabled: input.disabled, password: input.password });
    if (!u) throw notFound("user", id);
    // Never the password itself, only that it was reset.
    await ctx.audit(db, { target: `user:${u.id}`, details: { role: input.role, disabled: input.disabled, passwordReset: input.password !== undefined } });
    return u;
  },
});
