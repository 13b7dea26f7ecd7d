import * as actions from "../../lib/actions";
import { act } from "../context";
import type { Resolvers, Role } from "../generated/resolvers-types";

/** The signed-in user's own account (no role needed beyond being signed in). */
export const accountResolvers: Resolvers = {
  Query: {
    viewer: (_p, _a, ctx) =>
      ctx.viewer ? { email: ctx.viewer.email, role: ctx.viewer.role.toUpperCase() as Role, mustChangePassword: ctx.viewer.mustChangePassword ?? false } : null,
  },
  Mutation: {
    changePassword: async (_p, args, ctx) => {
      const user = await act(ctx, actions.changePassword, args.input);
      return { email: user.email, role: ctx.viewer!.role.toUpperCase() as Role, mustChangePassword: user.mustChangePassword };
    },
  },
};
