// The embedded database's own thread. Plain JavaScript on purpose: it starts without a
// TypeScript loader (~50 ms instead of ~0.8 s) and is loaded by path from db/pglite-thread.ts.
// Protocol (one message in, one reply out, matched by id):
//   { id, op: "query", sql, params, rowMode, rawOids, txId? } → { id, result: { rows, fields, affectedRows } }
//   { id, op: "exec", sql, txId? }                           → { id, result: [{ rows, fields, affectedRows }] }
//   { id, op: "begin" }                                       → { id, result: txId }
//   { id, op: "commit" | "rollback", txId }                   → { id, result: null }
//   { id, op: "close" }                                       → { id, result: null }
// A failure replies { id, error: { message, name, code, … } } with PostgreSQL's error fields.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const db = workerData.dataDir ? new PGlite(workerData.dataDir) : new PGlite();
const transactions = new Map();
let nextTx = 1;

// PostgreSQL's error fields that callers read (codes, constraint names); the failed query's
// parameters are left out: they can be megabytes of bulk data and may hold personal data.
const ERROR_FIELDS = ["code", "severity", "detail", "hint", "position", "where", "schema", "table", "column", "dataType", "constraint", "routine"];

function errorOf(e) {
  const out = { message: e instanceof Error ? e.message : String(e), name: e instanceof Error ? e.name : "Error" };
  if (e && typeof e === "object") for (const k of ERROR_FIELDS) if (e[k] !== undefined) out[k] = e[k];
  return out;
}

/** Drizzle passes parsers that return the raw text for dates, timestamps and intervals; only that kind is supported. */
function queryOptions(msg) {
  const options = {};
  if (msg.rowMode) options.rowMode = msg.rowMode;
  if (msg.rawOids?.length) {
    options.parsers = {};
    for (const oid of msg.rawOids) options.parsers[oid] = (v) => v;
  }
  return options;
}

function plain(r) {
  return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows };
}

function querier(txId) {
  if (txId === undefined) return db;
  const t = transactions.get(txId);
  if (!t) throw new Error(`PGlite thread: transaction ${txId} is not open`);
  return t.tx;
}

async function begin() {
  const txId = nextTx++;
  let opened;
  const ready = new Promise((resolve) => (opened = resolve));
  const entry = {};
  // PGlite holds its lock for the whole callback, so statements outside the transaction wait,
  // as they do on a single connection; the callback ends when the caller commits or rolls back.
  entry.done = db.transaction(async (tx) => {
    entry.tx = tx;
    const decided = new Promise((resolve, reject) => {
      entry.commit = resolve;
      entry.rollback = reject;
    });
    transactions.set(txId, entry);
    opened();
    await decided;
  });
  // If BEGIN itself fails, the callback never runs.
  await Promise.race([ready, entry.done]);
  if (!transactions.has(txId)) throw new Error("PGlite thread: transaction did not open");
  return txId;
}

async function finish(txId, commit) {
  const t = transactions.get(txId);
  if (!t) throw new Error(`PGlite thread: transaction ${txId} is not open`);
  transactions.delete(txId);
  if (commit) {
    t.commit();
    await t.done;
  } else {
    t.rollback(new Error("rollback"));
    await t.done.catch(() => {});
  }
  return null;
}

async function handle(msg) {
  switch (msg.op) {
    case "query":
      return plain(await querier(msg.txId).query(msg.sql, msg.params, queryOptions(msg)));
    case "exec":
      return (await querier(msg.txId).exec(msg.sql)).map(plain);
    case "begin":
      return begin();
    case "commit":
      return finish(msg.txId, true);
    case "rollback":
      return finish(msg.txId, false);
    case "close":
      await db.close();
      return null;
    default:
      throw new Error(`PGlite thread: unknown operation ${msg.op}`);
  }
}

parentPort.on("message", (msg) => {
  handle(msg).then(
    (result) => parentPort.postMessage({ id: msg.id, result }),
    (e) => parentPort.postMessage({ id: msg.id, error: errorOf(e) }),
  );
});

db.waitReady.then(
  () => parentPort.postMessage({ ready: true }),
  (e) => parentPort.postMessage({ ready: false, error: errorOf(e) }),
);
