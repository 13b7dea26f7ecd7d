import type { z } from "zod";
import type { Action, Actor } from "../lib/actions/action";
import { perform } from "../lib/actions/perform";
import { requireActor } from "../lib/actions/policy";
import type { AppServices } from "../lib/services/app-services";
import type { Role } from "./generated/resolvers-types";

/** The caller of a GraphQL operation: the same Actor every action and REST route sees. */
export type Viewer = Actor;

export interface GraphQLContext {
  services: AppServices;
  viewer: Viewer | null;
}

/** Any signed-in caller, also one that must still change a one-time password (their own account). */
export function requireViewer(ctx: GraphQLContext): Viewer {
  return requireActor(ctx.viewer, "signed-in", { beforePasswordChange: true });
}

/** Read-only fields check the role here; actions check their own policy in `perform`. */
export function requireRole(ctx: GraphQLContext, role: Role): Viewer {
  return requireActor(ctx.viewer, role.toLowerCase() as Lowercase<Role>);
}

/** Runs an action as this operation's caller; input errors name fields under `fieldPrefix` (`input.topK`). */
export function act<S extends z.ZodType, O>(ctx: GraphQLContext, action: Action<S, O>, input: unknown, fieldPrefix = "input"): Promise<O> {
  return perform(ctx.services, ctx.viewer, action, input, { fieldPrefix });
}
