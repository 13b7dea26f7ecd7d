/**
 * A scoring job runner in its own process, for the shared-job tests: two of these on one
 * PostgreSQL database score one job's chunks between them; the parent may SIGKILL one mid-job.
 * Reports on stdout, one JSON object per line:
 *   {"event":"ready"} · {"event":"chunk","chunkId":…,"chunkNo":…} · {"event":"job-done","status":…}
 * Environment: SCORING_DATABASE_URL; SCORING_JOB_ID (exit 0 once it is done or failed);
 * SCORING_OWNER; SCORING_LEASE_MS; SCORING_CHUNK_CUSTOMERS; SCORING_PAUSE_MS (after each stored
 * chunk, so that both processes get a share of a small job).
 */
import { openDatabase } from "../../db/client";
import { getActiveRunSummary } from "../../lib/ml/model-registry";
import { getScoringJob } from "../../lib/monitor/scoring-jobs";
import { ScoringJobRunner } from "../../lib/monitor/scoring-runner";
import { loadModel, ModelCache } from "../../lib/services/model-queries";

const env = process.env;
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

const jobId = Number(env.SCORING_JOB_ID);
if (!Number.isInteger(jobId) || jobId < 1) throw new Error("SCORING_JOB_ID must be a positive integer");
if (!env.SCORING_DATABASE_URL) throw new Error("SCORING_DATABASE_URL is required (PostgreSQL: PGlite is one process)");
const handle = await openDatabase({ databaseUrl: env.SCORING_DATABASE_URL, maxConnections: 4 });
const models = new ModelCache();
const pauseMs = Number(env.SCORING_PAUSE_MS ?? 0);
const runner = new ScoringJobRunner(
  {
    db: handle.db,
    ownerId: env.SCORING_OWNER ?? `child-${process.pid}`,
    activeModel: async () => {
      const run = await getActiveRunSummary(handle.db);
      const m = run && (await loadModel(handle.db, models, run.id));
      return run && m ? { runId: run.id, ensemble: m.ensemble } : null;
    },
    log: (m) => process.stderr.write(`${m}\n`),
  },
  {
    leaseMs: Number(env.SCORING_LEASE_MS ?? 10_000),
    pollMs: 100,
    singleProcess: false,
    chunkCustomers: Number(env.SCORING_CHUNK_CUSTOMERS ?? 500),
    onChunkStored: async (chunk) => {
      say({ event: "chunk", chunkId: chunk.id, chunkNo: chunk.chunkNo });
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    },
  },
);

runner.start();
say({ event: "ready", pid: process.pid });
let finished = false;
const timer = setInterval(() => {
  if (finished) return;
  getScoringJob(handle.db, jobId)
    .then(async (job) => {
      if (finished || !job || (job.status !== "done" && job.status !== "failed")) return;
      finished = true;
      clearInterval(timer);
      await runner.stop();
      say({ event: "job-done", status: job.status });
      await handle.close();
      process.exit(0);
    })
    .catch((e: unknown) => process.stderr.write(`poll failed: ${String(e)}\n`));
}, 100);
