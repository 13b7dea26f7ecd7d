import { and, inArray, eq, isNull, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { datasets, modelRuns, predictions, type DatasetRow, type ModelRunRow } from "../../db/schema";
import type { BacktestPoint, OutOfTimeSplit } from "../../db/json-types";
import { FEATURE_COUNT, FEATURE_KEYS } from "../data/catalog";
import { outOfTimeSplit, weekStart } from "../data/timeline/as-of";
import { auc } from "../stats/auc";
import { generateAndStoreDataset } from "../data/dataset-service";
import { getActiveDataset, loadFeatureMatrix, type FeatureMatrix } from "../data/dataset-store";
import { parseGenerateOptions, type GenerateOptions } from "../data/generator";
import { runTopic, type AppEvents, type LearningPoint, type RunPhase, type TrainingEvent } from "../events";
import type { TreeEnsemble } from "./ensemble";
import { metricsSteps, type Metrics } from "./metrics";
import { runInSlices, rowSteps, yieldToLoop } from "../runtime/time-slice";
import { fromXgboostJson, toXgboostJson } from "./model-json";
import { ensembleOfRun, getRun, ModelNotFoundError, setActiveRun } from "./model-registry";
import { checkShapCost, paramsErrorFrom, resolveTrainParams, trainParamsSchema, type ResolvedTrainParams, type TrainParams } from "./params";
import { predictProba, predictStepRows } from "./predict";
import { RISK_THRESHOLDS } from "./risk";
import { loadScoringMatrix, scoreDataset, scoreMatrix, storePredictions } from "./scoring";
import { stratifiedSplit, type DataSplit } from "./split";
import { RunningMargins } from "./running-margins";
import { trainModel, type TrainProgress, type TrainResult } from "./trainer";
import { validateEnsemble } from "./ensemble";
import { scoreInWorker } from "./score-in-worker";
import { modelHooks } from "./model-hooks";
import { parseLegacyBinary } from "./model-binary";
import { AppError } from "../errors/app-error";

export interface TrainingDeps {
  db: Db;
  events: AppEvents;
  /** Identifies this process; runs it owns are never treated as interrupted by it. */
  ownerId: string;
  /**
   * Whether another process that owns a run is still alive. With several instances on one
   * PostgreSQL this keeps a starting instance from failing a live instance's training; without
   * it (PGlite: one process) every foreign running run is taken as interrupted.
   */
  isOwnerAlive?: (ownerId: string) => Promise<boolean>;
  /** Runs started by this process, until they finish (owned by the composition root). */
  jobs: Map<number, Promise<ModelRunRow>>;
}

export class TrainingConflictError extends AppError {
  constructor() {
    super("CONFLICT", "已有模型正在训练 a training is already running");
    this.name = "TrainingConflictError";
  }
}

export class TrainingInputError extends AppError {
  constructor(field: string, message: string) {
    super("BAD_USER_INPUT", message, { field });
    this.name = "TrainingInputError";
  }
}

export const INTERRUPTED_MESSAGE = "进程中断 interrupted by restart";
/** Row updates during training are throttled to this interval; events are not. */
const PROGRESS_WRITE_MS = 1000;

// ───────────────────────────── input ─────────────────────────────

/**
 * The API's TrainModelInput: training parameters (trainSeed = seed of split and booster), and
 * optionally nCustomers / nWeeks / seed / churnRate (or a `regenerate` object) to generate a new
 * dataset first. GraphQL nulls count as absent.
 */
const startInputSchema = trainParamsSchema
  .omit({ seed: true })
  .extend({
    trainSeed: trainParamsSchema.shape.seed,
    nCustomers: z.number().optional(),
    nWeeks: z.number().optional(),
    seed: z.number().optional(),
    churnRate: z.number().optional(),
    regenerate: z
      .object({ nCustomers: z.number().optional(), nWeeks: z.number().optional(), seed: z.number().optional(), churnRate: z.number().optional() })
      .strict()
      .optional(),
  })
  .strict();

export interface StartTrainingRequest {
  params: TrainParams;
  regenerate: GenerateOptions | null;
}

function dropNulls(v: unknown): unknown {
  if (!v || typeof v !== "object" || Array.isArray(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, dropNulls(x)]));
}

