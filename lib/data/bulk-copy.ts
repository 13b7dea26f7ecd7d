/**
 * Bulk loads. PostgreSQL: COPY (text format) streamed over `COPY … FROM STDIN` (postgres.js),
 * several times faster than `insert … select from unnest(…)`. PGlite: `insert … select from
 * unnest(…)` with one array literal per column — PGlite's `COPY … FROM '/dev/blob'` was measured
 * 1.4–2.6× slower in CPU on a 3,000 × 104-week timeline (COPY's bulk-write ring buffer keeps
 * evicting pages into PGlite's in-memory file system).
 *
 * The event loop: rows are encoded in slices that yield (setImmediate) between them, and
 * PGlite — a single connection — receives one statement per slice, so a page's query slips in
 * between statements instead of waiting for the whole load.
 */
import type { Db } from "../../db/client";
import { boolArray, numberArray, textArray } from "./pg-array";
import { yieldToLoop } from "../runtime/time-slice";

/** Rows per COPY slice on PostgreSQL (the server does the work; the slice bounds encoding memory). */
export const ROWS_PER_COPY = 8_000;
/**
 * Rows per insert on PGlite, its only connection: 8,000 weekly or snapshot rows were one
 * 300–650 ms statement that every page query waited behind.
 */
export const ROWS_PER_PGLITE_INSERT = 500;
/** Encoding time after which the encoder yields to the event loop. */
const YIELD_AFTER_MS = 8;

/** One field: NULL, a number (NaN = NULL), a boolean, text, or a float8[] (NaN elements = NULL). */
export type CopyValue = string | number | boolean | null | ArrayLike<number>;

/** A column and its PostgreSQL type (the type casts PGlite's unnest arrays). */
export type CopyColumn = readonly [name: string, type: "int" | "smallint" | "float8" | "text" | "boolean" | "float8[]"];

interface PgliteLike {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}
interface PostgresLike {
  unsafe(sql: string): { writable(): Promise<NodeJS.WritableStream> };
}

/** The driver client under drizzle's database or transaction (PGlite or postgres.js). */
function clientOf(db: Db): PgliteLike | PostgresLike {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client) throw new Error("bulk copy: no driver client under this database handle");
  return client as PgliteLike | PostgresLike;
}

const isPostgres = (c: PgliteLike | PostgresLike): c is PostgresLike => typeof (c as PostgresLike).unsafe === "function";

/**
 * True on PGlite: one connection owned by this process (on its own thread, db/pglite-thread.ts).
 * Every other statement waits behind the running one, so callers keep each one small.
 */
export function runsOnThisThread(db: Db): boolean {
  return !isPostgres(clientOf(db));
}

/** NaN is a missing value (stored as NULL, read back as NaN); ±Infinity is a bug and refused. */
function number(v: number, nullText: string): string {
  if (Number.isNaN(v)) return nullText;
  if (!Number.isFinite(v)) throw new Error(`cannot store non-finite number ${v}`);
  return String(v);
}

function text(v: string): string {
  // COPY text format: backslash, tab, newline and carriage return are escaped.
  return /[\\\t\n\r]/.test(v) ? v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : v;
}

export function copyField(v: CopyValue): string {
  if (v === null) return "\\N";
  if (typeof v === "number") return number(v, "\\N");
  if (typeof v === "boolean") return v ? "t" : "f";
  if (typeof v === "string") return text(v);
  return vectorLiteral(v);
}

/** A float8[] literal: numbers need no quoting. */
function vectorLiteral(v: ArrayLike<number>): string {
  let s = "{";
  for (let i = 0; i < v.length; i++) s += (i ? "," : "") + number(v[i]!, "NULL");
  return s + "}";
}


/**
 * COPYs `count` rows into `table`; `row(i, out)` pushes row i's fields in column order. With
 * `upsert` the rows go through a temporary table and `insert … on conflict <upsert>`.
 */
