import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { PgliteThread } from "./pglite-thread";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type the domain sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable location without credentials, for logs. */
  location: string;
  /** The postgres.js client (PostgreSQL only), for LISTEN/NOTIFY. */
  pg?: postgres.Sql;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory; "memory://" for an in-memory database. */
  pgliteDir?: string;
  /** postgres.js pool size. */
  maxConnections?: number;
  /** PostgreSQL application_name: the process's owner id, so other instances can see it is alive. */
  applicationName?: string;
  /** Defaults to the committed migrations; an older set lets a test start from a previous release's schema. */
  migrationsFolder?: string;
}

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Strip the password from a URL so it can be logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}

/** Opens a database and applies the committed migrations. */
export async function openDatabase(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      ...(options.applicationName ? { connection: { application_name: options.applicationName.slice(0, 63) } } : {}),
      // Numeric/bigint come back as strings by default; counts we read are small.
      types: { bigint: postgres.BigInt },
    });
    const db = drizzlePostgres({ client, schema });
    // Several processes may start at once against one server: serialise migrations with a
    // session-level advisory lock held on a reserved connection while they run.
    const lockConn = await client.reserve();
    try {
      await lockConn`select pg_advisory_lock(727274)`;
      await migratePostgres(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR });
    } finally {
      await lockConn`select pg_advisory_unlock(727274)`.catch(() => {});
      lockConn.release();
    }
    return {
      db: db as unknown as Db,
      kind: "postgres",
      location: redactUrl(options.databaseUrl),
      pg: client,
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = options.pgliteDir ?? ".data/pglite";
  const memory = dir.startsWith("memory://");
  if (!memory) mkdirSync(dir, { recursive: true });
  const client = new PgliteThread(memory ? undefined : dir);
  await client.waitReady;
  // Drizzle's PGlite driver uses only query/exec/transaction, which the thread offers.
  const db = drizzlePglite({ client: client as unknown as PGlite, schema });
  await migratePglite(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_DIR });
  return {
    db: db as unknown as Db,
    kind: "pglite",
    location: memory ? "PGlite (memory)" : `PGlite ${path.resolve(dir)}`,
    close: () => client.close(),
  };
}

const GLOBAL_KEY = Symbol.for("churn-guard.db");
type GlobalWithDb = typeof globalThis & { [GLOBAL_KEY]?: Promise<DbHandle> };

/**
 * The process-wide database. Guarded on globalThis because Next dev reloads modules and
 * two PGlite instances on one directory corrupt it.
 */
export function getDatabase(options: DbOptions): Promise<DbHandle> {
  const g = globalThis as GlobalWithDb;
  g[GLOBAL_KEY] ??= openDatabase(options);
  return g[GLOBAL_KEY];
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g[GLOBAL_KEY];
  g[GLOBAL_KEY] = undefined;
  if (pending) await (await pending).close();
}

/** Cheap liveness probe used by /api/health and the health query. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
