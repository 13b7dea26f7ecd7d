import { isDatabaseUnavailable } from "../../db/errors";
import { and, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { runsOnThisThread } from "../data/bulk-copy";
import { planBatches, retentionPlans, type PlanBatchRow, type RetentionPlanRow } from "../../db/schema";
import type { LlmConfig } from "../config/env";
import { batchTopic, type AppEvents } from "../events";
import { checkCompliance, type ComplianceResult } from "./compliance";
import { logSafeError } from "../../db/log-safe-error";
import { isRetryableStatus, LlmClientPool, LlmError, scrubSecrets } from "./llm-client";
import { loadPlanInput, type PlanInput } from "./plan-input";
import { OFFER_STRENGTH_RANK, parsePlanText, priorityForRisk, type PlanContent } from "./plan-schema";
import { buildPlanMessages, buildRepairMessages, PROMPT_VERSION } from "./prompt";
import { templatePlan, TEMPLATE_VERSION } from "./template-planner";

/**
 * Durable plan batches. Each customer's plan is a row that moves pending → running → done |
 * failed | cancelled. A runner claims rows with a lease (`for update skip locked`), heartbeats
 * while it works and writes the result only while the lease is still its own, so a plan is
 * never written twice. Rows whose lease expired (their owner died) are taken over; on PGlite,
 * which only one process can open, any running row not owned by a live runner of this
 * process is an orphan and is taken over at once.
 */
export interface PlanDeps {
  db: Db;
  events: AppEvents;
  llm: LlmConfig | null;
  /** Identifies this process (e.g. `${hostname}:${pid}:${random}`); written to claimed rows. */
  ownerId: string;
  /** This process's runner state (shared by the runners and readers of one process). */
  state: PlanRunnerState;
  log?: (msg: string) => void;
}

export interface PlanRunnerOptions {
  /** Lease length; a dead owner's rows are taken over after this. Default 10 s. */
  leaseMs?: number;
  /** Heartbeat interval; default leaseMs / 3. */
  heartbeatMs?: number;
  /** Poll for new work (other processes' batches, expired leases). Default 1 s. */
  pollMs?: number;
  /** Rows worked on at once; default the LLM concurrency (4 for the template planner). */
  concurrency?: number;
  /** Delta events per customer at most every this many ms. Default 100 (≤ 10/s). */
  deltaIntervalMs?: number;
  /** Treat the database as single-process (orphans taken over at once). Default: true on PGlite. */
  singleProcess?: boolean;
}

/** A row is failed rather than retried once it has been claimed this many times (poison rows). */
export const MAX_ATTEMPTS = 5;

/**
 * This process's runner state: live text for late subscribers, in-flight work, started runners
 * and their owner ids. One per process, created by the composition root (AppServices) and shared
 * by every runner and reader of that process; tests that model "one process" share one too.
 */
export class PlanRunnerState {
  readonly live = new Map<string, string>();
  readonly inflight = new Map<number, { batchId: number; controller: AbortController }>();
  readonly runners = new Set<PlanBatchRunner>();
  readonly liveOwners = new Set<string>();
  /** LLM clients (and their concurrency limits) of this server's runners and reports. */
  readonly llmClients = new LlmClientPool();

  /**
   * Text already published as deltas for a running plan in this process (for subscribers that
   * join late). Only published text: what is still in a delta buffer arrives as the next delta.
   */
  liveText(batchId: number, customerId: string): string | undefined {
    return this.live.get(liveKey(batchId, customerId));
  }

  /**
   * Published text of every running plan of a batch, read synchronously: a subscriber that takes
   * this in the same tick as it starts listening gets each character exactly once.
   */
  liveTexts(batchId: number): Map<string, string> {
    const prefix = `${batchId}:`;
    const out = new Map<string, string>();
    for (const [k, v] of this.live) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), v);
    return out;
  }

  /** Wakes every runner started in this process (a batch was created). */
  kickRunners(): void {
    for (const r of this.runners) r.kick();
  }

  /** Aborts this process's in-flight work for a cancelled batch. */
  abortBatchWork(batchId: number): void {
    for (const w of this.inflight.values()) if (w.batchId === batchId) w.controller.abort();
  }
}

const liveKey = (batchId: number, customerId: string) => `${batchId}:${customerId}`;

export function publishBatch(events: AppEvents, batchId: number): void {
  events.plans.publish(batchTopic(batchId), { batchId, kind: "batch" });
}

