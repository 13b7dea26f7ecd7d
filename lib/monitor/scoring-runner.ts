/**
 * Runs scoring jobs (scoring-jobs.ts). A runner claims a job under a lease (one job at a time
 * across every instance) and splits it into chunks of customers; then every runner of every
 * instance — the claimer and the others, which look for chunks of a running job whenever they
 * have no job to claim — leases chunks, scores each in a worker thread (the event loop only
 * moves rows) and replaces the chunk's predictions in one transaction fenced by the chunk lease,
 * so a chunk re-leased after a crash never leaves duplicates. The runner whose transaction
 * completes the last chunk takes the job's lease there and finishes the job once: ranks over all
 * rows, the scoring run row, the SHAP summary, the monitoring hook (drift, CBPE, alerts). A runner
 * that dies leaves its leases to expire; a job whose claimer died is claimed again (its plan and
 * finished chunks kept), a chunk whose runner died is leased again. It also turns
 * SCORING_SCHEDULE slots into jobs.
 */
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { churnedExpr } from "../../db/as-of";
import { featureVectors, modelRuns, predictions, scoringRuns, type ScoringJobChunkRow, type ScoringJobRow } from "../../db/schema";
import { nextCronTime, type CronSchedule } from "../config/cron";
import { runsOnThisThread } from "../data/bulk-copy";
import { FEATURE_COUNT } from "../data/catalog";
import { getActiveDataset, loadFeatureMatrix } from "../data/dataset-store";
import { fromPgNumber } from "../data/pg-array";
import { rowSteps, runInSlices, yieldToLoop } from "../runtime/time-slice";
import { EventBus } from "../events/bus";
import type { TreeEnsemble } from "../ml/ensemble";
import { modelHooks } from "../ml/model-hooks";
import { ensembleFromBytes } from "../ml/model-registry";
import type { RiskLevelCode } from "../ml/risk";
import { scoreInWorker } from "../ml/score-in-worker";
import { insertPredictionRows, recordScoringRun, scoredRowsFrom, type ScoringScope } from "../ml/scoring";
import { computeShapSummary } from "../ml/shap-summary-store";
import { LeaseLostError, whileLeased, type HeldLease } from "../workers/lease";
import { getDatasetRow } from "./scoring-runs";
import {
  DEFAULT_CHUNK_CUSTOMERS,
  MAX_JOB_ATTEMPTS,
  chunksLeft,
  claimScoringJob,
  enqueueScoringJob,
  expireOrphanLeases,
  finishScoringJob,
  getScoringJob,
  leaseChunk,
  lockOwnChunk,
  markChunkDone,
  planScoringJob,
  releaseChunks,
  releaseScoringJob,
  renewChunkLease,
  renewLease,
  scheduleKey,
  takeJobLease,
} from "./scoring-jobs";

export interface ScoringJobEvent {
  jobId: number;
  status: string;
  progress: number;
  total: number;
}

export const SCORING_JOB_TOPIC = "scoring-jobs";

export interface ScoringRunnerDeps {
  db: Db;
  /** Written to claimed jobs; distinct per process (and per runner in tests). */
  ownerId: string;
  /** The active model, or null when there is none (or its bytes are missing). */
  activeModel(): Promise<{ runId: number; ensemble: TreeEnsemble } | null>;
  /** After a job stored its predictions (cache invalidation). */
  onScored?(modelRunId: number): void;
  log?(msg: string): void;
  /** SCORING_SCHEDULE, parsed; null = no scheduled jobs. */
  schedule?: CronSchedule | null;
}

export interface ScoringRunnerOptions {
  /** A dead runner's job is taken over after this. Default 30 s. */
  leaseMs?: number;
  /** Default leaseMs / 3. */
  heartbeatMs?: number;
  /** Poll for jobs queued elsewhere, expired leases and schedule slots. Default 2 s. */
  pollMs?: number;
  /** Treat the database as single-process: running jobs of owners not live here are orphans. Default: true on PGlite. */
  singleProcess?: boolean;
  /** Owners alive in this process (a runner adds its own); running jobs of others are orphans on PGlite. */
  liveOwners?: Set<string>;
  /** Rows per piece sent to the scoring worker. */
  chunkRows?: number;
  /** Customers per leased chunk of a job (what one runner scores at a time). Default 20,000. */
  chunkCustomers?: number;
  /** Test hook: a chunk's rows are stored (awaited; the chunk lease is already released). */
  onChunkStored?(chunk: ScoringJobChunkRow, jobId: number): Promise<void> | void;
  /** Clock (schedule slots). */
  now?: () => Date;
  /** Test hook: called with scoring progress. */
  onProgress?(job: ScoringJobRow, done: number, total: number): void;
}