/** Validates the whole request (training and dataset fields) before anything is written. */
export function parseStartTrainingInput(input: unknown): StartTrainingRequest {
  const r = startInputSchema.safeParse(dropNulls(input ?? {}));
  if (!r.success) {
    const e = paramsErrorFrom(r.error);
    throw new TrainingInputError(e.field ?? "input", e.message);
  }
  // Refused before a run row exists: parameters whose TreeSHAP cost explodes.
  checkShapCost(r.data);
  const { trainSeed, nCustomers, nWeeks, seed, churnRate, regenerate, ...rest } = r.data;
  const regen = { nCustomers, nWeeks, seed, churnRate, ...regenerate };
  const wantsRegen = Object.values(regen).some((v) => v !== undefined);
  let options: GenerateOptions | null = null;
  if (wantsRegen) {
    try {
      options = parseGenerateOptions({ customers: regen.nCustomers, weeks: regen.nWeeks, seed: regen.seed, churnRate: regen.churnRate });
    } catch (e) {
      const field = (e as { field?: string }).field ?? "regenerate";
      const alias: Record<string, string> = { customers: "nCustomers", weeks: "nWeeks" };
      throw new TrainingInputError(alias[field] ?? field, (e as Error).message);
    }
  }
  return { params: { ...rest, seed: trainSeed }, regenerate: options };
}

// ───────────────────────────── helpers ─────────────────────────────

function isRunningConflict(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const c = cur as { code?: string; message?: string; constraint_name?: string; constraint?: string };
    if (c.code === "23505" && `${c.constraint_name ?? c.constraint ?? ""} ${c.message ?? ""}`.includes("model_runs_one_running")) return true;
    if (typeof c.message === "string" && c.message.includes("model_runs_one_running")) return true;
  }
  return false;
}

function publish(events: AppEvents, e: TrainingEvent): void {
  events.training.publish(runTopic(e.runId), e);
}

/** Resolves with the final row (succeeded or failed) of a run started in this process. */
export function waitForRun(deps: Pick<TrainingDeps, "jobs">, runId: number): Promise<ModelRunRow> {
  const job = deps.jobs.get(runId);
  if (!job) return Promise.reject(new Error(`训练任务 ${runId} 不在本进程中运行 (run ${runId} is not running in this process)`));
  return job;
}

// ───────────────────────────── training ─────────────────────────────

/** A new model job (training or import) as a running row; the one-running index refuses a second. */
async function insertRunningJob(db: Db, values: Omit<typeof modelRuns.$inferInsert, "status">, onInserted?: InTransaction<ModelRunRow>): Promise<ModelRunRow> {
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(modelRuns)
        .values({ ...values, status: "running" })
        .returning();
      await onInserted?.(tx, row!);
      return row!;
    });
  } catch (e) {
    if (isRunningConflict(e)) throw new TrainingConflictError();
    throw e;
  }
}

/** Work the caller adds to the transaction that creates a row (the action's audit row). */
export type InTransaction<T> = (tx: Db, row: T) => Promise<void>;

export async function startTraining(deps: TrainingDeps, input: unknown, actor?: string, onInserted?: InTransaction<ModelRunRow>): Promise<ModelRunRow> {
  const request = parseStartTrainingInput(input);
  const { db } = deps;
  const dataset = request.regenerate ? null : await getActiveDataset(db);
  if (!request.regenerate && !dataset) {
    throw new TrainingInputError("dataset", "没有可用的数据集，请先生成或导入数据 (no active dataset: generate or import data first)");
  }
  const run = await insertRunningJob(db, {
    datasetId: dataset?.id ?? null,
    phase: "queued",
    source: "ml-xgboost",
    params: request.params,
    featureNames: [...FEATURE_KEYS],
    totalRounds: request.params.rounds,
    ownerId: deps.ownerId,
    createdBy: actor ?? null,
  }, onInserted);
  publish(deps.events, { runId: run.id, status: "running", phase: "queued", round: 0, totalRounds: run.totalRounds });
  const job = runTraining(deps, run, request).finally(() => deps.jobs.delete(run.id));
  deps.jobs.set(run.id, job);
  return run;
}

interface Timings {
  trainMs: number;
  /** Boosting inside ml-xgboost only (trainMs also covers the worker's per-chunk evaluation). */
  boostMs: number;
  evaluateMs: number;
  shapMs: number;
  storeMs: number;
  totalMs: number;
}

