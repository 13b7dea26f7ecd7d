import { ZodError } from "zod";
import { isErrorCode, type ErrorCode } from "./registry";

export interface AppErrorOptions {
  /** The input field the error is about, as the caller spelled it (`input.nCustomers`, `n_customers`). */
  field?: string;
  /** Machine-readable detail (every bad cell of an import, every zod issue). */
  details?: unknown;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The one base class of errors a caller may see. Domain errors extend it with their code, so an
 * error class nobody registered cannot exist: it either carries a code from the registry or it
 * is internal (logged with a request id, shown as a generic error).
 */
export class AppError extends Error {
  /** Checked instead of `instanceof`: Next bundles route handlers with their own copy of this class. */
  readonly isAppError = true;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export interface AppErrorLike {
  isAppError: true;
  code: ErrorCode;
  message: string;
  field?: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

export function isAppError(e: unknown): e is AppErrorLike {
  return typeof e === "object" && e !== null && (e as { isAppError?: unknown }).isAppError === true && isErrorCode((e as { code?: unknown }).code);
}

export const badInput = (field: string, message: string, details?: unknown) => new AppError("BAD_USER_INPUT", message, { field, details });
export const notFound = (what: string, id: string | number) => new AppError("NOT_FOUND", `${what} ${id} 不存在 (not found)`, { field: what });

/** zod issues → one BAD_USER_INPUT naming the first offending field (with `prefix`), all issues in details. */
export function fromZod(err: ZodError, prefix = ""): AppError {
  const issues = err.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].filter(Boolean).join("."), message: i.message }));
  const first = issues[0] ?? { field: prefix, message: "invalid input" };
  return new AppError("BAD_USER_INPUT", first.field ? `${first.field}: ${first.message}` : first.message, { field: first.field || undefined, details: issues });
}

/** A known error as an AppError (zod's included); anything else is internal and returns null. */
export function toAppError(e: unknown): AppErrorLike | null {
  if (isAppError(e)) return e;
  if (e instanceof ZodError) return fromZod(e);
  return null;
}
