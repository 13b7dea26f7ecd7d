import { z } from "zod";
import { revokeApiToken as revoke } from "../auth/accounts";
import { notFound } from "../errors/app-error";
import { defineAction } from "./action";

/** Revokes a token at once (live WebSocket subscriptions end within seconds); a second revoke keeps the first time. */
export const revokeApiToken = defineAction({
  name: "revoke_api_token",
  policy: { role: "admin" },
  input: z.object({ id: z.number().int().min(1).max(2_147_483_647) }).strict(),
  async run(ctx, input) {
    const row = await revoke(ctx.services.db, input.id);
    if (!row) throw notFound("apiToken", input.id);
    await ctx.audit(ctx.services.db, { target: `api_token:${row.id}`, details: { revokedAt: row.revokedAt?.toISOString() ?? null } });
    return row;
  },
});