async function runTraining(deps: TrainingDeps, run: ModelRunRow, request: StartTrainingRequest): Promise<ModelRunRow> {
  const { db, events } = deps;
  const started = performance.now();
  let phase: RunPhase = "preparing";
  let round = 0;
  let totalRounds = request.params.rounds;
  const curve: LearningPoint[] = [];
  const setPhase = async (p: RunPhase, extra: Partial<typeof modelRuns.$inferInsert> = {}) => {
    phase = p;
    await db.update(modelRuns).set({ phase: p, ...extra }).where(eq(modelRuns.id, run.id));
    publish(events, { runId: run.id, status: "running", phase: p, round, totalRounds, latest: curve[curve.length - 1] });
  };
  try {
    await setPhase("preparing");
    let dataset: DatasetRow | null;
    if (request.regenerate) {
      const o = request.regenerate;
      dataset = await generateAndStoreDataset(db, { customers: o.customers, lookbackWeeks: o.weeks, seed: o.seed, churnRate: o.churnRate });
    } else {
      dataset = run.datasetId === null ? await getActiveDataset(db) : ((await db.select().from(datasets).where(eq(datasets.id, run.datasetId)))[0] ?? null);
    }
    if (!dataset) throw new Error("没有可用的数据集 (no dataset)");
    const matrix = await loadFeatureMatrix(db, dataset.id, "labelled");
    let lastWrite = 0;
    // Progress rows are written without waiting; the next phase waits for the last one so a
    // late progress write never lands on top of it.
    let pendingWrite: Promise<unknown> = Promise.resolve();
    const trained = await trainAndEvaluate(matrix, request.params, { oracleAuc: dataset.oracleAuc, outOfTime: dataset.kind === "timeline" ? { horizonWeeks: dataset.horizonWeeks, startDate: dataset.startDate } : null }, {
      onStart: async (params) => {
        await db.update(modelRuns).set({ datasetId: dataset.id, params }).where(eq(modelRuns.id, run.id));
        await setPhase("training");
      },
      onProgress: (p) => {
        round = p.round;
        totalRounds = p.totalRounds;
        curve.push(...p.points);
        publish(events, { runId: run.id, status: "running", phase: "training", round, totalRounds, latest: curve[curve.length - 1] });
        const now = performance.now();
        if (now - lastWrite >= PROGRESS_WRITE_MS) {
          lastWrite = now;
          pendingWrite = db
            .update(modelRuns)
            .set({ currentRound: round, totalRounds, learningCurve: [...curve] })
            .where(and(eq(modelRuns.id, run.id), eq(modelRuns.status, "running")))
            .catch(() => {});
        }
      },
      onTrained: async (result) => {
        await pendingWrite;
        await setPhase("evaluating", { currentRound: result.roundsTrained, learningCurve: result.learningCurve, bestIteration: result.bestIteration });
      },
    });
    const { result, ensemble, metrics, evaluateMs } = trained;
    const trainMs = result.trainMs;

    // ── explaining: predictions and SHAP for the active customers as of the latest data date ──
    await setPhase("explaining");
    const t1 = performance.now();
    const scoringMatrix = await loadScoringMatrix(db, dataset.id, dataset.asOfWeek);
    const scored = await scoreMatrix(ensemble, scoringMatrix);
    const shapMs = performance.now() - t1;

    // ── scoring: store predictions, then the run, and make it the active model ──
    await setPhase("scoring");
    const t2 = performance.now();
    // Monitoring (#14): the drift reference is stored before the scoring it is compared with; the champion/challenger rule decides activation.
    const activate = (await modelHooks().onTrained?.(db, { runId: run.id, datasetId: dataset.id, ensemble, matrix, trainRows: trained.split.train, testRows: trained.split.test, testAuc: metrics.auc })) ?? true;
    await storePredictions(db, run.id, dataset, scoringMatrix, scored);
    const totalBeforeStore = performance.now() - started;
    const timings: Timings = { trainMs: Math.round(trainMs), boostMs: Math.round(result.boostMs), evaluateMs: Math.round(evaluateMs), shapMs: Math.round(shapMs), storeMs: 0, totalMs: 0 };
    const completion: Partial<typeof modelRuns.$inferInsert> = {
      status: "succeeded",
      phase: "done",
      metrics,
      split: trained.split.asOf,
      backtest: trained.backtest,
      horizonWeeks: dataset.horizonWeeks,
      learningCurve: result.learningCurve,
      currentRound: result.roundsTrained,
      totalRounds: request.params.rounds,
      bestIteration: result.bestIteration,
      modelBytes: result.modelBytes,
      modelFormat: "xgboost-binary",
      shapBaseValue: scored.baseValue,
      threshold: metrics.threshold,
      finishedAt: new Date(),
    };
    if (activate) await setActiveRun(db, run.id, completion);
    else await db.update(modelRuns).set(completion).where(eq(modelRuns.id, run.id));
    timings.storeMs = Math.round(performance.now() - t2);
    timings.totalMs = Math.round(Math.max(totalBeforeStore, performance.now() - started));
    const [final] = await db
      .update(modelRuns)
      .set({ timings, durationMs: timings.totalMs })
      .where(eq(modelRuns.id, run.id))
      .returning();
    publish(events, {
      runId: run.id,
      status: "succeeded",
      phase: "done",
      round: result.roundsTrained,
      totalRounds: request.params.rounds,
      latest: result.learningCurve[result.learningCurve.length - 1],
      message: `训练完成：测试集 AUC ${metrics.auc.toFixed(4)}`,
    });
    return final!;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const [failed] = await db
      .update(modelRuns)
      .set({ status: "failed", error: message, finishedAt: new Date(), durationMs: Math.round(performance.now() - started), learningCurve: curve })
      .where(eq(modelRuns.id, run.id))
      .returning()
      .catch(() => [undefined]);
    publish(events, { runId: run.id, status: "failed", phase, round, totalRounds, error: message });
    return failed ?? { ...run, status: "failed", error: message };
  }
}