/** Marks a batch done when no pending or running rows remain; publishes when it changed. */
export async function finishBatchIfComplete(db: Db, events: AppEvents, batchId: number): Promise<boolean> {
  const rows = await db
    .update(planBatches)
    .set({ status: "done", finishedAt: new Date() })
    .where(
      and(
        eq(planBatches.id, batchId),
        inArray(planBatches.status, ["pending", "running"]),
        sql`not exists (select 1 from ${retentionPlans} where ${retentionPlans.batchId} = ${batchId} and ${retentionPlans.status} in ('pending', 'running'))`,
      ),
    )
    .returning({ id: planBatches.id });
  if (rows.length) publishBatch(events, batchId);
  return rows.length > 0;
}

/** Plan batches created by a campaign carry its name in their params (lib/campaigns/campaign-service.ts). */
function isCampaignBatch(params: unknown): boolean {
  return typeof params === "object" && params !== null && typeof (params as { campaign?: unknown }).campaign === "string";
}

interface Outcome {
  plan: PlanContent;
  rawText: string | null;
  source: "llm" | "template";
  llmModel: string | null;
  promptVersion: string;
}

class PlanFailure extends Error {
  constructor(
    message: string,
    readonly rawText: string | null,
    /** The LLM could not be reached after its retries (timeouts, connection errors, 5xx, 429): the template planner takes over. */
    readonly llmUnreachable = false,
  ) {
    super(message);
  }
}

/** Failures that say nothing about the plan, only that no LLM answered; a refused key (401/403) is not one of them. */
export function isLlmUnreachable(e: unknown): boolean {
  if (!(e instanceof LlmError)) return false;
  return e.kind === "timeout" || e.kind === "network" || (e.kind === "http" && isRetryableStatus(e.status));
}

/** Coalesces streamed text into at most one delta event per interval for one customer. */
class DeltaPublisher {
  private buffer = "";
  private timer: NodeJS.Timeout | undefined;
  private readonly key: string;
  constructor(
    private readonly live: Map<string, string>,
    private readonly events: AppEvents,
    private readonly batchId: number,
    private readonly customerId: string,
    private readonly planId: number,
    private readonly intervalMs: number,
  ) {
    this.key = liveKey(batchId, customerId);
  }
  /** Everything streamed so far, published or still buffered (for failure records). */
  fullText(): string {
    return (this.live.get(this.key) ?? "") + this.buffer;
  }
  push(text: string): void {
    this.buffer += text;
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.buffer) return;
    const delta = this.buffer;
    this.buffer = "";
    // The live text grows together with the published deltas, never ahead of them.
    this.live.set(this.key, (this.live.get(this.key) ?? "") + delta);
    this.events.plans.publish(batchTopic(this.batchId), { batchId: this.batchId, kind: "delta", customerId: this.customerId, planId: this.planId, delta });
  }
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.buffer = "";
  }
}

export class PlanBatchRunner {
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private readonly deltaIntervalMs: number;
  private readonly singleProcess: boolean;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private readonly active = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private kicked = false;
  private readonly batchCache = new Map<number, PlanBatchRow>();

  constructor(
    private readonly deps: PlanDeps,
    opts: PlanRunnerOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? 10_000;
    this.heartbeatMs = opts.heartbeatMs ?? Math.max(50, Math.floor(this.leaseMs / 3));
    this.pollMs = opts.pollMs ?? 1_000;
    this.concurrency = opts.concurrency ?? deps.llm?.concurrency ?? 4;
    this.deltaIntervalMs = opts.deltaIntervalMs ?? 100;
    this.singleProcess = opts.singleProcess ?? runsOnThisThread(deps.db);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.deps.state.runners.add(this);
    this.deps.state.liveOwners.add(this.deps.ownerId);
    this.loopDone = this.loop().catch((e) => this.log(`计划批次执行器异常退出: ${errorText(e)}`));
  }

