import type { RestFacade } from "./rest-facade";

const KEY = Symbol.for("churn-guard.rest");
type G = typeof globalThis & { [KEY]?: RestFacade };

/**
 * Next bundles route handlers apart from server.ts; they reach the process's one facade
 * (same database, event bus, plan runner) through globalThis instead of importing lib/.
 */
export function registerRestFacade(f: RestFacade | undefined): void {
  (globalThis as G)[KEY] = f;
}

export function restFacade(): RestFacade | undefined {
  return (globalThis as G)[KEY];
}
