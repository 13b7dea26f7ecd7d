import type { TransferListItem } from "node:worker_threads";
import { spawnTsWorker } from "./spawn-ts-worker";

/** What a job's message handler can do: answer, fail, or send the worker more work. */
export interface WorkerJobControl<R> {
  resolve(value: R): void;
  reject(error: unknown): void;
  post(message: unknown, transfer?: readonly TransferListItem[]): void;
}

export interface WorkerJob<M, R> {
  /** The worker's TypeScript entry file (it waits for `request` as its first message). */
  entry: URL;
  request: unknown;
  transfer?: readonly TransferListItem[];
  /** Called for every message until the job is settled; progress messages simply return. */
  onMessage(message: M, job: WorkerJobControl<R>): void;
  /** The error when the thread ends (or fails) without an answer. */
  exitError(code: number): Error;
  errorOf?(e: Error): Error;
  /** Aborting terminates the worker; the job rejects with `abortError()`. */
  signal?: AbortSignal;
  abortError?(): Error;
  /** Called right after `request` was posted (jobs that feed their worker in parts). */
  started?(job: WorkerJobControl<R>): void;
}

/**
 * Live jobs per entry file. Threads belong to the process, not to a server, so this count is
 * process state by nature (tests check that every job's thread is gone once it settles).
 */
const live = new Map<string, number>();

/** Worker jobs of this entry file whose thread is still running. */
export function liveWorkerJobs(entry: URL): number {
  return live.get(entry.href) ?? 0;
}

/**
 * Runs one job in a worker thread: posts the request, hands messages to `onMessage`, and settles
 * exactly once — with its answer, its error, an abort, or the thread's unexpected end. It settles
 * only after the thread has exited, so a settled job (also a rejected or aborted one) never has a
 * thread still running.
 */
export function runWorkerJob<M, R>(job: WorkerJob<M, R>): Promise<R> {
  if (job.signal?.aborted) return Promise.reject(job.abortError?.() ?? new Error("aborted"));
  return new Promise<R>((resolve, reject) => {
    const worker = spawnTsWorker(job.entry);
    const key = job.entry.href;
    live.set(key, (live.get(key) ?? 0) + 1);
    let outcome: (() => void) | null = null;
    let exited = false;
    const finish = (fn: () => void) => {
      if (outcome) return;
      outcome = fn;
      job.signal?.removeEventListener("abort", onAbort);
      if (exited) fn();
      else void worker.terminate();
    };
    const onAbort = () => finish(() => reject(job.abortError?.() ?? new Error("aborted")));
    job.signal?.addEventListener("abort", onAbort, { once: true });
    const control: WorkerJobControl<R> = {
      resolve: (v) => finish(() => resolve(v)),
      reject: (e) => finish(() => reject(e)),
      post: (m, transfer) => {
        if (!outcome) worker.postMessage(m, transfer);
      },
    };
    worker.on("message", (m: M) => {
      if (outcome) return;
      try {
        job.onMessage(m, control);
      } catch (e) {
        control.reject(e);
      }
    });
    worker.on("error", (e) => finish(() => reject(job.errorOf ? job.errorOf(e) : e)));
    worker.on("exit", (code) => {
      exited = true;
      const n = (live.get(key) ?? 1) - 1;
      if (n > 0) live.set(key, n);
      else live.delete(key);
      if (outcome) outcome();
      else {
        outcome = () => {};
        job.signal?.removeEventListener("abort", onAbort);
        reject(job.exitError(code));
      }
    });
    worker.postMessage(job.request, job.transfer);
    job.started?.(control);
  });
}
