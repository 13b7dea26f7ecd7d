import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { describe } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";

export type DbKind = "pglite" | "postgres";

/** Why the PostgreSQL half is skipped; scripts/test-summary.mjs groups skips by this text. */
export const POSTGRES_SKIP_REASON = "TEST_DATABASE_URL not set";

/**
 * The kinds that can run here: PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a
 * server (CI sets it). For suites use describeEachDb/dbSuites, which report the missing half as
 * skipped instead of leaving it out.
 */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

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

export interface TestDb extends DbHandle {
  /** postgres:// URL of the fresh database (postgres kind only), e.g. to start a server on it. */
  url?: string;
  /** Drops the database (postgres) or closes PGlite. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated, empty database: in-memory PGlite, or a new database created on the
 * TEST_DATABASE_URL server so test files running in parallel never share state.
 */
export async function createTestDb(kind: DbKind, options: { migrationsFolder?: string } = {}): Promise<TestDb> {
  if (kind === "pglite") {
    const h = await openDatabase({ pgliteDir: "memory://", ...options });
    return { ...h, destroy: () => h.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const h = await openDatabase({ databaseUrl: url, maxConnections: 5, ...options });
  return {
    ...h,
    url,
    destroy: async () => {
      await h.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
