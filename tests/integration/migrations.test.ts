/**
 * A deployment upgrades in place: the server applies the newer committed migrations on start to
 * a database an earlier release created, and keeps its rows.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { MIGRATIONS_DIR, openDatabase, type DbHandle } from "../../db/client";
import { users } from "../../db/schema";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** The committed migrations as the first release shipped them (only 0000_init). */
function firstReleaseMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "churn-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  expect(journal.entries.length).toBeGreaterThan(1);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
  return dir;
}

const rowsOf = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows);

const columnsOfUsers = async (h: DbHandle) =>
  rowsOf(await h.db.execute(sql`select column_name from information_schema.columns where table_name = 'users'`)).map((r) => String(r.column_name));

describeEachDb("schema upgrade on %s", (kind) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it("applies the newer migrations to a first-release database and keeps its accounts", async () => {
    const old = firstReleaseMigrations();
    cleanup.push(() => rmSync(old, { recursive: true, force: true }));
    let before: DbHandle;
    let reopen: () => Promise<DbHandle>;
    if (kind === "pglite") {
      const dir = mkdtempSync(path.join(tmpdir(), "churn-pglite-upgrade-"));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      before = await openDatabase({ pgliteDir: dir, migrationsFolder: old });
      reopen = async () => {
        await before.close(); // one PGlite process per data directory
        return openDatabase({ pgliteDir: dir });
      };
    } else {
      const t: TestDb = await createTestDb("postgres", { migrationsFolder: old });
      cleanup.push(() => t.destroy());
      before = t;
      reopen = () => openDatabase({ databaseUrl: t.url!, maxConnections: 2 });
    }
    expect(await columnsOfUsers(before)).not.toContain("must_change_password");
    await before.db.execute(sql`insert into users (email, password_hash, role) values ('old@bank.cn', 'scrypt$x', 'analyst')`);

    const after = await reopen();
    cleanup.push(() => after.close());
    expect(await columnsOfUsers(after)).toEqual(expect.arrayContaining(["must_change_password", "password_changed_at"]));
    const [row] = await after.db.select().from(users).where(eq(users.email, "old@bank.cn"));
    expect(row).toMatchObject({ email: "old@bank.cn", passwordHash: "scrypt$x", role: "analyst", mustChangePassword: false, passwordChangedAt: null });
  });
});
