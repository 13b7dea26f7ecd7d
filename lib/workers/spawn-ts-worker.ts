import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { SHARE_ENV, Worker } from "node:worker_threads";

/**
 * Starts a worker thread on a TypeScript entry file. On Node 20 a loader passed with `--import`
 * in the worker's execArgv does not apply to the worker's own entry file, so a tiny bootstrap
 * registers tsx's ESM hooks inside the worker first and then imports the real entry. This works
 * the same under `npx tsx`, vitest (whose transform pipeline workers do not inherit) and the
 * tsx-run server. The environment is shared, so a worker sees the settings of the moment it
 * works, not of the moment it started.
 */
function startWorker(entry: URL): Worker {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { env: SHARE_ENV });
}

/**
 * One started, unused worker per entry file. Starting a worker costs ~0.8 s of CPU (tsx's hooks
 * ~0.25 s, compiling the entry's imports ~0.5 s): as much as generating the default timeline.
 * Entries wait for their one job message, so a started worker can sit idle until it is needed.
 * The spare is started when the previous worker of that entry exits, so its start never competes
 * with the job itself; it is unref'd so it never keeps a process alive, and it ends after
 * SPARE_IDLE_MS unused (an idle worker holds 30–50 MB; work comes in bursts: generate, train,
 * score). Threads belong to the process, so this is process state by nature, not per-server state.
 */
const spares = new Map<string, { worker: Worker; expiry: NodeJS.Timeout }>();

/** Off (WORKER_SPARES=0) for memory-tight deployments: every job then starts its own worker. */
const sparesEnabled = () => process.env.WORKER_SPARES !== "0";
const SPARE_IDLE_MS = 30_000;

function keepSpare(entry: URL): void {
  if (!sparesEnabled() || spares.has(entry.href)) return;
  const w = startWorker(entry);
  w.unref();
  const drop = () => {
    clearTimeout(expiry);
    if (spares.get(entry.href)?.worker === w) spares.delete(entry.href);
  };
  const expiry = setTimeout(() => {
    drop();
    void w.terminate();
  }, SPARE_IDLE_MS);
  expiry.unref();
  w.once("error", drop);
  w.once("exit", drop);
  spares.set(entry.href, { worker: w, expiry });
}

export function spawnTsWorker(entry: URL): Worker {
  const spare = spares.get(entry.href);
  let w: Worker;
  if (spare) {
    clearTimeout(spare.expiry);
    spares.delete(entry.href);
    w = spare.worker;
    w.removeAllListeners("error");
    w.removeAllListeners("exit");
    w.ref();
  } else {
    w = startWorker(entry);
  }
  w.once("exit", () => keepSpare(entry));
  return w;
}

/** The thread id of the started, unused worker of this entry; null when none waits (tests, diagnostics). */
export function spareThreadId(entry: URL): number | null {
  return spares.get(entry.href)?.worker.threadId ?? null;
}

/** Starts the spares of these entries now (at server start: the first job is then warm too). */
export function prewarmWorkers(entries: readonly URL[]): void {
  for (const e of entries) keepSpare(e);
}
