import { z } from "zod";
import { createUser as create, ROLES } from "../auth/accounts";
import { defineAction } from "./action";

export const createUser = defineAction({
  name: "create_user",
  policy: { role: "admin" },
  input: z.object({ email: z.string().max(254), password: z.string().max(200), role: z.enum(ROLES, { error: "role 必须是 viewer、analyst 或 admin" }) }).strict(),
  async run(ctx, input) {
    const u = await create(ctx.services.db, input);
    await ctx.audit(ctx.services.db, { target: `user:${u.id}`, details: { email: u.email, role: u.role } });
    return u;
  },
});
