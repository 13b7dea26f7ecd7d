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

/** The committed migrations as a release before `beforeTag` shipped them (default: only 0000_init). */
function firstReleaseMigrations(beforeTag?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "churn-migrations-"));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  expect(journal.entries.length).toBeGreaterThan(1);
  const keep = beforeTag ? journal.entries.findIndex((e) => e.tag === beforeTag) : 1;
  expect(keep).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, keep) }));
  return dir;
}

/** The database's own words for a refused statement (drizzle wraps the driver's error in `cause`). */
function refusal(e: unknown): string {
  const parts: string[] = [];
  for (let c: unknown = e; c instanceof Error; c = (c as Error & { cause?: unknown }).cause) parts.push(c.message);
  return parts.join(" | ");
}

const rowsOf = (r: unknown): Record<string, unknown>[] => (Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows);

const columnsOfUsers = async (h: DbHandle) =>
  rowsOf(await h.db.execute(sql`select column_name from information_schema.columns where table_name = 'users'`)).map((r) => String(r.column_name));

describeEachDb("schema upgrade on %s", (kind) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  /** A database created by an older release, and a way to restart it on the current migrations. */
  async function olderRelease(beforeTag?: string): Promise<{ before: DbHandle; reopen: () => Promise<DbHandle> }> {
    const old = firstReleaseMigrations(beforeTag);
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
    return { before, reopen };
  }

  it("applies the newer migrations to a first-release database and keeps its accounts", async () => {
    const { before, reopen } = await olderRelease();
    expect(await columnsOfUsers(before)).not.toContain("must_change_password");
    await before.db.execute(sql`insert into users (email, password_hash, role) values ('old@bank.cn', 'scrypt$x', 'analyst')`);

    const after = await reopen();
    cleanup.push(() => after.close());
    expect(await columnsOfUsers(after)).toEqual(expect.arrayContaining(["must_change_password", "password_changed_at"]));
    const [row] = await after.db.select().from(users).where(eq(users.email, "old@bank.cn"));
    expect(row).toMatchObject({ email: "old@bank.cn", passwordHash: "scrypt$x", role: "analyst", mustChangePassword: false, passwordChangedAt: null });
  });

  it("stores plan priorities as codes (old 高/中/低 rows converted) and the database refuses unknown statuses", async () => {
    const { before, reopen } = await olderRelease("0007_enum_checks");
    await before.db.execute(
      sql`insert into plan_batches (id, dataset_id, model_run_id, status, total, planner, prompt_version, params) values (1, 1, 1, 'done', 4, 'template', 'template-v1', '{}')`,
    );
    const glyphs = [["c1", "高"], ["c2", "中"], ["c3", "低"], ["c4", null]] as const;
    for (const [i, [customer, glyph]] of glyphs.entries()) {
      const plan = glyph ? JSON.stringify({ priority: glyph, riskSummary: "客户近期登录减少。" }) : null;
      await before.db.execute(
        sql`insert into retention_plans (batch_id, dataset_id, customer_id, position, status, probability, risk_level, priority, plan)
            values (1, 1, ${customer}, ${i + 1}, 'done', 0.5, 'medium', ${glyph}, ${plan}::jsonb)`,
      );
    }

    const after = await reopen();
    cleanup.push(() => after.close());
    const rows = rowsOf(
      await after.db.execute(sql`select customer_id, priority, plan->>'priority' as plan_priority, plan->>'riskSummary' as summary from retention_plans order by customer_id`),
    );
    expect(rows.map((r) => [r.customer_id, r.priority, r.plan_priority])).toEqual([
      ["c1", "high", "high"],
      ["c2", "medium", "medium"],
      ["c3", "low", "low"],
      ["c4", null, null],
    ]);
    expect(rows[0]!.summary).toBe("客户近期登录减少。");

    const insertPlan = (status: string, priority: string | null) =>
      after.db.execute(
        sql`insert into retention_plans (batch_id, dataset_id, customer_id, position, status, probability, risk_level, priority) values (1, 1, ${`x-${status}-${priority}`}, 9, ${status}, 0.5, 'low', ${priority})`,
      );
    await expect(insertPlan("done", "low")).resolves.toBeDefined();
    const refused = async (p: Promise<unknown>) => refusal(await p.then(() => null, (e: unknown) => e));
    expect(await refused(insertPlan("finished", "low"))).toMatch(/retention_plans_status_check/);
    expect(await refused(insertPlan("done", "高"))).toMatch(/retention_plans_priority_check/);
    expect(await refused(after.db.execute(sql`update plan_batches set status = 'paused' where id = 1`))).toMatch(/plan_batches_status_check/);
    expect(await refused(after.db.execute(sql`insert into model_runs (status, params, feature_names) values ('bogus', '{}', '[]')`))).toMatch(
      /model_runs_status_check/,
    );
    expect(
      await refused(after.db.execute(sql`insert into model_runs (status, phase, params, feature_names) values ('failed', 'thinking', '{}', '[]')`)),
    ).toMatch(/model_runs_phase_check/);
  });
});
