import { GraphQLError } from "graphql";
import { ZodError } from "zod";

export type ErrorCode = "BAD_USER_INPUT" | "NOT_FOUND" | "CONFLICT" | "UNAUTHENTICATED" | "FORBIDDEN" | "PASSWORD_CHANGE_REQUIRED" | "RATE_LIMITED" | "INTERNAL_SERVER_ERROR";

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", field } });
}

export function notFound(what: string, id: string | number): GraphQLError {
  return new GraphQLError(`${what} ${id} 不存在 (not found)`, { extensions: { code: "NOT_FOUND", field: what } });
}

export function conflict(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "CONFLICT" } });
}

/** zod issues → one BAD_USER_INPUT error naming the first offending field (all listed in extensions). */
export function fromZod(err: ZodError, prefix = ""): GraphQLError {
  const issues = err.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
  const first = issues[0] ?? { field: prefix, message: "invalid input" };
  return new GraphQLError(`${first.field}: ${first.message}`, {
    extensions: { code: "BAD_USER_INPUT", field: first.field, issues },
  });
}

/** Checks a bounded integer argument; null/undefined passes through. */
export function intInRange(field: string, value: number | null | undefined, min: number, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(field, `${field} 必须是 ${min} 到 ${max} 之间的整数 (must be an integer in ${min}..${max}), 收到 ${value}`);
  }
  return value;
}

export function numberInRange(field: string, value: number | null | undefined, min: number, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw badInput(field, `${field} 必须在 ${min} 到 ${max} 之间 (must be within ${min}..${max}), 收到 ${value}`);
  }
  return value;
}
