import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DbHandle } from "../../db/client";

export type DbKind = "pglite" | "postgres";

/**
 * The kinds that can run here: PGlite always; PostgreSQL too when TEST_DATABASE_URL points at a
 * server (CI sets it). Suites use describeEachDb/dbSuites (./db-suites.ts) instead, which report
 * the missing half as skipped rather than leaving it out.
 */
export function dbKinds(): DbKind[] {
  return process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
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
