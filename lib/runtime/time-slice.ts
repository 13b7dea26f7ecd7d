/**
 * CPU work on the server's thread in slices: `/api/health` and every other request wait while
 * a loop runs, so a long loop is written as a generator that `yield`s at points where it may
 * pause, and is driven here. The driver only hands the thread back when the slice has used its
 * budget, so a yield per row costs a generator resume, not an event-loop turn.
 */

/** A computation that may pause at each `yield`. */
export type Pausable<T> = Generator<void, T, void>;

/** Longest stretch the server's thread runs one computation before it lets other work in. */
export const SLICE_BUDGET_MS = 8;

/** One event-loop turn: timers and I/O callbacks run before the caller continues. */
export const yieldToLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the computation to its end without pausing (tests, worker threads, small inputs). */
export function runToEnd<T>(work: Pausable<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs the computation on this thread, giving the event loop a turn after every budget's worth of work. */
export async function runInSlices<T>(work: Pausable<T>, budgetMs = SLICE_BUDGET_MS): Promise<T> {
  let start = performance.now();
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    if (performance.now() - start >= budgetMs) {
      await yieldToLoop();
      start = performance.now();
    }
  }
}

/**
 * For async loops that cannot be generators (they await I/O between steps): `await clock.tick()`
 * after each step yields to the event loop only when the budget is used.
 */
export class SliceClock {
  private start = performance.now();
  constructor(private readonly budgetMs = SLICE_BUDGET_MS) {}

  /** True once this slice has used its budget. */
  get due(): boolean {
    return performance.now() - this.start >= this.budgetMs;
  }

  async tick(): Promise<void> {
    if (!this.due) return;
    await yieldToLoop();
    this.start = performance.now();
  }
}

/**
 * `step(from, to)` over the rows [0, n) in chunks of `rowsPerStep`, pausing between chunks.
 * Pick `rowsPerStep` so a chunk is well under the budget even in V8's unoptimised tier.
 */
export function* rowSteps(n: number, rowsPerStep: number, step: (from: number, to: number) => void): Pausable<void> {
  const size = Math.max(1, Math.floor(rowsPerStep));
  for (let from = 0; from < n; from += size) {
    step(from, Math.min(n, from + size));
    if (from + size < n) yield;
  }
}