  /** Stops claiming, aborts in-flight work and hands its rows back (pending) for whoever runs next. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.deps.state.runners.delete(this);
    this.kick();
    for (const [id, w] of this.deps.state.inflight) if (this.ownsInflight(id)) w.controller.abort();
    await this.loopDone;
    await Promise.allSettled([...this.active]);
    this.deps.state.liveOwners.delete(this.deps.ownerId);
    await this.deps.db
      .update(retentionPlans)
      .set({ status: "pending", claimedBy: null, leaseUntil: null })
      .where(and(eq(retentionPlans.status, "running"), eq(retentionPlans.claimedBy, this.deps.ownerId)))
      .catch((e) => this.log(`释放租约失败: ${errorText(e)}`));
  }

  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private readonly mine = new Set<number>();
  private ownsInflight(id: number): boolean {
    return this.mine.has(id);
  }

  private log(msg: string): void {
    this.deps.log?.(scrubSecrets(msg, this.deps.llm ? [this.deps.llm.apiKey] : []));
  }

  private async loop(): Promise<void> {
    if (this.singleProcess) await this.takeOverOrphans();
    while (this.running) {
      this.kicked = false;
      let claimed = 0;
      try {
        while (this.running && this.active.size < this.concurrency) {
          const row = await this.claim();
          if (!row) break;
          claimed++;
          const task = this.work(row).catch((e) => this.log(`计划 ${row.id} 处理异常: ${errorText(e)}`));
          this.active.add(task);
          void task.finally(() => {
            this.active.delete(task);
            this.kick();
          });
        }
        if (claimed === 0 && this.active.size === 0) await this.finishCompletedBatches();
      } catch (e) {
        this.log(`领取计划任务失败: ${errorText(e)}`);
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

  /** PGlite: no other process can hold a lease, so rows running under a dead owner are free now. */
  private async takeOverOrphans(): Promise<void> {
    const rows = await this.deps.db
      .update(retentionPlans)
      .set({ leaseUntil: sql`now() - interval '1 second'` })
      .where(and(eq(retentionPlans.status, "running"), notInArray(retentionPlans.claimedBy, [...this.deps.state.liveOwners])))
      .returning({ id: retentionPlans.id });
    if (rows.length) this.log(`接管 ${rows.length} 条中断的计划任务`);
  }

