import { AuthInputError, changePassword } from "../../lib/auth/accounts";
import { audit } from "../../lib/services/audit";
import { requireBudget, requireViewer, type GraphQLContext } from "../context";
import { badInput } from "../errors";
import type { MutationResolvers } from "../generated/resolvers-types";

/** What a signed-in user does to their own account (no role needed beyond being signed in). */
export const AccountMutation: Pick<MutationResolvers<GraphQLContext>, "changePassword"> = {
  changePassword: async (_p, args, ctx) => {
    const v = requireViewer(ctx);
    // Each attempt checks the current password: budgeted like other expensive calls against guessing.
    requireBudget(ctx, v);
    try {
      const user = await changePassword(ctx.services.db, v, args.input);
      await audit(ctx.services.db, v.email, "change_password", `user:${user.id}`);
      return { email: user.email, role: v.role, mustChangePassword: user.mustChangePassword };
    } catch (e) {
      if (e instanceof AuthInputError) throw badInput(`input.${e.field}`, e.message);
      throw e;
    }
  },
};
