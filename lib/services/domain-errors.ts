import { ZodError } from "zod";
import { AuthInputError } from "../auth/accounts";
import { DatasetInputError } from "../data/generator";
import { ImportValidationError } from "../data/import";
import { ModelNotActivatableError, ModelNotFoundError } from "../ml/model-registry";
import { ParamsError } from "../ml/params";
import { TrainingConflictError, TrainingInputError } from "../ml/training-service";
import { PlanInputError, PlanNotFoundError } from "../plans/errors";
import { ExportNotFoundError } from "../plans/report-data";
import { PreconditionError } from "./prediction-service";

export type DomainErrorKind = "input" | "not_found" | "conflict" | "precondition";

export interface DomainError {
  kind: DomainErrorKind;
  message: string;
  field?: string;
  details?: unknown;
}

/**
 * One place that knows which domain errors are the caller's to see (and with which status),
 * so GraphQL and REST answer the same failure the same way. Anything else is internal.
 */
export function classifyError(e: unknown): DomainError | null {
  if (e instanceof ZodError) {
    const i = e.issues[0];
    const field = i?.path.map(String).join(".") ?? "";
    return { kind: "input", field, message: `${field}: ${i?.message ?? "invalid"}`, details: e.issues };
  }
  if (e instanceof DatasetInputError || e instanceof TrainingInputError || e instanceof ParamsError || e instanceof AuthInputError || e instanceof PlanInputError) {
    return { kind: "input", field: (e as { field?: string }).field, message: e.message };
  }
  if (e instanceof ImportValidationError) return { kind: "input", field: "file", message: e.message, details: e.errors };
  if (e instanceof ModelNotFoundError || e instanceof ExportNotFoundError || e instanceof PlanNotFoundError) return { kind: "not_found", message: e.message };
  if (e instanceof TrainingConflictError) return { kind: "conflict", message: e.message };
  if (e instanceof ModelNotActivatableError) return { kind: "conflict", message: e.message };
  if (e instanceof PreconditionError) return { kind: "precondition", message: e.message };
  return null;
}

export const HTTP_STATUS: Record<DomainErrorKind, number> = { input: 400, not_found: 404, conflict: 409, precondition: 409 };
export const GRAPHQL_CODE: Record<DomainErrorKind, string> = {
  input: "BAD_USER_INPUT",
  not_found: "NOT_FOUND",
  conflict: "CONFLICT",
  precondition: "FAILED_PRECONDITION",
};