export async function copyRows(
  db: Db,
  table: string,
  columnTypes: readonly CopyColumn[],
  count: number,
  row: (i: number, out: CopyValue[]) => void,
  options: { upsert?: string; onRows?: (n: number) => void } = {},
): Promise<void> {
  if (count === 0) return;
  const client = clientOf(db);
  const columns = columnTypes.map((c) => c[0]);
  const cols = columns.join(", ");
  if (!isPostgres(client)) return insertUnnest(client, table, columnTypes, count, row, options);
  let target = table;
  if (options.upsert) {
    target = `_bulk_${table}`;
    await exec(client, `create temporary table if not exists ${target} (like ${table} including defaults) on commit drop`);
    await exec(client, `truncate ${target}`);
  }
  const fields: CopyValue[] = [];
  let sliceStart = performance.now();
  for (let start = 0; start < count; start += ROWS_PER_COPY) {
    const end = Math.min(count, start + ROWS_PER_COPY);
    const lines: string[] = new Array(end - start);
    for (let i = start; i < end; i++) {
      fields.length = 0;
      row(i, fields);
      if (fields.length !== columns.length) throw new Error(`bulk copy ${table}: row ${i} has ${fields.length} fields, expected ${columns.length}`);
      let line = copyField(fields[0]!);
      for (let k = 1; k < fields.length; k++) line += "\t" + copyField(fields[k]!);
      lines[i - start] = line;
      // Every 64 rows: one row of a generated timeline may rebuild a whole customer's weeks, and
      // checking every 1,024 rows let slices run to ~90 ms.
      if ((i & 63) === 63 && performance.now() - sliceStart > YIELD_AFTER_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    const body = lines.join("\n") + "\n";
    await copySlice(client, `copy ${target} (${cols}) from stdin`, body);
    options.onRows?.(end - start);
    await yieldToLoop();
    sliceStart = performance.now();
  }
  if (options.upsert) {
    await exec(client, `insert into ${table} (${cols}) select ${cols} from ${target} ${options.upsert}`);
    await exec(client, `truncate ${target}`);
  }
}

async function exec(client: PgliteLike | PostgresLike, statement: string): Promise<void> {
  if (isPostgres(client)) await (client.unsafe(statement) as unknown as Promise<unknown>);
  else await client.query(statement);
}

/** PGlite: one `insert … select from unnest(…)` per slice, one array literal per column. */
async function insertUnnest(
  client: PgliteLike,
  table: string,
  columnTypes: readonly CopyColumn[],
  count: number,
  row: (i: number, out: CopyValue[]) => void,
  options: { upsert?: string; onRows?: (n: number) => void },
): Promise<void> {
  const k = columnTypes.length;
  // unnest() would flatten a 2-D array, so a vector travels as a literal in a text[], cast per row.
  const params = columnTypes.map(([, type], j) => `$${j + 1}::${type === "float8[]" ? "text" : type}[]`).join(", ");
  const select = columnTypes.map(([name, type]) => (type === "float8[]" ? `${name}::float8[]` : name)).join(", ");
  const statement = `insert into ${table} (${columnTypes.map((c) => c[0]).join(", ")}) select ${select} from unnest(${params}) as t(${columnTypes.map((c) => c[0]).join(", ")}) ${options.upsert ?? ""}`;
  const fields: CopyValue[] = [];
  for (let start = 0; start < count; start += ROWS_PER_PGLITE_INSERT) {
    const end = Math.min(count, start + ROWS_PER_PGLITE_INSERT);
    const cols: CopyValue[][] = Array.from({ length: k }, () => new Array<CopyValue>(end - start));
    for (let i = start; i < end; i++) {
      fields.length = 0;
      row(i, fields);
      if (fields.length !== k) throw new Error(`bulk insert ${table}: row ${i} has ${fields.length} fields, expected ${k}`);
      for (let j = 0; j < k; j++) cols[j]![i - start] = fields[j]!;
    }
    const values = columnTypes.map(([, type], j) => {
      const c = cols[j]!;
      if (type === "text") return textArray(c as (string | null)[]);
      if (type === "boolean") return boolArray(c as (boolean | null)[]);
      if (type === "float8[]") return textArray(c.map((v) => (v === null ? null : vectorLiteral(v as ArrayLike<number>))));
      return numberArray(c as (number | null)[]);
    });
    await client.query(statement, values);
    options.onRows?.(end - start);
    await yieldToLoop();
  }
}

async function copySlice(client: PostgresLike, statement: string, body: string): Promise<void> {
  const query = client.unsafe(statement) as unknown as { writable(): Promise<NodeJS.WritableStream>; reject: (e: unknown) => void };
  const stream = await query.writable();
  await new Promise<void>((resolve, reject) => {
    // postgres.js (3.4) reports an error the server sends after the data (duplicate key, bad
    // value) only to the query's own reject, whose promise already resolved with the stream;
    // without this hook the COPY would never settle.
    const settle = query.reject;
    query.reject = (e: unknown) => {
      reject(e instanceof Error ? e : new Error(String(e)));
      settle(e);
    };
    stream.on("error", reject);
    stream.on("finish", resolve);
    stream.end(body);
  });
}

/**
 * Fresh planner statistics for tables a bulk load just filled: without them PostgreSQL plans a
 * new dataset's queries as if its tables were empty (nested loops over a million customers).
 */
export async function analyzeTables(db: Db, tables: readonly string[]): Promise<void> {
  const client = clientOf(db);
  // On PGlite (one connection) every query waits behind ANALYZE: at the default sample
  // (300 × 100 rows) the three dataset tables took 0.2–0.9 s each. A 3,000-row sample still tells the
  // planner the tables' sizes and the skew that decides between index and sequential scans.
  const embedded = !isPostgres(client);
  for (const t of tables) {
    if (embedded) await exec(client, `set default_statistics_target = ${PGLITE_STATISTICS_TARGET}`);
    await exec(client, `analyze ${t}`);
    if (embedded) await exec(client, "reset default_statistics_target");
    await yieldToLoop();
  }
}

const PGLITE_STATISTICS_TARGET = 10;
