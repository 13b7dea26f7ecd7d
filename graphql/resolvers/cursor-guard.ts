import { CursorError } from "../../lib/services/customer-queries";
import { badInput } from "../errors";

/** A malformed `after` cursor is the caller's input error, named by its argument. */
export function cursorGuard<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((e: unknown) => {
    if (e instanceof CursorError) throw badInput("after", e.message);
    throw e;
  });
}
