import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { getDatabase, type Db, type DbHandle } from "../../db/client";
import { llmConfig, type Env, type LlmConfig } from "../config/env";
import { createEvents, type AppEvents } from "../events";
import { bridgeEventsOverPostgres } from "../events/pg-bridge";
import { recoverInterruptedRuns, type TrainingDeps } from "../ml/training-service";
import { installMonitoring } from "../monitor/install";
import { ScoringJobRunner } from "../monitor/scoring-runner";
import { parseCron } from "../config/cron";
import { getActiveRunSummary } from "../ml/model-registry";
import { PlanBatchRunner, PlanRunnerState, type PlanDeps } from "../plans/batch-runner";
import { AccountLoginThrottle } from "../auth/login-throttle";
import { RateLimiter } from "../auth/rate-limit";
import { createLogger, type Logger } from "./logger";
import { loadModel, ModelCache } from "./model-queries";
import { pgOwnerLiveness } from "./owner-liveness";
import { ReadCache } from "./read-cache";
import { ReportCache } from "./report-cache";

/** Everything the API layers (GraphQL, REST, CLI) need, created once per process. */
export interface AppServices {
  env: Env;
  db: Db;
  dbHandle: DbHandle;
  events: AppEvents;
  llm: LlmConfig | null;
  ownerId: string;
  training: TrainingDeps;
  plans: PlanDeps;
  planRunner: PlanBatchRunner;
  /** Scheduled/triggered scoring jobs (#14), one at a time under a database lease. */
  scoringJobs: ScoringJobRunner;
  log: Logger;
  /** Hot reads (active scope, customer pages, details) from memory; `invalidate()` after writes. */
  cache: ReadCache;
  /** Per-principal budget of expensive operations (actions declare their cost). */
  expensiveLimiter: RateLimiter;
  /** Sign-in attempts per client address. */
  loginLimiter: RateLimiter;
  /** Failed sign-ins per account, with backoff. */
  accountLoginThrottle: AccountLoginThrottle;
  /** Reports written with the LLM, per (dataset, model, batch). */
  reports: ReportCache;
  /** Parsed models and SHAP matrices (what-if, SHAP views, scoring). */
  models: ModelCache;
  startedAt: Date;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  /** Use this database instead of opening one from the environment (tests). */
  dbHandle?: DbHandle;
  /** Don't start the background plan runner (CLI one-shots). */
  runPlans?: boolean;
  /** This process's owner id (the CLI names itself, so servers can see it is alive). */
  ownerId?: string;
}

export async function createAppServices(env: Env, options: CreateServicesOptions = {}): Promise<AppServices> {
  const log = createLogger(env.LOG_LEVEL);
  installMonitoring();
  const llm = llmConfig(env);
  // Identifies this process's claims (training runs, plan leases) so a restart can tell them apart.
  const ownerId = options.ownerId ?? `${hostname().slice(0, 30)}:${process.pid}:${randomBytes(4).toString("hex")}`;
  const dbHandle =
    options.dbHandle ?? (await getDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR, applicationName: ownerId }));
  const db = dbHandle.db;
  const events = createEvents();
  const isOwnerAlive = dbHandle.pg ? pgOwnerLiveness(dbHandle.pg) : undefined;
  const training: TrainingDeps = { db, events, ownerId, isOwnerAlive, jobs: new Map() };
  const plans: PlanDeps = { db, events, llm, ownerId, state: new PlanRunnerState(), log: (m: string) => log.info(m) };
  const recovered = await recoverInterruptedRuns(training);
  if (recovered > 0) log.warn(`标记 ${recovered} 个中断的训练任务为失败 (interrupted training runs marked failed)`);
  const unbridge = dbHandle.pg
    ? await bridgeEventsOverPostgres(dbHandle.pg, events, ownerId, (e) => log.warn("event bridge error", { error: e instanceof Error ? e.message : String(e) }))
    : null;
  const cache = new ReadCache(db);
  // Progress events mark the writes other paths make (a model became active, a plan changed),
  // including those of other instances that arrive through the event bridge.
  const offTraining = events.training.onAny((_t, e) => {
    if (e.status === "succeeded") cache.invalidate();
  });
  const offPlans = events.plans.onAny((_t, e) => {
    if (e.kind !== "delta") cache.planChanged(e.customerId, e.kind === "done");
  });
  const planRunner = new PlanBatchRunner(plans);
  if (options.runPlans !== false) planRunner.start();
  const models = new ModelCache();
  const scoringJobs = new ScoringJobRunner({
    db,
    ownerId,
    activeModel: async () => {
      const run = await getActiveRunSummary(db);
      const m = run && (await loadModel(db, models, run.id));
      return run && m ? { runId: run.id, ensemble: m.ensemble } : null;
    },
    onScored: (runId) => {
      models.invalidateShap(runId);
      cache.invalidate();
    },
    log: (m) => log.info(m),
    schedule: env.SCORING_SCHEDULE ? parseCron(env.SCORING_SCHEDULE) : null,
  }, { chunkCustomers: env.SCORING_CHUNK_CUSTOMERS });
  if (options.runPlans !== false) scoringJobs.start();
  return {
    env,
    db,
    dbHandle,
    events,
    llm,
    ownerId,
    training,
    plans,
    planRunner,
    scoringJobs,
    log,
    cache,
    expensiveLimiter: new RateLimiter(env.RATE_LIMIT_EXPENSIVE_PER_MIN, 60_000),
    loginLimiter: new RateLimiter(env.RATE_LIMIT_LOGIN_PER_MIN, 60_000),
    accountLoginThrottle: new AccountLoginThrottle(),
    reports: new ReportCache(),
    models,
    startedAt: new Date(),
    close: async () => {
      await planRunner.stop();
      await scoringJobs.stop();
      offTraining();
      offPlans();
      await unbridge?.().catch(() => {});
      if (!options.dbHandle) await dbHandle.close();
    },
  };
}
