import { z } from "zod";
import { createApiToken as create, ROLES } from "../auth/accounts";
import { defineAction } from "./action";

/** A new API token; its secret is returned once and only its hash is stored. */
export const createApiToken = defineAction({
  name: "create_api_token",
  policy: { role: "admin" },
  input: z.object({ name: z.string().max(100), role: z.enum(ROLES, { error: "role 必须是 viewer、analyst 或 admin" }) }).strict(),
  async run(ctx, input) {
    const r = await create(ctx.services.db, { ...input, createdBy: ctx.actor!.email });
    await ctx.audit(ctx.services.db, { target: `api_token:${r.row.id}`, details: { name: r.row.name, role: r.row.role } });
    return r;
  },
});
