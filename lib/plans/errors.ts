/** Errors the caller can act on (shown with the field), as opposed to internal failures. */
import { AppError } from "../errors/app-error";
export class PlanInputError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "PlanInputError";
  }
}

export class PlanNotFoundError extends AppError {
  constructor(message: string) {
    super("NOT_FOUND", message);
    this.name = "PlanNotFoundError";
  }
}
