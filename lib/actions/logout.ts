import { z } from "zod";
import { logout as signOut } from "../auth/accounts";
import { defineAction } from "./action";

/** Ends a session (the token from the cookie); unknown or absent tokens are a no-op. */
export const logout = defineAction({
  name: "logout",
  policy: { role: "anyone", audited: false },
  input: z.object({ sessionToken: z.string().max(512).optional() }).strict(),
  async run(ctx, input) {
    if (input.sessionToken) await signOut(ctx.services.db, input.sessionToken);
    return { ok: true as const };
  },
});