export interface TrainAndEvaluateHooks {
  /** Called with the resolved parameters just before the worker starts. */
  onStart?: (params: ResolvedTrainParams) => Promise<void> | void;
  onProgress?: (p: TrainProgress) => void;
  /** Called when training is done, before evaluation. */
  onTrained?: (r: TrainResult) => Promise<void> | void;
  signal?: AbortSignal;
}

export interface TrainedModel {
  params: ResolvedTrainParams;
  split: RowSplit;
  result: TrainResult;
  ensemble: TreeEnsemble;
  metrics: Metrics;
  backtest: BacktestPoint[] | null;
  evaluateMs: number;
}

/** Rows of the labelled matrix per role; `asOf` when the split is by time. */
export interface RowSplit extends DataSplit {
  asOf: OutOfTimeSplit | null;
}

export interface EvaluationContext {
  /** The dataset's oracle AUC (used when the test rows carry no true probabilities). */
  oracleAuc: number | null;
  /** Timelines: split by as-of date (train on the past, test on the latest labelled date). */
  outOfTime: { horizonWeeks: number; startDate: string | null } | null;
}

/**
 * The training pipeline without the database. Timelines: out-of-time split of the labelled
 * as-of snapshots (test = the latest fully labelled as-of date, validation = the latest one whose
 * label window closes by then, train = the earlier ones), early stopping on validation, metrics on
 * the test date, and a backtest at every labelled date. Snapshot datasets: stratified 70/15/15.
 */
export async function trainAndEvaluate(
  matrix: FeatureMatrix,
  trainParams: TrainParams,
  context: EvaluationContext,
  hooks: TrainAndEvaluateHooks = {},
): Promise<TrainedModel> {
  const split = context.outOfTime ? splitByTime(matrix, context.outOfTime.horizonWeeks) : { ...splitLabelled(matrix, trainParams.seed), asOf: null };
  checkClasses(matrix, split);
  const params = resolveTrainParams(trainParams, matrix.labels, split.train);
  await hooks.onStart?.(params);
  // Without early stopping the model's size is known in advance: a model that will outgrow the
  // in-process budget is predicted in a worker at the end, so adding its first trees here would
  // be wasted work on the server's thread.
  const n = matrix.labels.length;
  const running =
    params.earlyStoppingRounds > 0 || n * params.rounds * params.maxDepth <= PREDICT_IN_PROCESS_VISITS
      ? new RunningMargins({ X: matrix.X, nRows: n, nCols: matrix.nCols, numFeature: matrix.nCols, maxVisits: PREDICT_IN_PROCESS_VISITS })
      : null;
  const result = await trainModel(
    { X: matrix.X, y: matrix.labels, nCols: matrix.nCols, trainIdx: split.train, validIdx: split.valid, params },
    { onProgress: hooks.onProgress, signal: hooks.signal, onTrees: running ? (trees, from, settled) => running.offer(trees, from, settled) : undefined },
  );
  await hooks.onTrained?.(result);
  const t0 = performance.now();
  const ensemble = parseLegacyBinary(result.modelBytes);
  const testOracle = oracleOf(matrix, split.test) ?? context.oracleAuc;
  const probs = (await running?.probabilities(ensemble)) ?? (await labelledProbabilities(ensemble, matrix));
  const metrics = await evaluate(probs, matrix, split, testOracle);
  const backtest = split.asOf ? await backtestOf(probs, matrix, split.asOf, context.outOfTime?.startDate ?? null) : null;
  return { params, split, result, ensemble, metrics, backtest, evaluateMs: performance.now() - t0 };
}

