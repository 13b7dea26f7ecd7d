import type { z } from "zod";
import type { Db } from "../../db/client";
import { auditLog } from "../../db/schema";
import { AppError, fromZod, isAppError } from "../errors/app-error";
import type { AppServices } from "../services/app-services";
import type { Action, ActionContext, Actor, AuditEntry } from "./action";
import { authorize } from "./policy";

export class AuditContractError extends Error {
  constructor(action: string, count: number) {
    super(`action ${action} wrote ${count} audit rows; exactly one is required`);
    this.name = "AuditContractError";
  }
}

/**
 * Runs an action for an actor: role check, input validation (errors name the field as the
 * caller's adapter spelled it, through `fieldPrefix`), budget, then the action itself, which
 * must write exactly one audit row when it succeeds.
 */
export async function perform<S extends z.ZodType, O>(
  services: AppServices,
  actor: Actor | null,
  action: Action<S, O>,
  rawInput: unknown,
  options: { fieldPrefix?: string } = {},
): Promise<O> {
  const { policy } = action;
  authorize(actor, policy.role, { beforePasswordChange: policy.beforePasswordChange });
  const budgeted = actor !== null && actor.via !== "cli" && policy.cost !== undefined;
  const spend = (units: number) => {
    const waitMs = services.expensiveLimiter.take(actor!.id, units);
    if (waitMs > 0) {
      const s = Math.ceil(waitMs / 1000);
      throw new AppError("RATE_LIMITED", `操作过于频繁，请 ${s} 秒后再试 (rate limited: retry in ${s}s)`, { retryAfterSeconds: s });
    }
  };
  // One unit is spent before the input is read, so a flood of malformed calls is limited too;
  // the rest of the cost, which may follow the input, once it is known.
  if (budgeted) spend(1);
  const parsed = action.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw fromZod(parsed.error, options.fieldPrefix ?? "");
  const input = parsed.data as z.output<S>;
  if (budgeted) {
    const cost = typeof policy.cost === "function" ? policy.cost(input) : policy.cost!;
    if (cost > 1) spend(cost - 1);
  }
  let audits = 0;
  const ctx: ActionContext = {
    services,
    actor,
    audit: async (db: Db, entry: AuditEntry) => {
      audits++;
      await db.insert(auditLog).values({
        actor: entry.actor ?? actor?.email ?? "anonymous",
        action: entry.action ?? action.name,
        target: entry.target,
        details: entry.details ?? null,
      });
    },
  };
  let out: O;
  try {
    out = await action.run(ctx, input);
  } catch (e) {
    // A domain error names the field as the action's input spells it; the adapter's prefix
    // (GraphQL's `input.`) makes it the field the caller sent.
    const prefix = options.fieldPrefix;
    if (prefix && isAppError(e) && e.field && e.field !== prefix && !e.field.startsWith(`${prefix}.`)) {
      throw new AppError(e.code, e.message, { field: `${prefix}.${e.field}`, details: e.details, retryAfterSeconds: e.retryAfterSeconds, cause: e });
    }
    throw e;
  }
  if ((policy.audited ?? true) && audits !== 1) throw new AuditContractError(action.name, audits);
  return out;
}
