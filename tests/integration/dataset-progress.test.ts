/**
 * Dataset jobs show progress to the person waiting: a graphql-ws subscriber sees generate,
 * store and (for advance) score phases with counts, then done with the dataset id — over the
 * real HTTP and WebSocket front, in process, on both databases.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ensureAdmin } from "../../lib/auth/accounts";
import { createTestDb, type TestDb } from "../support/db";
import { describeEachDb } from "../support/db-suites";
import { adminTokenFor, startInProcessServer, type InProcessServer } from "../support/in-process-server";
import { wsClient } from "../support/graphql-client";

// See token-lifecycle.test.ts: one copy of graphql, as under tsx.
vi.mock("graphql", async () => (await import("node:module")).createRequire(import.meta.url)("graphql"));

const BOOT = { email: "progress-admin@test.local", password: "progress-admin-pass-5521" };

interface ProgressEvent {
  job: string;
  phase: string;
  status: string;
  done: number;
  total: number;
  datasetId: number | null;
  error: string | null;
}

describeEachDb("dataset job progress (%s)", (kind) => {
  let t: TestDb;
  let srv: InProcessServer;
  let token = "";

  const post = async (query: string) => {
    const r = await fetch(`${srv.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await r.json()) as { data?: Record<string, { id: number }>; errors?: { extensions?: { code?: string } }[] };
  };

  /** Subscribes, runs the mutation, and returns every event until the job's done or failed one. */
  const during = async (mutation: string): Promise<{ events: ProgressEvent[]; result: Awaited<ReturnType<typeof post>> }> => {
    const client = wsClient(srv.url, token);
    const events: ProgressEvent[] = [];
    let ready!: () => void;
    const subscribed = new Promise<void>((r) => (ready = r));
    const ended = new Promise<void>((resolve, reject) => {
      client.on("connected", () => ready());
      client.subscribe<{ datasetProgress: ProgressEvent }>(
        { query: "subscription { datasetProgress { job phase status done total datasetId error } }" },
        {
          next: (v) => {
            if (v.errors?.length) return reject(new Error(JSON.stringify(v.errors)));
            const e = v.data!.datasetProgress;
            events.push(e);
            if (e.status !== "RUNNING") resolve();
          },
          error: reject,
          complete: () => resolve(),
        },
      );
    });
    await subscribed;
    // The subscribe message follows connection_ack on the same socket: give the server a moment to register it.
    await new Promise((r) => setTimeout(r, 300));
    const result = await post(mutation);
    await ended;
    await client.dispose();
    return { events, result };
  };

  beforeAll(async () => {
    t = await createTestDb(kind);
    await ensureAdmin(t.db, BOOT.email, BOOT.password);
    srv = await startInProcessServer(t, { RATE_LIMIT_LOGIN_PER_MIN: "1000" });
    token = await adminTokenFor(srv, BOOT, "progress");
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
    await t?.destroy();
  });

  it("generate: generate and store phases with counts, then done with the dataset's id", async () => {
    const { events, result } = await during("mutation { generateDataset(input: { nCustomers: 300, seed: 3, historyWeeks: 40 }) { id } }");
    expect(result.errors).toBeUndefined();
    const id = result.data!.generateDataset!.id;
    expect(events.every((e) => e.job === "GENERATE")).toBe(true);
    expect(events.some((e) => e.phase === "GENERATE" && e.status === "RUNNING")).toBe(true);
    const stored = events.filter((e) => e.phase === "STORE" && e.status === "RUNNING");
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.at(-1)!.done).toBe(stored.at(-1)!.total);
    expect(stored.at(-1)!.total).toBeGreaterThan(300);
    expect(events.at(-1)).toMatchObject({ status: "DONE", datasetId: id, error: null });
  }, 300_000);

  it("advance: store, then score, then done; a refused advance ends as failed with the reason", async () => {
    const { events, result } = await during("mutation { advanceDataset(weeks: 4) { id } }");
    expect(result.errors).toBeUndefined();
    expect(events.map((e) => e.phase)).toContain("SCORE");
    expect(events.at(-1)).toMatchObject({ job: "ADVANCE", status: "DONE" });

    const refused = await during("mutation { advanceDataset(weeks: 60) { id } }");
    expect(refused.result.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(refused.events.at(-1)).toMatchObject({ job: "ADVANCE", status: "FAILED" });
    expect(refused.events.at(-1)!.error).toMatch(/weeks|52/);
  }, 300_000);
});
