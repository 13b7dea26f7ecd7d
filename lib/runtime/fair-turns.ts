/**
 * One request's CPU-bound start per turn of the event loop.
 *
 * A read answered from the cache runs to completion in the callback that delivered its body:
 * parse, validate, execute and serialise, ~10 ms of the server's thread with no I/O in between.
 * When 50 such bodies arrive in one poll phase, Node runs all of them before it looks at the
 * sockets again, so a liveness probe or a small request behind them waits for the whole batch
 * (health p99 438 ms in the soak). `takeTurn()` is awaited just before that work: each waiter is
 * released from its own setImmediate, and a release scheduled while the check phase runs lands in
 * the next loop iteration, so at most one start runs between two polls of the sockets. There is no
 * limit on how many requests are in flight — a request waiting on the database holds no turn —
 * which is what sank the earlier concurrency gate (reads queued behind an import's transaction).
 */
const waiting: Array<() => void> = [];
let pumping = false;

function release(): void {
  const next = waiting.shift();
  if (next) next();
  if (waiting.length > 0) setImmediate(release);
  else pumping = false;
}

/** Resolves when it is this caller's turn to run its synchronous work (FIFO). */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!pumping) {
      pumping = true;
      setImmediate(release);
    }
  });
}

/** How many callers are waiting for a turn (for tests and diagnostics). */
export function turnsWaiting(): number {
  return waiting.length;
}
