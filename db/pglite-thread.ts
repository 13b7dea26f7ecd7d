import { Worker } from "node:worker_threads";

/**
 * The embedded database (PGlite) on its own thread. PGlite executes every statement in the
 * calling thread: on the server's thread, storing the default timeline or a training matrix was
 * hundreds of 50–650 ms blocks, and /api/health waited behind each (p99 489 ms while training).
 * Here the server's thread only posts a message and receives the rows.
 *
 * It offers the part of PGlite's interface that drizzle's PGlite driver and lib/data/bulk-copy.ts
 * use: `query`, `exec`, `transaction`, `waitReady`, `close`. The only result parsers supported are
 * drizzle's "keep the raw text" ones (dates, timestamps, intervals): functions cannot cross
 * threads, so their type ids are sent instead.
 */

interface Field {
  name: string;
  dataTypeID: number;
}
export interface QueryResult<T = unknown> {
  rows: T[];
  fields: Field[];
  affectedRows?: number;
}
export interface QueryOptions {
  rowMode?: "array" | "object";
  parsers?: Record<number, (value: string, typeId: number) => unknown>;
}

export interface PgliteQuerier {
  query<T = unknown>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  exec(sql: string): Promise<QueryResult[]>;
}
export interface PgliteThreadTransaction extends PgliteQuerier {
  readonly closed: boolean;
}

interface SerialisedError {
  message: string;
  name: string;
  [field: string]: unknown;
}
type Reply = { id: number; result: unknown; error?: undefined } | { id: number; error: SerialisedError };
type Ready = { ready: true } | { ready: false; error: SerialisedError };

const WORKER_FILE = new URL("./pglite-worker.mjs", import.meta.url);

/** An Error carrying PostgreSQL's fields (code, constraint, …) as PGlite's own DatabaseError does. */
function toError(e: SerialisedError): Error {
  const err = new Error(e.message);
  Object.assign(err, e);
  return err;
}

/** Drizzle's parsers only keep the raw text; anything else would silently change results, so it is refused. */
function rawTextOids(parsers: QueryOptions["parsers"]): number[] {
  if (!parsers) return [];
  const oids = Object.keys(parsers).map(Number);
  for (const oid of oids) {
    if (parsers[oid]!("2026-01-01", oid) !== "2026-01-01") throw new Error(`PGlite thread: parser for type ${oid} is not supported (only raw-text parsers cross threads)`);
  }
  return oids;
}

export class PgliteThread implements PgliteQuerier {
  readonly waitReady: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private exited: Error | undefined;

  /** `dataDir` undefined: an in-memory database. */
  constructor(dataDir: string | undefined) {
    this.worker = new Worker(WORKER_FILE, { workerData: { dataDir } });
    this.waitReady = new Promise<void>((resolve, reject) => {
      const onReady = (m: Reply | Ready) => {
        if (!("ready" in m)) return;
        this.worker.off("message", onReady);
        if (m.ready) resolve();
        else reject(toError(m.error));
      };
      this.worker.on("message", onReady);
      this.worker.once("error", reject);
    });
    this.worker.on("message", (m: Reply | Ready) => {
      if ("ready" in m) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(toError(m.error));
      else p.resolve(m.result);
    });
    const fail = (e: Error) => {
      this.exited = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`PGlite thread exited (code ${code})`)));
    // An idle database never keeps the process alive; starting up and a statement in flight do (see call).
    this.waitReady.then(
      () => {
        if (this.pending.size === 0) this.worker.unref();
      },
      () => {},
    );
  }

  private call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = ++this.seq;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, ...message });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  private querier(txId: number | undefined): PgliteQuerier {
    return {
      query: async <T>(sql: string, params?: unknown[], options?: QueryOptions) =>
        this.call<QueryResult<T>>({ op: "query", txId, sql, params: params ?? [], rowMode: options?.rowMode, rawOids: rawTextOids(options?.parsers) }),
      exec: (sql: string) => this.call<QueryResult[]>({ op: "exec", txId, sql }),
    };
  }

  query<T = unknown>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>> {
    return this.querier(undefined).query<T>(sql, params, options);
  }

  exec(sql: string): Promise<QueryResult[]> {
    return this.querier(undefined).exec(sql);
  }

  /** Commits when the callback resolves, rolls back when it throws (PGlite's own contract). */
  async transaction<T>(callback: (tx: PgliteThreadTransaction) => Promise<T>): Promise<T> {
    const txId = await this.call<number>({ op: "begin" });
    let closed = false;
    const q = this.querier(txId);
    const tx: PgliteThreadTransaction = {
      ...q,
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(tx);
    } catch (e) {
      closed = true;
      await this.call({ op: "rollback", txId }).catch(() => {});
      throw e;
    }
    closed = true;
    await this.call({ op: "commit", txId });
    return result;
  }

  async close(): Promise<void> {
    if (!this.exited) await this.call({ op: "close" }).catch(() => {});
    await this.worker.terminate();
  }
}