  private async claim(): Promise<RetentionPlanRow | undefined> {
    const { db, ownerId } = this.deps;
    const candidate = db
      .select({ id: retentionPlans.id })
      .from(retentionPlans)
      .innerJoin(planBatches, eq(planBatches.id, retentionPlans.batchId))
      .where(
        and(
          inArray(planBatches.status, ["pending", "running"]),
          or(
            eq(retentionPlans.status, "pending"),
            and(eq(retentionPlans.status, "running"), sql`${retentionPlans.leaseUntil} < now()`),
          ),
        ),
      )
      .orderBy(retentionPlans.batchId, retentionPlans.position)
      .limit(1)
      .for("update", { of: retentionPlans, skipLocked: true });
    const [row] = await db
      .update(retentionPlans)
      .set({
        status: "running",
        claimedBy: ownerId,
        leaseUntil: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`,
        attempts: sql`${retentionPlans.attempts} + 1`,
        startedAt: sql`coalesce(${retentionPlans.startedAt}, now())`,
        error: null,
      })
      .where(inArray(retentionPlans.id, candidate))
      .returning();
    return row;
  }

  private async batch(id: number): Promise<PlanBatchRow> {
    const cached = this.batchCache.get(id);
    if (cached) return cached;
    const [b] = await this.deps.db.select().from(planBatches).where(eq(planBatches.id, id));
    if (!b) throw new Error(`批次 ${id} 不存在`);
    this.batchCache.set(id, b);
    return b;
  }

  private async finishCompletedBatches(): Promise<void> {
    const open = await this.deps.db
      .select({ id: planBatches.id })
      .from(planBatches)
      .where(inArray(planBatches.status, ["pending", "running"]));
    for (const b of open) await finishBatchIfComplete(this.deps.db, this.deps.events, b.id);
  }

  private async work(row: RetentionPlanRow): Promise<void> {
    const { db, events, ownerId } = this.deps;
    const controller = new AbortController();
    let leaseLost = false;
    this.deps.state.inflight.set(row.id, { batchId: row.batchId, controller });
    this.mine.add(row.id);
    const key = liveKey(row.batchId, row.customerId);
    this.deps.state.live.set(key, "");
    const deltas = new DeltaPublisher(this.deps.state.live, events, row.batchId, row.customerId, row.id, this.deltaIntervalMs);
    const mineNow = and(eq(retentionPlans.id, row.id), eq(retentionPlans.claimedBy, ownerId), eq(retentionPlans.status, "running"));
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      db.update(retentionPlans)
        .set({ leaseUntil: sql`now() + ${`${this.leaseMs} milliseconds`}::interval`, rawText: this.deps.state.live.get(key) || null })
        .where(mineNow)
        .returning({ id: retentionPlans.id })
        .then((r) => {
          if (r.length === 0) {
            leaseLost = true;
            controller.abort();
          }
        })
        .catch((e) => this.log(`心跳失败 (plan ${row.id}): ${errorText(e)}`))
        .finally(() => (beating = false));
    }, this.heartbeatMs);

    const publish = (kind: "started" | "done" | "failed") =>
      events.plans.publish(batchTopic(row.batchId), { batchId: row.batchId, kind, customerId: row.customerId, planId: row.id });

    try {
      const batch = await this.batch(row.batchId);
      const started = await db
        .update(planBatches)
        .set({ status: "running" })
        .where(and(eq(planBatches.id, row.batchId), eq(planBatches.status, "pending")))
        .returning({ id: planBatches.id });
      publish("started");
      if (started.length) publishBatch(events, row.batchId);

      let outcome: Outcome | undefined;
      let failure: PlanFailure | undefined;
      let input: PlanInput | undefined;
      try {
        if (row.attempts > MAX_ATTEMPTS) throw new PlanFailure(`已尝试 ${row.attempts - 1} 次均未完成（进程中断），不再重试`, null);
        input = await loadPlanInput(db, row.datasetId, batch.modelRunId, row.customerId);
        const useLlm = batch.planner === "llm" && this.deps.llm !== null;
        try {
          outcome = useLlm ? await this.generateWithLlm(row, input, controller.signal, deltas, key) : this.generateWithTemplate(input);
        } catch (e) {
          if (!(e instanceof PlanFailure && e.llmUnreachable) || controller.signal.aborted) throw e;
          // The LLM is down, not this plan: write the template plan (source 'template'), as the report does.
          this.log(`计划 ${row.id} 的 LLM 请求失败（${e.message}），改用模板生成`);
          deltas.discard();
          this.deps.state.live.set(key, "");
          publish("started");
          outcome = this.generateWithTemplate(input);
        }
      } catch (e) {
        if (controller.signal.aborted) {
          // Cancelled, stopped, or our lease was taken over: the row is no longer ours to write.
          this.log(`计划 ${row.id} 已中止${leaseLost ? "（租约已被接管）" : ""}`);
          deltas.discard();
          return;
        }
        if (isDatabaseUnavailable(e)) {
          // The database went away, not the plan: hand the row back (or let its lease expire if
          // even that fails) so it is retried when the database is back, instead of failing it.
          this.log(`计划 ${row.id} 因数据库连接中断而暂停，将重试`);
          deltas.discard();
          await db
            .update(retentionPlans)
            .set({ status: "pending", claimedBy: null, leaseUntil: null })
            .where(mineNow)
            .catch(() => {});
          return;
        }
        failure = e instanceof PlanFailure ? e : new PlanFailure(errorText(e), deltas.fullText() || null);
      }
      deltas.flush();

      // A campaign's budget was computed from the template plan's offer: an LLM plan offering
      // more would spend past it, so that customer gets the template plan instead.
      if (outcome && input && outcome.source === "llm" && isCampaignBatch(batch.params)) {
        const budgeted = templatePlan(input);
        if (OFFER_STRENGTH_RANK[outcome.plan.offerStrength] > OFFER_STRENGTH_RANK[budgeted.offerStrength]) {
          this.log(`计划 ${row.id}：LLM 权益力度「${outcome.plan.offerStrength}」超出活动预算所按的「${budgeted.offerStrength}」，改用模板计划`);
          outcome = this.generateWithTemplate(input);
        }
      }

      let written: { id: number }[];
      if (outcome && input) {
        const plan: PlanContent = { ...outcome.plan, priority: priorityForRisk(row.probability) };
        const compliance: ComplianceResult = checkCompliance(plan, {
          riskTolerance: input.profile.riskToleranceLevel,
          hasMargin: input.profile.hasMargin,
          currentCommission: input.features.commission_rate,
        });
        written = await db
          .update(retentionPlans)
          .set({
            status: "done",
            priority: plan.priority,
            plan,
            rawText: outcome.rawText,
            source: outcome.source,
            llmModel: outcome.llmModel,
            promptVersion: outcome.promptVersion,
            complianceStatus: compliance.status,
            complianceIssues: compliance.issues,
            error: null,
            leaseUntil: null,
            finishedAt: new Date(),
          })
          .where(mineNow)
          .returning({ id: retentionPlans.id });
      } else {
        const f = failure ?? new PlanFailure("未知错误", null);
        written = await db
          .update(retentionPlans)
          .set({
            status: "failed",
            error: scrubSecrets(f.message, this.deps.llm ? [this.deps.llm.apiKey] : []).slice(0, 2000),
            rawText: f.rawText,
            source: batch.planner === "llm" && this.deps.llm ? "llm" : "template",
            llmModel: batch.planner === "llm" ? (this.deps.llm?.model ?? null) : null,
            promptVersion: batch.planner === "llm" && this.deps.llm ? PROMPT_VERSION : TEMPLATE_VERSION,
            leaseUntil: null,
            finishedAt: new Date(),
          })
          .where(mineNow)
          .returning({ id: retentionPlans.id });
      }
      if (written.length === 0) {
        this.log(`计划 ${row.id} 的租约已失效，结果未写入（避免重复写入）`);
        return;
      }
      publish(outcome ? "done" : "failed");
      publishBatch(events, row.batchId);
      await finishBatchIfComplete(db, events, row.batchId);
    } finally {
      clearInterval(heartbeat);
      deltas.discard();
      this.deps.state.inflight.delete(row.id);
      this.mine.delete(row.id);
      this.deps.state.live.delete(key);
    }
  }

  private generateWithTemplate(input: PlanInput): Outcome {
    return { plan: templatePlan(input), rawText: null, source: "template", llmModel: null, promptVersion: TEMPLATE_VERSION };
  }

  private async generateWithLlm(
    row: RetentionPlanRow,
    input: PlanInput,
    signal: AbortSignal,
    deltas: DeltaPublisher,
    key: string,
  ): Promise<Outcome> {
    const config = this.deps.llm;
    if (!config) throw new Error("未配置 LLM");
    const client = this.deps.state.llmClients.get(config, { log: (m) => this.log(m) });
    const restart = () => {
      // A retry or the repair round starts a fresh text: tell subscribers to start over.
      deltas.discard();
      this.deps.state.live.set(key, "");
      this.deps.events.plans.publish(batchTopic(row.batchId), { batchId: row.batchId, kind: "started", customerId: row.customerId, planId: row.id });
    };
    const stream = {
      signal,
      onDelta: (d: string) => deltas.push(d),
      onReset: restart,
    };
    const first = await client.complete(buildPlanMessages(input), stream).catch((e: unknown) => {
      throw new PlanFailure(llmFailureText(e), deltas.fullText() || null, isLlmUnreachable(e));
    });
    const parsed = parsePlanText(first.text);
    if (parsed.ok) return { plan: parsed.plan, rawText: first.text, source: "llm", llmModel: first.model, promptVersion: PROMPT_VERSION };

    this.log(`计划 ${row.id} 的回答未通过校验（${parsed.error}），尝试修复一次`);
    deltas.flush();
    restart();
    const repair = await client
      .complete(buildRepairMessages(first.text, parsed.zodError ?? parsed.error, input), stream)
      .catch((e: unknown) => {
        throw new PlanFailure(`JSON 修复请求失败：${llmFailureText(e)}；首次校验错误：${parsed.error}`, first.text, isLlmUnreachable(e));
      });
    const repaired = parsePlanText(repair.text);
    if (repaired.ok) return { plan: repaired.plan, rawText: repair.text, source: "llm", llmModel: repair.model, promptVersion: PROMPT_VERSION };
    throw new PlanFailure(`LLM 输出不符合计划格式（已修复一次仍失败）：${repaired.error}`, repair.text);
  }
}

function llmFailureText(e: unknown): string {
  if (e instanceof LlmError) return `${e.message}（共请求 ${e.attempts} 次）`;
  return errorText(e);
}

/** For logs and the plan's stored error: a failed query is named, never quoted with its parameters. */
function errorText(e: unknown): string {
  if (e instanceof PlanFailure || e instanceof LlmError) return e.message;
  const safe = logSafeError(e);
  if (safe.statement || safe.sqlState || !(e instanceof Error)) return safe.error;
  return safe.error.slice(e.name.length + 2); // the message (any quoted query cut off)
}
