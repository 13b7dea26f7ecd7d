/**
 * Runs scoring jobs (scoring-jobs.ts) one at a time: claims a job under a lease, heartbeats while
 * it works, scores in a worker thread (the event loop only moves rows), stores the predictions
 * (which runs the monitoring hook: drift, CBPE, alerts) and finishes the job only while the lease
 * is still its own. A runner that dies leaves its lease to expire; the next runner (after a
 * restart, or another instance) takes the job over and scores it again from the start, and the
 * scoring run row is unique per (model, dataset, as-of), so a taken-over job never leaves two.
 * It also turns SCORING_SCHEDULE slots into jobs.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { scoringRuns, type ScoringJobRow } from "../../db/schema";
import { nextCronTime, type CronSchedule } from "../config/cron";
import { runsOnThisThread } from "../data/bulk-copy";
import { getActiveDataset, loadFeatureMatrix } from "../data/dataset-store";
import { EventBus } from "../events/bus";
import type { TreeEnsemble } from "../ml/ensemble";
import { scoreInWorker } from "../ml/score-in-worker";
import { scoredRowsFrom, storePredictions } from "../ml/scoring";
import { getDatasetRow } from "./scoring-runs";
import {
  MAX_JOB_ATTEMPTS,
  claimScoringJob,
  enqueueScoringJob,
  expireOrphanLeases,
  finishScoringJob,
  getScoringJob,
  releaseScoringJob,
  renewLease,
  scheduleKey,
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
  /** Rows per chunk sent to the scoring worker. */
  chunkRows?: number;
  /** Clock (schedule slots). */
  now?: () => Date;
  /** Test hook: called with scoring progress. */
  onProgress?(job: ScoringJobRow, done: number, total: number): void;
}

/** Database progress writes at most this often (the bus gets every ~1% step). */
const PROGRESS_WRITE_MS = 500;

class LeaseLostError extends Error {
  constructor() {
    super("scoring job lease lost");
  }
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
    this.liveOwners.delete(this.deps.ownerId);
    if (cur) await releaseScoringJob(this.deps.db, cur.job.id, this.deps.ownerId).catch((e) => this.log(`释放评分任务失败: ${errorText(e)}`));
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

  private async work(job: ScoringJobRow, controller: AbortController): Promise<void> {
    const { db, ownerId } = this.deps;
    const signal = controller.signal;
    let progress = { done: 0, total: 0 };
    let lost = false;
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating || this.dead) return;
      beating = true;
      renewLease(db, job.id, ownerId, this.leaseMs, progress)
        .then((ok) => {
          if (!ok) {
            lost = true;
            controller.abort();
          }
        })
        .catch((e) => this.log(`评分任务心跳失败 (heartbeat failed) job=${job.id}: ${errorText(e)}`))
        .finally(() => (beating = false));
    }, this.heartbeatMs);
    /** Every write goes through this: a dropped runner or a lost lease writes nothing more. */
    const stillMine = async () => {
      if (this.dead || signal.aborted) throw new LeaseLostError();
      if (!(await renewLease(db, job.id, ownerId, this.leaseMs, progress))) {
        lost = true;
        throw new LeaseLostError();
      }
    };
    const fail = async (error: string) => {
      const row = await finishScoringJob(db, job.id, ownerId, { status: "failed", error });
      if (row) this.publish(row);
      this.log(`评分任务 ${job.id} 失败 (scoring job failed): ${error}`);
    };
    try {
      this.publish({ ...job, progress: 0, total: 0 });
      if (job.attempts > MAX_JOB_ATTEMPTS) return await fail(`已尝试 ${job.attempts - 1} 次均未完成（进程中断），不再重试 (interrupted ${job.attempts - 1} times)`);
      const dataset = await getDatasetRow(db, job.datasetId);
      if (!dataset) return await fail("数据集已不存在 (dataset no longer exists)");
      const model = await this.deps.activeModel();
      if (!model) return await fail("尚无可用的模型，请先训练 (no active model: train one first)");
      const m = await loadFeatureMatrix(db, dataset.id, dataset.asOfWeek);
      const n = m.customerIds.length;
      progress = { done: 0, total: n };
      await stillMine();
      let lastWrite = 0;
      // Always in a worker thread: a scheduled job may be a million rows, and the server keeps answering.
      const r = await scoreInWorker({
        model: { ensemble: model.ensemble },
        X: m.X,
        nRows: n,
        nCols: m.nCols,
        withShap: true,
        signal,
        chunkRows: this.opts.chunkRows,
        onProgress: (done, total) => {
          progress = { done, total };
          this.publish({ id: job.id, status: "running", progress: done, total });
          this.opts.onProgress?.(job, done, total);
          const t = Date.now();
          if (t - lastWrite >= PROGRESS_WRITE_MS && !this.dead) {
            lastWrite = t;
            void renewLease(db, job.id, ownerId, this.leaseMs, progress).catch(() => {});
          }
        },
      });
      const scored = scoredRowsFrom(r.margin, r.shap ?? new Float64Array(n * m.nCols), r.baseValue ?? 0, m.assets);
      await stillMine();
      const scope = { id: dataset.id, asOfWeek: dataset.asOfWeek, horizonWeeks: dataset.horizonWeeks };
      await storePredictions(db, model.runId, scope, m, scored);
      const [run] = await db
        .select({ id: scoringRuns.id })
        .from(scoringRuns)
        .where(and(eq(scoringRuns.modelRunId, model.runId), eq(scoringRuns.datasetId, dataset.id), eq(scoringRuns.asOfWeek, dataset.asOfWeek)))
        .limit(1);
      this.deps.onScored?.(model.runId);
      if (this.dead) return;
      const row = await finishScoringJob(db, job.id, ownerId, { status: "done", scoringRunId: run?.id ?? null, total: n });
      if (row) this.publish(row);
      else this.log(`评分任务 ${job.id} 的租约已被接管，结果不再记录 (lease taken over)`);
    } catch (e) {
      if (e instanceof LeaseLostError || signal.aborted || this.dead) {
        this.log(`评分任务 ${job.id} 已中止${lost ? "（租约已被接管）" : ""} (scoring job aborted)`);
        return;
      }
      await fail(errorText(e)).catch((e2) => this.log(`记录评分任务失败出错: ${errorText(e2)}`));
    } finally {
      clearInterval(heartbeat);
    }
  }
}
