import { z } from "zod";
import { login as signIn } from "../auth/accounts";
import { AppError } from "../errors/app-error";
import { defineAction } from "./action";

/** Signs in with email and password; returns the session token for the adapter to set as a cookie. */
export const login = defineAction({
  name: "login",
  policy: { role: "anyone" },
  input: z.object({ email: z.string().max(254), password: z.string().max(200), clientKey: z.string().max(200).default("unknown") }).strict(),
  async run(ctx, input) {
    const waitMs = ctx.services.loginLimiter.take(input.clientKey);
    if (waitMs > 0) {
      const s = Math.ceil(waitMs / 1000);
      throw new AppError("RATE_LIMITED", `登录尝试过多，请 ${s} 秒后再试 (too many login attempts)`, { retryAfterSeconds: s });
    }
    const r = await signIn(ctx.services.db, input.email, input.password);
    if (!r) {
      await ctx.audit(ctx.services.db, { action: "login_failed", target: null, actor: input.email.slice(0, 254) });
      throw new AppError("UNAUTHENTICATED", "邮箱或密码错误 (invalid email or password)");
    }
    await ctx.audit(ctx.services.db, { target: `user:${r.user.id}`, actor: r.user.email });
    return r;
  },
});
