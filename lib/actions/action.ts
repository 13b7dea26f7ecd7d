/**
 * A user action: what the product does when someone generates data, trains, predicts, exports,
 * manages accounts … GraphQL resolvers, REST routes and CLI commands only parse, call `perform`
 * and map the result, so the three cannot disagree about what an action does.
 *
 * The action declares its policy (who may, what it costs) and its input schema; `perform`
 * enforces both the same way for every entry point. The action owns its transaction, writes
 * exactly one audit row (in that transaction, through `ctx.audit`), rescoring, cache
 * invalidation and waking runners.
 */
import type { z } from "zod";
import type { Db } from "../../db/client";
import type { Principal, RoleCode } from "../auth/accounts";
import type { AppServices } from "../services/app-services";

/** Who acts: a signed-in user, an API token, or the operator's CLI on the server. */
export type Actor = Principal;

export const CLI_ACTOR: Actor = { id: "cli", email: "cli", role: "admin", via: "cli", mustChangePassword: false };

export interface Policy<I> {
  /** Lowest role allowed; "signed-in": any account; "anyone": no sign-in (login). */
  role: RoleCode | "signed-in" | "anyone";
  /** Units of the caller's per-minute budget one call spends (default: free); may follow the input. */
  cost?: number | ((input: I) => number);
  /** Allowed while the account must still replace a one-time or reset password. */
  beforePasswordChange?: boolean;
  /** Writes exactly one audit row when it succeeds (checked by `perform`). Default true. */
  audited?: boolean;
}

export interface AuditEntry {
  /** Defaults to the action's name. */
  action?: string;
  target: string | null;
  details?: Record<string, unknown>;
  /** Defaults to the actor's email (login: the email tried). */
  actor?: string;
}

export interface ActionContext {
  services: AppServices;
  actor: Actor | null;
  /** Writes the action's audit row with `db` (pass the transaction so both commit together). */
  audit(db: Db, entry: AuditEntry): Promise<void>;
}

export interface Action<S extends z.ZodType, O> {
  name: string;
  policy: Policy<z.output<S>>;
  input: S;
  run(ctx: ActionContext, input: z.output<S>): Promise<O>;
}

export function defineAction<S extends z.ZodType, O>(a: Action<S, O>): Action<S, O> {
  return a;
}

export type ActionInput<A> = A extends Action<infer S, unknown> ? z.input<S> : never;
export type ActionOutput<A> = A extends Action<z.ZodType, infer O> ? O : never;
