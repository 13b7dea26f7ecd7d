import { once } from "node:events";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { spareThreadId, spawnTsWorker } from "../../lib/workers/spawn-ts-worker";

const ECHO = new URL("../support/workers/echo-worker.ts", import.meta.url);

interface Echo {
  job: unknown;
  threadId: number;
  env: string | null;
}

async function runJob(w: Worker, job: unknown): Promise<Echo> {
  const answer = once(w, "message") as Promise<[Echo]>;
  w.postMessage(job);
  const [m] = await answer;
  await once(w, "exit");
  return m;
}

const waitFor = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};

describe("worker spares", () => {
  afterEach(() => {
    delete process.env.WORKER_SPARES;
    delete process.env.ECHO_WORKER_PROBE;
  });

  it("after a job, a started worker waits for the next one, which it answers on its own thread", async () => {
    const first = await runJob(spawnTsWorker(ECHO), 1);
    expect(first.job).toBe(1);
    await waitFor(() => spareThreadId(ECHO) !== null);
    const waiting = spareThreadId(ECHO);
    const second = await runJob(spawnTsWorker(ECHO), 2);
    expect(second.job).toBe(2);
    expect(second.threadId).not.toBe(first.threadId);
    expect(second.threadId).toBe(waiting);
    expect(spareThreadId(ECHO)).not.toBe(waiting);
  });

  it("a spare sees the environment of the moment it works, not of its start", async () => {
    await runJob(spawnTsWorker(ECHO), "warm");
    await waitFor(() => spareThreadId(ECHO) !== null);
    process.env.ECHO_WORKER_PROBE = "set after the spare started";
    const r = await runJob(spawnTsWorker(ECHO), "probe");
    expect(r.env).toBe("set after the spare started");
  });

  it("WORKER_SPARES=0 keeps no spare", async () => {
    process.env.WORKER_SPARES = "0";
    const other = new URL("../support/workers/echo-worker.ts?no-spare", import.meta.url);
    await runJob(spawnTsWorker(other), "x");
    await new Promise((r) => setTimeout(r, 200));
    expect(spareThreadId(other)).toBeNull();
  });
});
