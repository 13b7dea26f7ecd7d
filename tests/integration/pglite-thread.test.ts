import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";
import { PgliteThread } from "../../db/pglite-thread";

describe("PGlite runs on its own thread", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteDir: "memory://" });
  }, 120_000);
  afterAll(async () => handle?.close());

  it("timers fire while one long statement runs (on the server's thread they could not)", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const r = await handle.db.execute(sql`select count(*)::int as n from generate_series(1, 4000000) g where g % 7 = 0`);
      expect((r as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(571428);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it("errors keep PostgreSQL's code and constraint", async () => {
    await handle.db.execute(sql`create table t_unique (id int primary key)`);
    await handle.db.execute(sql`insert into t_unique values (1)`);
    const e = await handle.db.execute(sql`insert into t_unique values (1)`).then(
      () => undefined,
      (err: unknown) => err,
    );
    // Drizzle wraps driver errors; the driver's error is the cause.
    const cause = ((e as { cause?: unknown }).cause ?? e) as { code?: string; constraint?: string; message: string };
    expect(cause.code).toBe("23505");
    expect(cause.constraint).toBe("t_unique_pkey");
  });

  it("a transaction commits when its callback resolves and rolls back when it throws", async () => {
    await handle.db.execute(sql`create table t_tx (v int)`);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into t_tx values (1)`);
      await tx.execute(sql`insert into t_tx values (2)`);
    });
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t_tx values (3)`);
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    await expect(
      handle.db.transaction(async (tx) => {
        await tx.execute(sql`insert into t_tx values (4)`);
        await tx.execute(sql`insert into no_such_table values (1)`);
      }),
    ).rejects.toThrow();
    const r = await handle.db.execute(sql`select array_agg(v order by v) as vs from t_tx`);
    expect((r as unknown as { rows: { vs: number[] }[] }).rows[0]!.vs).toEqual([1, 2]);
  });

  it("a statement outside a transaction waits for it, as on one connection", async () => {
    await handle.db.execute(sql`create table t_order (v int)`);
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const tx = handle.db.transaction(async (t) => {
      await t.execute(sql`insert into t_order values (1)`);
      await gate;
      order.push("tx done");
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = handle.db.execute(sql`select count(*)::int as n from t_order`).then((r) => {
      order.push("outside");
      return (r as unknown as { rows: { n: number }[] }).rows[0]!.n;
    });
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect(await outside).toBe(1);
    expect(order).toEqual(["tx done", "outside"]);
  });

  it("timestamps come back as drizzle expects (raw text), bytea as bytes, jsonb as values", async () => {
    const r = await handle.db.execute(
      sql`select '2026-11-30 04:00:00+00'::timestamptz as at, '\\x0102ff'::bytea as b, '{"a":[1,2]}'::jsonb as j, 1.5::float8 as f, null::int as n`,
    );
    const row = (r as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    expect(typeof row.at).toBe("string");
    expect(new Date(String(row.at)).toISOString()).toBe("2026-11-30T04:00:00.000Z");
    expect([...(row.b as Uint8Array)]).toEqual([1, 2, 255]);
    expect(row.j).toEqual({ a: [1, 2] });
    expect(row.f).toBe(1.5);
    expect(row.n).toBeNull();
  });

  it("a data directory keeps its rows across close and reopen", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pglite-thread-"));
    try {
      const a = await openDatabase({ pgliteDir: dir });
      await a.db.execute(sql`create table kept (v text)`);
      await a.db.execute(sql`insert into kept values ('永久')`);
      await a.close();
      const b = await openDatabase({ pgliteDir: dir });
      const r = await b.db.execute(sql`select v from kept`);
      expect((r as unknown as { rows: { v: string }[] }).rows).toEqual([{ v: "永久" }]);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("parsers other than drizzle's raw-text ones are refused, not silently dropped", async () => {
    const t = new PgliteThread(undefined);
    try {
      await t.waitReady;
      await expect(t.query("select 1", [], { parsers: { 23: (v) => Number(v) * 2 } })).rejects.toThrow(/parser for type 23/);
      expect((await t.query<{ one: number }>("select 1 as one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await t.close();
    }
  }, 120_000);

  it("after close, a statement fails instead of hanging", async () => {
    const t = new PgliteThread(undefined);
    await t.waitReady;
    await t.close();
    await expect(t.query("select 1")).rejects.toThrow(/exited/);
  }, 120_000);
});
