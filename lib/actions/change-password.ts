import { z } from "zod";
import { changePassword as change } from "../auth/accounts";
import { defineAction } from "./action";

/** A signed-in user replaces their own password (sessions only; the one-time password included). */
export const changePassword = defineAction({
  name: "change_password",
  // Each attempt checks the current password: budgeted like other expensive calls against guessing.
  policy: { role: "signed-in", beforePasswordChange: true, cost: 1 },
  input: z.object({ currentPassword: z.string().max(200), newPassword: z.string().max(200) }).strict(),
  async run(ctx, input) {
    const actor = ctx.actor!;
    // Sessions only: the domain refuses an API token (naming the field), as before the actions layer.
    const user = await change(ctx.services.db, actor, input);
    await ctx.audit(ctx.services.db, { target: `user:${user.id}` });
    return user;
  },
});