/** Training as-of dates used at most (every 4 weeks: about half a year before the validation date). */
export const MAX_TRAIN_DATES = 6;

/** Out-of-time split of the labelled rows: no row of a later date trains a model tested earlier. */
export function splitByTime(m: FeatureMatrix, horizonWeeks: number): RowSplit {
  const weeks = new Set<number>();
  for (let i = 0; i < m.asOfWeek.length; i++) if (m.labelled[i]) weeks.add(m.asOfWeek[i]!);
  const full = outOfTimeSplit([...weeks], { horizonWeeks });
  // The most recent dates only: behaviour drifts, and the cost of training grows with every date.
  const asOf = { ...full, train: full.train.slice(-MAX_TRAIN_DATES), horizonWeeks };
  const trainSet = new Set(asOf.train);
  const train: number[] = [];
  const valid: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < m.asOfWeek.length; i++) {
    if (!m.labelled[i]) continue;
    const t = m.asOfWeek[i]!;
    if (t === asOf.test) test.push(i);
    else if (t === asOf.valid) valid.push(i);
    else if (trainSet.has(t)) train.push(i);
  }
  return { train: Int32Array.from(train), valid: Int32Array.from(valid), test: Int32Array.from(test), asOf };
}

/** Stratified split over the labelled rows only (imported data may have customers without a label). */
function splitLabelled(m: FeatureMatrix, seed: number): DataSplit {
  const trainRows: number[] = [];
  for (let i = 0; i < m.labels.length; i++) if (m.labelled[i]) trainRows.push(i);
  const labels = Uint8Array.from(trainRows, (i) => m.labels[i]!);
  const local = stratifiedSplit(labels, seed);
  const toRows = (idx: Int32Array) => Int32Array.from(idx, (k) => trainRows[k]!);
  return { train: toRows(local.train), valid: toRows(local.valid), test: toRows(local.test) };
}

function checkClasses(m: FeatureMatrix, split: DataSplit): void {
  for (const [name, part] of Object.entries({ train: split.train, valid: split.valid, test: split.test })) {
    let pos = 0;
    for (const i of part) pos += m.labels[i]!;
    if (pos === 0 || pos === part.length) {
      throw new Error(`${name} 集只有一个类别，无法训练和评估：需要更多已标注的流失与未流失客户 (the ${name} split has a single class)`);
    }
  }
}

/** AUC of the generator's true probabilities on these rows; null without them. */
function oracleOf(m: FeatureMatrix, rows: Int32Array): number | null {
  const y: number[] = [];
  const p: number[] = [];
  for (const i of rows) {
    const t = m.trueProbability[i]!;
    if (!Number.isFinite(t)) return null;
    y.push(m.labels[i]!);
    p.push(t);
  }
  const pos = y.reduce((a, b) => a + b, 0);
  return pos === 0 || pos === y.length ? null : auc(Uint8Array.from(y), Float64Array.from(p));
}

/**
 * Predictions cost about rows × trees × depth node visits (SHAP, which visits every node, is what
 * scoring.ts budgets by rows × nodes). Below this many visits the evaluation predicts on this
 * thread in slices of about SLICE_VISITS that yield in between (a few ms each), which is cheaper
 * than starting a worker thread (≈ 0.5 s); above it a worker computes them.
 */
const PREDICT_IN_PROCESS_VISITS = 150_000_000;
/** Tree-node visits per pausable step: ~1 ms optimised, well under the slice budget before V8 has optimised the predictor. */
const STEP_VISITS = 100_000;

