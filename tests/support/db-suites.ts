/**
 * Suites per database kind. Apart from ./db.ts so that non-test code (bench/) can create test
 * databases without importing vitest, which throws outside a vitest run.
 */
import { describe } from "vitest";
import type { DbKind } from "./db";

/** Why the PostgreSQL half is skipped; scripts/test-summary.mjs groups skips by this text. */
export const POSTGRES_SKIP_REASON = "TEST_DATABASE_URL not set";

export type DescribeDb = (title: string, fn: () => void) => void;

function describeFor(kind: DbKind): DescribeDb {
  if (kind === "postgres" && !process.env.TEST_DATABASE_URL) {
    return (title, fn) => describe.skip(`${title} [skipped: ${POSTGRES_SKIP_REASON}]`, fn);
  }
  return (title, fn) => describe(title, fn);
}

/**
 * One `describe` per database kind, both always declared. Without TEST_DATABASE_URL the
 * PostgreSQL one is `describe.skip` with "[skipped: <reason>]" in its title, so its tests show
 * up as skipped with the reason (console, JSON report, test summary) instead of vanishing.
 */
export function dbSuites(): Array<{ kind: DbKind; describeDb: DescribeDb }> {
  return (["pglite", "postgres"] as const).map((kind) => ({ kind, describeDb: describeFor(kind) }));
}

/** describe.each over both kinds (`%s` in the title becomes the kind), skipping PostgreSQL as dbSuites does. */
export function describeEachDb(title: string, fn: (kind: DbKind) => void): void {
  for (const { kind, describeDb } of dbSuites()) describeDb(title.replace("%s", kind), () => fn(kind));
}

/** A suite that only makes sense on a PostgreSQL server (NOTIFY, several instances), skipped as dbSuites does. */
export function describeOnPostgres(title: string, fn: () => void): void {
  describeFor("postgres")(title, fn);
}
