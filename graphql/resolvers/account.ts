import * as actions from "../../lib/actions";
import { act, type GraphQLContext } from "../context";
import type { MutationResolvers } from "../generated/resolvers-types";

/** What a signed-in user does to their own account (no role needed beyond being signed in). */
export const AccountMutation: Pick<MutationResolvers<GraphQLContext>, "changePassword"> = {
  changePassword: async (_p, args, ctx) => {
    const user = await act(ctx, actions.changePassword, args.input);
    return { email: user.email, role: ctx.viewer!.role.toUpperCase() as "VIEWER", mustChangePassword: user.mustChangePassword };
  },
};