/** The model's probability for every row of the matrix. */
async function labelledProbabilities(ensemble: TreeEnsemble, m: FeatureMatrix): Promise<Float64Array> {
  const n = m.labels.length;
  let visitsPerRow = 0;
  for (const t of ensemble.trees) visitsPerRow += Math.log2(t.numNodes + 1);
  if (n * visitsPerRow > PREDICT_IN_PROCESS_VISITS) {
    const r = await scoreInWorker({ model: { ensemble }, X: m.X, nRows: n, nCols: m.nCols, withShap: false });
    return Float64Array.from(r.margin, (x) => 1 / (1 + Math.exp(-x)));
  }
  const out = new Float64Array(n);
  await runInSlices(
    rowSteps(n, predictStepRows(STEP_VISITS / Math.max(1, visitsPerRow)), (from, to) =>
      predictProba(ensemble, m.X.subarray(from * m.nCols, to * m.nCols), to - from, m.nCols, out.subarray(from, to)),
    ),
  );
  return out;
}

const probsOf = (probs: Float64Array, idx: Int32Array): Float64Array => Float64Array.from(idx, (i) => probs[i]!);

function evaluate(probs: Float64Array, m: FeatureMatrix, split: DataSplit, oracleAuc: number | null): Promise<Metrics> {
  const labelsOf = (idx: Int32Array) => Uint8Array.from(idx, (i) => m.labels[i]!);
  return runInSlices(metricsSteps({
    test: { labels: labelsOf(split.test), probs: probsOf(probs, split.test) },
    validation: { labels: labelsOf(split.valid), probs: probsOf(probs, split.valid) },
    trainSize: split.train.length,
    oracleAuc,
  }));
}

/** Recall among the k highest probabilities. */
export function recallAtK(labels: ArrayLike<number>, probs: ArrayLike<number>, k: number): number | null {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  if (positives === 0) return null;
  const n = probs.length;
  const top = Math.min(Math.max(0, Math.floor(k)), n);
  if (top === 0) return 0;
  // The k-th highest probability by a native sort; rows above it are in the top k, and ties at
  // it fill the rest in row order (what a stable sort by probability would pick), without
  // sorting an index array through a comparator, once per as-of date of the backtest.
  const cut = Float64Array.from(probs).sort()[n - top]!;
  let hit = 0;
  let taken = 0;
  for (let i = 0; i < n; i++) {
    if (probs[i]! > cut) {
      hit += labels[i]!;
      taken++;
    }
  }
  for (let i = 0; i < n && taken < top; i++) {
    if (probs[i] === cut) {
      hit += labels[i]!;
      taken++;
    }
  }
  return hit / positives;
}

/**
 * K of recall@K, the same definition for the backtest and for a scoring run's realised outcomes
 * (lib/monitor/outcomes.ts): the customers the model puts in the high-risk band
 * (probability ≥ RISK_THRESHOLDS.high) at that as-of date — the retention list it would hand
 * out — or 10% of them when none reaches the band.
 */
export function highRiskK(probs: ArrayLike<number>): number {
  let high = 0;
  for (let i = 0; i < probs.length; i++) if (probs[i]! >= RISK_THRESHOLDS.high) high++;
  return high > 0 ? high : Math.max(1, Math.round(probs.length / 10));
}

/**
 * The final model at every labelled as-of date: AUC and recall@K (K = highRiskK at that date),
 * with the role each date played in training.
 */
/** One point per labelled as-of date; yields between dates (the default timeline has ~20, ~150 ms in all). */
async function backtestOf(allProbs: Float64Array, m: FeatureMatrix, asOf: OutOfTimeSplit, startDate: string | null): Promise<BacktestPoint[]> {
  const byWeek = new Map<number, number[]>();
  for (let i = 0; i < m.asOfWeek.length; i++) {
    if (!m.labelled[i]) continue;
    const t = m.asOfWeek[i]!;
    let rows = byWeek.get(t);
    if (!rows) byWeek.set(t, (rows = []));
    rows.push(i);
  }
  const train = new Set(asOf.train);
  const points: BacktestPoint[] = [];
  for (const t of [...byWeek.keys()].sort((a, b) => a - b)) {
    await yieldToLoop();
    points.push(((): BacktestPoint => {
      const rows = Int32Array.from(byWeek.get(t)!);
      const labels = Uint8Array.from(rows, (i) => m.labels[i]!);
      const probs = probsOf(allProbs, rows);
      const churned = labels.reduce((a, b) => a + b, 0);
      const both = churned > 0 && churned < labels.length;
      const k = highRiskK(probs);
      return {
        asOfWeek: t,
        asOfDate: startDate ? weekStart(startDate, t) : null,
        role: t === asOf.test ? "test" : t === asOf.valid ? "valid" : train.has(t) ? "train" : t < asOf.valid ? "earlier" : "after",
        customers: rows.length,
        churned,
        auc: both ? auc(labels, probs) : null,
        recallAtK: recallAtK(labels, probs, k),
        k,
        oracleAuc: oracleOf(m, rows),
      } satisfies BacktestPoint;
    })());
  }
  return points;
}

