import { z } from "zod";
import { login as signIn } from "../auth/accounts";
import { AppError } from "../errors/app-error";
import { defineAction } from "./action";

/** Text that PostgreSQL cannot store (a NUL byte) is the caller's error, not the database's. */
const text = (field: string, max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes("\0"), { error: `${field} 不能包含 NUL 字符 (${field} must not contain NUL characters)` });

function rateLimited(waitMs: number, why: string): AppError {
  const s = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError("RATE_LIMITED", `${why}，请 ${s} 秒后再试 (too many login attempts, retry in ${s}s)`, { retryAfterSeconds: s });
}

/**
 * Signs in with email and password; returns the session token for the adapter to set as a
 * cookie. Two limits: attempts per client address (a fixed window), and failed attempts per
 * account with exponential backoff (against guessing one account's password from many
 * addresses). A throttled attempt checks no password.
 */
export const login = defineAction({
  name: "login",
  policy: { role: "anyone" },
  input: z
    .object({
      email: text("email", 254),
      password: text("password", 200),
      clientKey: z.string().max(200).default("unknown"),
    })
    .strict(),
  async run(ctx, input) {
    const { loginLimiter, accountLoginThrottle } = ctx.services;
    const account = input.email.trim().toLowerCase();
    const addressWait = loginLimiter.take(input.clientKey);
    if (addressWait > 0) throw rateLimited(addressWait, "该地址登录尝试过多");
    const accountWait = accountLoginThrottle.waitMs(account);
    if (accountWait > 0) throw rateLimited(accountWait, "该账号登录失败次数过多");
    const r = await signIn(ctx.services.db, input.email, input.password);
    if (!r) {
      accountLoginThrottle.failed(account);
      await ctx.audit(ctx.services.db, { action: "login_failed", target: null, actor: input.email.slice(0, 254) });
      throw new AppError("UNAUTHENTICATED", "邮箱或密码错误 (invalid email or password)");
    }
    accountLoginThrottle.succeeded(account);
    await ctx.audit(ctx.services.db, { target: `user:${r.user.id}`, actor: r.user.email });
    return r;
  },
});
