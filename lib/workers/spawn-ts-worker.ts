import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on a TypeScript entry file. On Node 20 a loader passed with `--import`
 * in the worker's execArgv does not apply to the worker's own entry file, so a tiny bootstrap
 * registers tsx's ESM hooks inside the worker first and then imports the real entry. This works
 * the same under `npx tsx`, vitest (whose transform pipeline workers do not inherit) and the
 * tsx-run server.
 */
export function spawnTsWorker(entry: URL): Worker {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href.replace(/\.cjs$/, ".mjs");
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`));
}