// ───────────────────────────── recovery and activation ─────────────────────────────

/** Marks runs left 'running' by another (dead) process as failed; the active model is untouched. */
export async function recoverInterruptedRuns(deps: TrainingDeps): Promise<number> {
  const foreign = await deps.db
    .select({ id: modelRuns.id, ownerId: modelRuns.ownerId })
    .from(modelRuns)
    .where(and(eq(modelRuns.status, "running"), or(isNull(modelRuns.ownerId), ne(modelRuns.ownerId, deps.ownerId))));
  const dead: number[] = [];
  for (const r of foreign) if (!r.ownerId || !(await deps.isOwnerAlive?.(r.ownerId))) dead.push(r.id);
  if (dead.length === 0) return 0;
  const rows = await deps.db
    .update(modelRuns)
    .set({ status: "failed", error: INTERRUPTED_MESSAGE, finishedAt: new Date() })
    .where(and(eq(modelRuns.status, "running"), inArray(modelRuns.id, dead)))
    .returning({ id: modelRuns.id, phase: modelRuns.phase, currentRound: modelRuns.currentRound, totalRounds: modelRuns.totalRounds });
  for (const r of rows) {
    publish(deps.events, {
      runId: r.id,
      status: "failed",
      phase: r.phase as RunPhase,
      round: r.currentRound,
      totalRounds: r.totalRounds,
      error: INTERRUPTED_MESSAGE,
    });
  }
  return rows.length;
}

/**
 * Makes a succeeded run the active model. If it has no predictions for the active dataset
 * (trained on an older one), it scores that dataset first, so the active model always has them.
 */
export async function activateModel(deps: TrainingDeps, runId: number, onActivated?: InTransaction<ModelRunRow>): Promise<ModelRunRow> {
  const { db } = deps;
  const run = await getRun(db, runId);
  if (!run) throw new ModelNotFoundError(runId);
  if (run.status === "succeeded" && run.modelBytes) {
    const dataset = await getActiveDataset(db);
    if (dataset) {
      const [{ n }] = (await db
        .select({ n: sql<number>`count(*)::int` })
        .from(predictions)
        .where(and(eq(predictions.modelRunId, runId), eq(predictions.datasetId, dataset.id), eq(predictions.asOfWeek, dataset.asOfWeek)))) as [{ n: number }];
      if (Number(n) === 0) await scoreDataset(db, runId, ensembleOfRun(run), dataset);
    }
  }
  const row = await setActiveRun(db, runId, undefined, onActivated);
  publish(deps.events, { runId, status: "succeeded", phase: "done", round: row.currentRound, totalRounds: row.totalRounds, message: "已启用 activated" });
  return row;
}

/**
 * A model's features are matched to the catalog by name, not position: a model trained on the
 * same columns in another order is remapped; a model with a column the product does not have is
 * refused (it would score with the wrong values, silently).
 */
export function matchFeaturesByName(e: TreeEnsemble): TreeEnsemble {
  const names = e.featureNames;
  if (!names || names.length === 0) return e;
  const unknown = names.filter((n) => !FEATURE_KEYS.includes(n));
  if (unknown.length) {
    throw new TrainingInputError("model", `模型使用了数据集没有的特征 ${unknown.slice(0, 5).join(", ")} (model features not in the dataset: ${unknown.slice(0, 5).join(", ")})`);
  }
  const target = names.map((n) => FEATURE_KEYS.indexOf(n));
  if (target.every((t, i) => t === i)) return e;
  const trees = e.trees.map((t) => {
    const splitIndex = Int32Array.from(t.splitIndex, (j, k) => (t.isLeaf[k] ? j : target[j]!));
    return { ...t, splitIndex };
  });
  return { ...e, trees, numFeature: FEATURE_COUNT, featureNames: [...FEATURE_KEYS] };
}

/**
 * Imports a model trained elsewhere (XGBoost JSON, 1.x/2.x `save_model("x.json")`), scores the
 * active dataset with it and makes it the active model. Metrics: there is no held-out split we
 * know of, so they are computed on all labelled customers of the active dataset (threshold chosen
 * on the same rows) — an optimistic estimate, stated in the run's params.note.
 */