const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class ScoringJobRunner {
  /** Job changes of this process's runner (queued, running with progress, done, failed). */
  readonly events = new EventBus<ScoringJobEvent>();
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly singleProcess: boolean;
  private readonly liveOwners: Set<string>;
  private readonly now: () => Date;
  private running = false;
  private dead = false;
  private loopDone: Promise<void> | undefined;
  private current: { job: ScoringJobRow; controller: AbortController; done: Promise<void> } | null = null;
  private wake: (() => void) | undefined;
  private kicked = false;
  private nextSlot: Date | null = null;
  private helping: { controller: AbortController; done: Promise<unknown> } | null = null;
  private model: { runId: number; ensemble: TreeEnsemble } | null = null;

  constructor(
    private readonly deps: ScoringRunnerDeps,
    private readonly opts: ScoringRunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 30_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3));
    this.pollMs = opts.pollMs ?? 2_000;
    this.singleProcess = opts.singleProcess ?? runsOnThisThread(deps.db);
    this.liveOwners = opts.liveOwners ?? new Set();
    this.now = opts.now ?? (() => new Date());
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running || this.dead) return;
    this.running = true;
    this.liveOwners.add(this.deps.ownerId);
    if (this.deps.schedule) this.nextSlot = nextCronTime(this.deps.schedule, this.now());
    this.loopDone = this.loop().catch((e) => this.log(`评分任务执行器异常退出 (scoring runner crashed): ${errorText(e)}`));
  }

  /** Stops claiming; a job in progress is aborted and handed back (queued) for whoever runs next. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.kick();
    const cur = this.current;
    cur?.controller.abort();
    await this.loopDone;
    await cur?.done;
    const helping = this.helping;
    helping?.controller.abort();
    await helping?.done;
    this.liveOwners.delete(this.deps.ownerId);
    if (cur) await releaseScoringJob(this.deps.db, cur.job.id, this.deps.ownerId).catch((e) => this.log(`释放评分任务失败: ${errorText(e)}`));
    await releaseChunks(this.deps.db, this.deps.ownerId).catch((e) => this.log(`释放评分分块失败: ${errorText(e)}`));
  }

  /**
   * What a crash leaves behind (tests): the runner stops at once, writes nothing more and keeps
   * its lease, which expires (or, on PGlite, is an orphan for the next runner).
   */
  async drop(): Promise<void> {
    this.dead = true;
    this.running = false;
    this.kick();
    const cur = this.current;
    cur?.controller.abort();
    this.helping?.controller.abort();
    await this.loopDone;
    await cur?.done;
    this.liveOwners.delete(this.deps.ownerId);
  }

  /** Look for work now (a job was queued in this process). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /**
   * Waits until the job is done or failed. Follows this runner's events and polls the database,
   * so a job that another instance runs is seen too.
   */
  async waitFor(jobId: number, opts: { pollMs?: number; signal?: AbortSignal } = {}): Promise<ScoringJobRow> {
    const pollMs = opts.pollMs ?? 500;
    for (;;) {
      const row = await getScoringJob(this.deps.db, jobId);
      if (!row) throw new Error(`评分任务 ${jobId} 不存在 (scoring job not found)`);
      if (row.status === "done" || row.status === "failed") return row;
      if (opts.signal?.aborted) throw new Error("aborted");
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, pollMs);
        const off = this.events.subscribe(SCORING_JOB_TOPIC, (e) => {
          if (e.jobId === jobId && (e.status === "done" || e.status === "failed")) done();
        });
        function done() {
          clearTimeout(t);
          off();
          resolve();
        }
      });
    }
  }

  /**
   * Runs claimable jobs in this call until none is left (a process without a started runner,
   * e.g. the CLI, that queued a job and wants it done before it exits).
   */
  async runPending(): Promise<number> {
    let n = 0;
    for (;;) {
      const job = await claimScoringJob(this.deps.db, this.deps.ownerId, this.leaseMs);
      if (!job) return n;
      const controller = new AbortController();
      await this.work(job, controller);
      n++;
    }
  }

  private log(msg: string): void {
    this.deps.log?.(msg);
  }

  private publish(job: Pick<ScoringJobRow, "id" | "status" | "progress" | "total">): void {
    this.events.publish(SCORING_JOB_TOPIC, { jobId: job.id, status: job.status, progress: job.progress, total: job.total });
  }

  private async loop(): Promise<void> {
    if (this.singleProcess) {
      const n = await expireOrphanLeases(this.deps.db, [...this.liveOwners]);
      if (n) this.log(`接管 ${n} 个中断的评分任务 (taking over interrupted scoring jobs)`);
    }
    while (this.running) {
      this.kicked = false;
      try {
        await this.enqueueDueSlot();
        const job = await claimScoringJob(this.deps.db, this.deps.ownerId, this.leaseMs);
        if (job && this.running) {
          const controller = new AbortController();
          const done = this.work(job, controller);
          this.current = { job, controller, done };
          await done;
          this.current = null;
          continue;
        }
        // No job to claim: help with the chunks of the job another runner (or instance) split.
        if (!job && this.running && (await this.helpWithChunk())) continue;
      } catch (e) {
        this.log(`领取评分任务失败 (claiming a scoring job failed): ${errorText(e)}`);
      }
      if (!this.running) break;
      if (this.kicked) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** A schedule slot that has come: one job for the active dataset (deduplicated across instances). */
  private async enqueueDueSlot(): Promise<void> {
    const schedule = this.deps.schedule;
    if (!schedule || !this.nextSlot) return;
    const now = this.now();
    if (now < this.nextSlot) return;
    const slot = this.nextSlot;
    this.nextSlot = nextCronTime(schedule, now);
    const dataset = await getActiveDataset(this.deps.db);
    if (!dataset) return;
    const { job, created } = await enqueueScoringJob(this.deps.db, { datasetId: dataset.id, reason: "schedule", dedupeKey: scheduleKey(slot) });
    if (created) {
      this.log(`按计划排队评分任务 ${job.id} (scheduled scoring job queued for ${slot.toISOString()})`);
      this.publish(job);
    }
  }

  /** The job's model (the one it was split with), parsed once per run id. */
  private async modelOf(runId: number): Promise<TreeEnsemble> {
    if (this.model?.runId === runId) return this.model.ensemble;
    const active = await this.deps.activeModel();
    let ensemble = active?.runId === runId ? active.ensemble : null;
    if (!ensemble) {
      const [row] = await this.deps.db.select({ bytes: modelRuns.modelBytes, format: modelRuns.modelFormat }).from(modelRuns).where(eq(modelRuns.id, runId)).limit(1);
      if (!row?.bytes) throw new Error(`模型 ${runId} 已不存在 (model ${runId} no longer exists)`);
      ensemble = ensembleFromBytes(row.bytes, row.format);
    }
    this.model = { runId, ensemble };
    return ensemble;
  }

  private jobLease<T>(jobId: number, parent: AbortSignal, fn: (lease: HeldLease) => Promise<T>): Promise<T> {
    const { db, ownerId } = this.deps;
    return whileLeased(
      {
        renew: () => (this.dead ? Promise.resolve(false) : renewLease(db, jobId, ownerId, this.leaseMs)),
        heartbeatMs: this.heartbeatMs,
        parent,
        what: "scoring job lease",
        onHeartbeatError: (e) => this.log(`评分任务心跳失败 (heartbeat failed) job=${jobId}: ${errorText(e)}`),
      },
      fn,
    );
  }

  /** The claimed job: split it (once), score chunks until none is left to lease, finish it if this runner completed the last one. */
  private async work(job: ScoringJobRow, controller: AbortController): Promise<void> {
    const { db, ownerId } = this.deps;
    const fail = async (error: string) => {
      const row = await finishScoringJob(db, job.id, ownerId, { status: "failed", error });
      if (row) this.publish(row);
      this.log(`评分任务 ${job.id} 失败 (scoring job failed): ${error}`);
    };
    try {
      await this.jobLease(job.id, controller.signal, async (lease) => {
        this.publish({ ...job, progress: job.progress, total: job.total });
        if (job.attempts > MAX_JOB_ATTEMPTS) return await fail(`已尝试 ${job.attempts - 1} 次均未完成（进程中断），不再重试 (interrupted ${job.attempts - 1} times)`);
        const dataset = await getDatasetRow(db, job.datasetId);
        if (!dataset) return await fail("数据集已不存在 (dataset no longer exists)");
        const plan = await planScoringJob(
          db,
          { id: job.id, datasetId: dataset.id, asOfWeek: dataset.asOfWeek },
          ownerId,
          (await this.deps.activeModel())?.runId ?? null,
          this.opts.chunkCustomers ?? DEFAULT_CHUNK_CUSTOMERS,
        );
        if (plan === null) throw new LeaseLostError("scoring job lease");
        if (plan === "no-model") return await fail("尚无可用的模型，请先训练 (no active model: train one first)");
        const current = { ...job, total: plan.total };
        for (;;) {
          await lease.held();
          const chunk = await leaseChunk(db, ownerId, this.leaseMs, job.id);
          if (chunk) {
            if (await this.scoreChunk(chunk, current, lease.signal)) return await this.finishJob(current, chunk, lease);
            continue;
          }
          // Nothing to lease: either everything is done (a job taken over after its last chunk) or others hold the rest.
          if ((await chunksLeft(db, job.id)) === 0) return await this.finishJob(current, { asOfWeek: plan.asOfWeek, modelRunId: plan.modelRunId }, lease);
          await this.sleep(this.pollMs, lease.signal);
        }
      });
    } catch (e) {
      if (e instanceof LeaseLostError || controller.signal.aborted || this.dead) {
        this.log(`评分任务 ${job.id} 已中止或由其他执行器完成 (scoring job aborted or finished by another runner)`);
        return;
      }
      await fail(errorText(e)).catch((e2) => this.log(`记录评分任务失败出错: ${errorText(e2)}`));
    }
  }

  /** A runner without a job scores a chunk of a running job; true when it found one. */
  private async helpWithChunk(): Promise<boolean> {
    const { db, ownerId } = this.deps;
    const chunk = await leaseChunk(db, ownerId, this.leaseMs);
    if (!chunk) return false;
    const controller = new AbortController();
    const done = (async () => {
      const job = await getScoringJob(db, chunk.jobId);
      if (!job) return;
      try {
        if (!(await this.scoreChunk(chunk, job, controller.signal))) return;
        // This runner completed the last chunk and holds the job's lease now: it finishes the job.
        await this.jobLease(job.id, controller.signal, (lease) => this.finishJob(job, chunk, lease));
      } catch (e) {
        if (e instanceof LeaseLostError || controller.signal.aborted || this.dead) return this.log(`评分分块 ${chunk.id} 已中止 (scoring chunk aborted)`);
        this.log(`评分分块 ${chunk.id} 失败，租约到期后重试 (scoring chunk failed; retried when its lease expires): ${errorText(e)}`);
        const row = await finishScoringJob(db, job.id, ownerId, { status: "failed", error: errorText(e) }).catch(() => null);
        if (row) this.publish(row);
      }
    })();
    this.helping = { controller, done };
    await done;
    this.helping = null;
    return true;
  }

  /**
   * Scores one leased chunk and replaces its customers' predictions in one transaction that first
   * locks the chunk row as still ours. True when this transaction completed the job's last chunk
   * (and took the job's lease to finish it).
   */
  private async scoreChunk(chunk: ScoringJobChunkRow, job: ScoringJobRow, parent: AbortSignal): Promise<boolean> {
    const { db, ownerId } = this.deps;
    return whileLeased(
      {
        renew: () => (this.dead ? Promise.resolve(false) : renewChunkLease(db, chunk.id, ownerId, this.leaseMs)),
        heartbeatMs: this.heartbeatMs,
        parent,
        what: "scoring chunk lease",
        onHeartbeatError: (e) => this.log(`评分分块心跳失败 chunk=${chunk.id}: ${errorText(e)}`),
      },
      async (lease) => {
        const ensemble = await this.modelOf(chunk.modelRunId);
        const m = await loadChunkMatrix(db, job.datasetId, chunk.asOfWeek, chunk.customerIds);
        const n = m.customerIds.length;
        const base = (await getScoringJob(db, job.id))?.progress ?? 0;
        const total = job.total || (await getScoringJob(db, job.id))?.total || 0;
        const r = await scoreInWorker({
          model: { ensemble },
          X: m.X,
          nRows: n,
          nCols: FEATURE_COUNT,
          withShap: true,
          signal: lease.signal,
          chunkRows: this.opts.chunkRows,
          onProgress: (done) => {
            this.publish({ id: job.id, status: "running", progress: base + done, total });
            this.opts.onProgress?.(job, base + done, total);
          },
        });
        // Ranks are per chunk here; finishJob ranks all rows once every chunk is in.
        const scored = scoredRowsFrom(r.margin, r.shap ?? new Float64Array(n * FEATURE_COUNT), r.baseValue ?? 0, m.assets);
        const scope: ScoringScope = { id: job.datasetId, asOfWeek: chunk.asOfWeek, horizonWeeks: 0 };
        const onThisThread = runsOnThisThread(db);
        await lease.held();
        const out = await db.transaction(async (tx) => {
          if (!(await lockOwnChunk(tx, chunk.id, ownerId))) throw new LeaseLostError("scoring chunk lease");
          await tx
            .delete(predictions)
            .where(and(eq(predictions.modelRunId, chunk.modelRunId), eq(predictions.datasetId, job.datasetId), eq(predictions.asOfWeek, chunk.asOfWeek), inArray(predictions.customerId, chunk.customerIds)));
          await insertPredictionRows(tx, chunk.modelRunId, scope, m.customerIds, FEATURE_COUNT, scored, onThisThread);
          const { left, progress } = await markChunkDone(tx, chunk, ownerId);
          // A dropped runner (crash simulation) commits nothing more.
          if (this.dead) throw new LeaseLostError("scoring chunk lease");
          return { last: left === 0 && (await takeJobLease(tx, job.id, ownerId, this.leaseMs)), progress };
        });
        this.publish({ id: job.id, status: "running", progress: out.progress, total });
        await this.opts.onChunkStored?.(chunk, job.id);
        return out.last;
      },
    );
  }

  /**
   * Every chunk is in: ranks over all rows (ties by customer id, as a single scoring ranks
   * them), customers no longer in the week removed, the scoring run row, the SHAP summary (over
   * every chunk's rows, in the database), the monitoring hook; then the job is done. Runs under
   * the job's lease, so only one runner does it; a runner dying here leaves it to the next claim.
   */
  private async finishJob(job: ScoringJobRow, plan: { asOfWeek: number; modelRunId: number }, lease: HeldLease): Promise<void> {
    const { db, ownerId } = this.deps;
    const dataset = await getDatasetRow(db, job.datasetId);
    if (!dataset) throw new Error("数据集已不存在 (dataset no longer exists)");
    const runId = plan.modelRunId;
    const week = plan.asOfWeek;
    const scope: ScoringScope = { id: dataset.id, asOfWeek: week, horizonWeeks: dataset.horizonWeeks };
    const inScope = sql`p.model_run_id = ${runId} and p.dataset_id = ${dataset.id} and p.as_of_week = ${week}`;
    await lease.held();
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from predictions p where ${inScope} and not exists (
        select 1 from feature_vectors f where f.dataset_id = p.dataset_id and f.as_of_week = p.as_of_week and f.customer_id = p.customer_id)`);
      // As scoredRowsFrom ranks: customers who had left (only a one-snapshot dataset scores them) after every active one.
      const left =
        dataset.kind === "snapshot"
          ? sql`(select ${churnedExpr} from customers where customers.dataset_id = p.dataset_id and customers.id = p.customer_id)`
          : sql`false`;
      await tx.execute(sql`update predictions p set risk_rank = r.rr, loss_rank = r.lr from (
          select p.customer_id,
            row_number() over (order by ${left}, p.probability desc, p.customer_id collate "C") as rr,
            row_number() over (order by ${left}, p.expected_asset_loss desc, p.customer_id collate "C") as lr
          from predictions p where ${inScope}) r
        where ${inScope} and p.customer_id = r.customer_id`);
    });
    const m = await loadFeatureMatrix(db, dataset.id, week);
    const { probability, riskLevel } = await storedScores(db, { runId, datasetId: dataset.id, asOfWeek: week }, m.customerIds);
    await lease.held();
    await db.transaction((tx) => recordScoringRun(tx, runId, scope, { probability, riskLevel }));
    await computeShapSummary(db, { modelRunId: runId, datasetId: dataset.id, asOfWeek: week });
    await lease.held();
    await modelHooks().afterScoring?.(db, { modelRunId: runId, datasetId: dataset.id, asOfWeek: week }, m.X, m.nCols, probability);
    const [run] = await db
      .select({ id: scoringRuns.id })
      .from(scoringRuns)
      .where(and(eq(scoringRuns.modelRunId, runId), eq(scoringRuns.datasetId, dataset.id), eq(scoringRuns.asOfWeek, week)))
      .limit(1);
    this.deps.onScored?.(runId);
    if (this.dead) return;
    const row = await finishScoringJob(db, job.id, ownerId, { status: "done", scoringRunId: run?.id ?? null, total: m.customerIds.length });
    if (row) this.publish(row);
    else this.log(`评分任务 ${job.id} 的租约已被接管，结果不再记录 (lease taken over)`);
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      function done() {
        clearTimeout(t);
        signal.removeEventListener("abort", done);
        resolve();
      }
    });
  }
}

const SCORES_PER_PAGE = 20_000;

/**
 * The stored probability and risk level of each customer of `customerIds`, in that order. Read in
 * keyset pages with the thread yielded between them: one read of a million rows was mapped to
 * objects and indexed in one uninterrupted block (1.7–3.9 s of /api/health at 1M customers).
 */
async function storedScores(
  db: Db,
  scope: { runId: number; datasetId: number; asOfWeek: number },
  customerIds: readonly string[],
): Promise<{ probability: Float64Array; riskLevel: RiskLevelCode[] }> {
  const n = customerIds.length;
  const indexOf = new Map<string, number>();
  await runInSlices(rowSteps(n, 20_000, (from, to) => {
    for (let i = from; i < to; i++) indexOf.set(customerIds[i]!, i);
  }));
  const probability = new Float64Array(n);
  const riskLevel: RiskLevelCode[] = new Array(n);
  const seen = new Uint8Array(n);
  for (let after: string | null = null; ; ) {
    const page: { id: string; p: number; lvl: string }[] = await db
      .select({ id: predictions.customerId, p: predictions.probability, lvl: predictions.riskLevel })
      .from(predictions)
      .where(
        and(
          eq(predictions.modelRunId, scope.runId),
          eq(predictions.datasetId, scope.datasetId),
          eq(predictions.asOfWeek, scope.asOfWeek),
          after === null ? undefined : gt(predictions.customerId, after),
        ),
      )
      .orderBy(predictions.customerId)
      .limit(SCORES_PER_PAGE);
    for (const r of page) {
      const i = indexOf.get(r.id);
      if (i === undefined) continue;
      probability[i] = r.p;
      riskLevel[i] = r.lvl as RiskLevelCode;
      seen[i] = 1;
    }
    if (page.length < SCORES_PER_PAGE) break;
    after = page[page.length - 1]!.id;
    await yieldToLoop();
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) throw new Error(`客户 ${customerIds[missing]} 没有评分 (customer not scored)`);
  return { probability, riskLevel };
}

/** The feature rows of a chunk's customers (byte order of the id), as loadFeatureMatrix reads a week. */
async function loadChunkMatrix(db: Db, datasetId: number, asOfWeek: number, ids: string[]): Promise<{ customerIds: string[]; X: Float64Array; assets: Float64Array }> {
  const rows = (await db
    .select({ id: featureVectors.customerId, values: featureVectors.values })
    .from(featureVectors)
    .where(and(eq(featureVectors.datasetId, datasetId), eq(featureVectors.asOfWeek, asOfWeek), inArray(featureVectors.customerId, ids)))
    .orderBy(sql`${featureVectors.customerId} collate "C"`)) as { id: string; values: (number | string | null)[] }[];
  const n = rows.length;
  const X = new Float64Array(n * FEATURE_COUNT);
  const assets = new Float64Array(n);
  rows.forEach((r, i) => {
    for (let k = 0; k < FEATURE_COUNT; k++) X[i * FEATURE_COUNT + k] = fromPgNumber(r.values[k]);
    const a = X[i * FEATURE_COUNT + 8]!;
    // Unknown assets put nothing at risk in the expected loss (as loadFeatureMatrix).
    assets[i] = Number.isNaN(a) ? 0 : a;
  });
  return { customerIds: rows.map((r) => r.id), X, assets };
}
