import { setImmediate as nextTurn } from "node:timers/promises";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/**
 * PGlite runs every statement on this thread and settles its promise as a microtask, so a loop
 * of awaited statements (a plan batch with the template planner, a chunked write) never gives
 * timers or sockets a turn: a 1,000-plan template batch held the event loop for its whole 33 s
 * and /api/health with it. One macrotask turn before each statement lets the server answer
 * between statements; a single statement still runs to its end, so writers keep them small.
 */
export function yieldBetweenStatements(client: PGlite): PGlite {
  wrapQuerier(client);
  const transaction = client.transaction.bind(client);
  client.transaction = ((callback: (tx: Transaction) => Promise<unknown>) =>
    transaction(async (tx) => callback(wrapQuerier(tx)))) as PGlite["transaction"];
  return client;
}

function wrapQuerier<T extends Pick<PGlite, "query" | "exec">>(q: T): T {
  const query = q.query.bind(q);
  const exec = q.exec.bind(q);
  q.query = (async (...args: Parameters<PGlite["query"]>) => {
    await nextTurn();
    return query(...args);
  }) as T["query"];
  q.exec = (async (...args: Parameters<PGlite["exec"]>) => {
    await nextTurn();
    return exec(...args);
  }) as T["exec"];
  return q;
}