export async function importXgboostJsonModel(deps: TrainingDeps, json: string, actor?: string, onInserted?: InTransaction<ModelRunRow>): Promise<ModelRunRow> {
  const { db } = deps;
  let ensemble: TreeEnsemble;
  try {
    ensemble = fromXgboostJson(json);
    validateEnsemble(ensemble);
  } catch (e) {
    throw new TrainingInputError("model", `无法读取 XGBoost JSON 模型 (cannot read XGBoost JSON model): ${(e as Error).message}`);
  }
  if (ensemble.objective !== "binary:logistic") {
    throw new TrainingInputError("model", `模型目标函数为 ${ensemble.objective}，只支持 binary:logistic (objective must be binary:logistic)`);
  }
  ensemble = matchFeaturesByName(ensemble);
  if (ensemble.numFeature > FEATURE_COUNT) {
    throw new TrainingInputError("model", `模型使用 ${ensemble.numFeature} 个特征，最多允许 ${FEATURE_COUNT} (model uses ${ensemble.numFeature} features; allowed 1..${FEATURE_COUNT})`);
  }
  const dataset = await getActiveDataset(db);
  if (!dataset) throw new TrainingInputError("dataset", "没有可用的数据集，请先生成或导入数据 (no active dataset)");
  const matrix = await loadFeatureMatrix(db, dataset.id, "labelled");
  const t0 = performance.now();
  let metrics: Metrics | null = null;
  // Timelines: the latest fully labelled as-of date, like a trained model's test date.
  let latest = -1;
  for (let i = 0; i < matrix.asOfWeek.length; i++) latest = Math.max(latest, matrix.asOfWeek[i]!);
  const labelled: number[] = [];
  for (let i = 0; i < matrix.labelled.length; i++) if (matrix.labelled[i] && matrix.asOfWeek[i] === latest) labelled.push(i);
  const idx = Int32Array.from(labelled);
  let pos = 0;
  for (const i of idx) pos += matrix.labels[i]!;
  if (pos > 0 && pos < idx.length) {
    metrics = await evaluate(await labelledProbabilities(ensemble, matrix), matrix, { train: new Int32Array(0), valid: idx, test: idx }, dataset.oracleAuc);
  }
  const evaluateMs = performance.now() - t0;
  // Like a training run, an import is "running" until its predictions are stored and it is
  // active, so nobody sees a succeeded model that cannot score yet, only one model job runs at
  // a time, and a restart marks an interrupted import failed.
  const run = await insertRunningJob(db, {
    datasetId: dataset.id,
    phase: "scoring",
    source: "import",
    params: { note: "imported XGBoost JSON model; metrics on the latest labelled as-of date of the active dataset" },
    featureNames: ensemble.featureNames ?? [...FEATURE_KEYS],
    metrics,
    learningCurve: [],
    currentRound: ensemble.trees.length,
    totalRounds: ensemble.trees.length,
    bestIteration: ensemble.trees.length,
    // Stored as matched to the catalog, so every later load scores the columns by name.
    modelBytes: new TextEncoder().encode(ensemble.featureNames ? toXgboostJson(ensemble, ensemble.featureNames) : json),
    modelFormat: "xgboost-json",
    threshold: metrics?.threshold ?? 0.5,
    ownerId: deps.ownerId,
    createdBy: actor ?? null,
  }, onInserted);
  try {
    const scoringMatrix = await loadScoringMatrix(db, dataset.id, dataset.asOfWeek);
    const scored = await scoreMatrix(ensemble, scoringMatrix);
    const t1 = performance.now();
    await storePredictions(db, run.id, dataset, scoringMatrix, scored);
    const storeMs = performance.now() - t1;
    const active = await setActiveRun(db, run.id, {
      status: "succeeded",
      phase: "done",
      shapBaseValue: scored.baseValue,
      finishedAt: new Date(),
      timings: { trainMs: 0, boostMs: 0, evaluateMs: Math.round(evaluateMs), shapMs: Math.round(scored.shapMs + scored.predictMs), storeMs: Math.round(storeMs), totalMs: Math.round(performance.now() - t0) },
      durationMs: Math.round(performance.now() - t0),
    });
    return active;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await db
      .update(modelRuns)
      .set({ status: "failed", error: message.slice(0, 2000), finishedAt: new Date() })
      .where(eq(modelRuns.id, run.id))
      .catch(() => undefined);
    throw e;
  }
}

