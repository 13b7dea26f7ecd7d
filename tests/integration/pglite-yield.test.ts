import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";

/** Runs `n` awaited statements and returns after how many of them a timer set at the start fired (n + 1: never). */
async function timerFiresAfter(n: number, run: () => Promise<unknown>): Promise<number> {
  let done = 0;
  let firedAt = n + 1;
  const t = setTimeout(() => (firedAt = done), 0);
  for (; done < n; done++) await run();
  clearTimeout(t);
  return firedAt;
}

describe("PGlite statements leave the event loop a turn", () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteDir: "memory://" });
  }, 120_000);
  afterAll(async () => handle?.close());

  it("a bare PGlite settles a chain of statements without letting a timer in (why the wrapper exists)", async () => {
    const raw = new PGlite();
    await raw.waitReady;
    try {
      expect(await timerFiresAfter(100, () => raw.query("select 1"))).toBe(101);
    } finally {
      await raw.close();
    }
  });

  it("the product's PGlite lets a timer fire between statements, inside transactions too", async () => {
    expect(await timerFiresAfter(100, () => handle.db.execute(sql`select 1`))).toBeLessThanOrEqual(2);
    await handle.db.transaction(async (tx) => {
      expect(await timerFiresAfter(100, () => tx.execute(sql`select 1`))).toBeLessThanOrEqual(2);
    });
  });
});
