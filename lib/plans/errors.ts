/** Errors the caller can act on (shown with the field), as opposed to internal failures. */
export class PlanInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "PlanInputError";
  }
}

export class PlanNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanNotFoundError";
  }
}
