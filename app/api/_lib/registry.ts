import type { RestAdapter } from "./rest-types";

const KEY = Symbol.for("churn-guard.rest");
type G = typeof globalThis & { [KEY]?: RestAdapter };

/**
 * Next bundles route handlers apart from server.ts; they reach the process's one adapter (same
 * database, event bus, plan runner) through globalThis instead of importing lib/.
 */
export function registerRestAdapter(a: RestAdapter | undefined): void {
  (globalThis as G)[KEY] = a;
}

export function restAdapter(): RestAdapter | undefined {
  return (globalThis as G)[KEY];
}
