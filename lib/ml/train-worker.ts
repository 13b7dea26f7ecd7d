/**
 * Worker thread that trains with ml-xgboost, so the server keeps answering meanwhile and the
 * emscripten glue (process-wide uncaughtException handler, C++ aborts) stays in here.
 *
 * Training runs in chunks of `chunkRounds`. At an evaluation point the model is saved (ml-xgboost
 * has no other way out) but only the trees appended since the last one are parsed
 * (parseLegacyBinary fromTree) and evaluated, adding to running margins of the train and
 * validation rows: a learning-curve point (log loss) for every round at the cost of one pass of
 * each new tree over the rows, and AUC at each evaluation point. Evaluation work is
 * proportional to the new trees, not to the model so far; the save itself is not (it writes
 * the whole model), so evaluation points are spaced by SAVE_SHARE below. On large data the
 * train-side curve uses a fixed sample of the training rows (TRAIN_CURVE_ROWS).
 *
 * Early stopping (earlyStoppingRounds > 0): stop once validation log loss has not improved for
 * that many rounds. The validation rows are evaluated first, so the train rows only see the
 * trees up to the stopping round. Trees after the best round are dropped from the model BYTES
 * with keepFirstTrees (legacy-binary-edit.ts) — byte-identical to training exactly that many
 * rounds, because tree i only depends on the trees before it.
 *
 * Prior correction: with scale_pos_weight = w the learned margins are shifted by about ln w;
 * base_score gets −ln w added (shiftBaseScore) so probabilities are calibrated again. The
 * learning curve is computed with the corrected margins, so early stopping sees true log loss.
 */
import { parentPort } from "node:worker_threads";
import type { LearningPoint } from "../events/types";
import { auc } from "../stats/auc";
import type { TreeEnsemble } from "./ensemble";
import { keepFirstTrees, shiftBaseScore } from "./legacy-binary-edit";
import { parseLegacyBinary } from "./model-binary";
import { toXgboostParams } from "./params";
import { compileForest, predictLeafSlots } from "./predict";
import type { TrainWorkerMessage, TrainWorkerRequest } from "./train-protocol";
import { loadXgboost, XgboostBooster } from "./xgboost-wasm";

const EPS = 1e-15;
/**
 * ml-xgboost saves the WHOLE model (≈ 40 µs per KB), so saving after every chunk is quadratic in
 * rounds. A save happens only once the boosting since the previous one is at least 1/SAVE_SHARE
 * (100) times its estimated cost: small data gets fewer, larger evaluation chunks; large data, where
 * a round costs far more than a save, still gets one per chunk.
 */
const SAVE_SHARE = 0.01;
/** Rows per evaluation slice: the slice's per-tree leaf values (chunk trees × rows) stay small. */
const EVAL_SLICE_ROWS = 8192;

/**
 * Rows of X (by index) as float32 — the precision XGBoost trains and splits in — with −1 → NaN,
 * so TS evaluation treats missing like ml-xgboost does.
 */
function gather(X: Float64Array, nCols: number, idx: Int32Array): Float32Array {
  const out = new Float32Array(idx.length * nCols);
  for (let k = 0; k < idx.length; k++) {
    const src = idx[k]! * nCols;
    for (let j = 0; j < nCols; j++) {
      const v = X[src + j]!;
      out[k * nCols + j] = v === -1 ? Number.NaN : v;
    }
  }
  return out;
}

/**
 * Log loss without an exp or a division per row and round. Each row keeps z = exp(−m) when its
 * label is 1 and exp(m) when it is 0, so its loss is log(1 + z) (probability of the true label
 * 1/(1 + z), clamped to [EPS, 1 − EPS] like log-loss metrics do). A tree adds its leaf value v
 * to m, so z is multiplied by exp(∓v), computed once per leaf. z is re-derived from the margin
 * at every evaluation point (and whenever it leaves [1e−200, 1e200]), so rounding cannot pile
 * up. Losses are summed as logs of products of LOSS_BLOCK terms (each in [1, 1e15], so a
 * product stays below 1e240): one log per block instead of per row.
 */
/** A power of two: the block test is a mask. */
const LOSS_BLOCK = 16;
const TERM_MIN = 1 / (1 - EPS);
const TERM_MAX = 1 / EPS;

/** Rows of one split with their running margins. */
interface EvalSet {
  X: Float32Array;
  y: Uint8Array;
  margin: Float64Array;
}

/**
 * Adds the trees of `fresh` one after another to the running margins and returns, per tree,
 * the mean log loss right after it. Row slices keep memory at trees × EVAL_SLICE_ROWS values;
 * each tree's loss is still summed over the rows in order.
 */
function addTrees(fresh: TreeEnsemble, s: EvalSet, nCols: number): Float64Array {
  const k = fresh.trees.length;
  const n = s.y.length;
  const loss = new Float64Array(k);
  if (k === 0) return loss;
  const { slotValue } = compileForest(fresh);
  // factor[2·slot + label]: exp(v) for label 0, exp(−v) for label 1 — indexed, not branched on.
  const factor = new Float64Array(2 * slotValue.length);
  for (let j = 0; j < slotValue.length; j++) {
    factor[2 * j] = Math.exp(slotValue[j]!);
    factor[2 * j + 1] = Math.exp(-slotValue[j]!);
  }
  const width = Math.min(n, EVAL_SLICE_ROWS);
  const slots = new Int32Array(k * width);
  const z = new Float64Array(width);
  const { y, margin } = s;
  for (let r0 = 0; r0 < n; r0 += EVAL_SLICE_ROWS) {
    const m = Math.min(EVAL_SLICE_ROWS, n - r0);
    predictLeafSlots(fresh, s.X.subarray(r0 * nCols, (r0 + m) * nCols), m, nCols, slots);
    for (let r = 0; r < m; r++) z[r] = Math.exp(y[r0 + r] ? -margin[r0 + r]! : margin[r0 + r]!);
    for (let t = 0; t < k; t++) {
      let acc = loss[t]!;
      let prod = 1;
      const base = t * m;
      for (let r = 0; r < m; r++) {
        const slot = slots[base + r]!;
        const i = r0 + r;
        margin[i] += slotValue[slot]!;
        let zr = z[r]! * factor[(slot << 1) | y[i]!]!;
        if (!(zr < 1e200 && zr > 1e-200)) zr = Math.exp(y[i] ? -margin[i]! : margin[i]!);
        z[r] = zr;
        const term = 1 + zr;
        prod *= term < TERM_MIN ? TERM_MIN : term > TERM_MAX ? TERM_MAX : term;
        if ((r & (LOSS_BLOCK - 1)) === LOSS_BLOCK - 1) {
          acc += Math.log(prod);
          prod = 1;
        }
      }
      loss[t] = acc + Math.log(prod);
    }
  }
  for (let t = 0; t < k; t++) loss[t] = n ? loss[t]! / n : 0;
  return loss;
}

/**
 * The train-side learning curve (log loss per round, AUC per evaluation point) is measured on
 * an evenly spaced sample of at most this many training rows. It is shown, never decided on,
 * and its log loss is a mean whose sampling error at 8,192 rows (~0.005) is far below the gap
 * it shows; evaluating every new tree on every training row ran serially with the boosting and
 * cost a quarter of it on the default pipeline (20,529 training rows). Validation loss, which
 * early stopping reads, always uses every validation row.
 */
const TRAIN_CURVE_ROWS = 8192;

/** Every k-th index so that at most `max` remain; the array itself when it is small enough. */
function strideSample(idx: Int32Array, max: number): Int32Array {
  if (idx.length <= max) return idx;
  const out = new Int32Array(max);
  for (let k = 0; k < max; k++) out[k] = idx[Math.floor((k * idx.length) / max)]!;
  return out;
}

function run(req: TrainWorkerRequest, post: (m: TrainWorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  return (async () => {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    // Compile the wasm module while the rows are gathered.
    const runtime = loadXgboost();
    const { nCols, params } = req;
    if (req.validIdx.length === 0) throw new Error("验证集为空 (validation set is empty)");
    const evalSet = (idx: Int32Array): EvalSet => ({
      X: gather(req.X, nCols, idx),
      y: Uint8Array.from(idx, (i) => (req.y[i]! > 0 ? 1 : 0)),
      margin: new Float64Array(idx.length),
    });
    const all = evalSet(req.trainIdx);
    const curveIdx = strideSample(req.trainIdx, TRAIN_CURVE_ROWS);
    const train = curveIdx === req.trainIdx ? all : evalSet(curveIdx);
    const valid = evalSet(req.validIdx);
    // This thread's copy of the whole matrix is no longer needed: let it be collected.
    req.X = new Float64Array(0);
    const shift = params.scalePosWeight !== 1 ? -Math.log(params.scalePosWeight) : 0;

    const rt = await runtime;
    const booster = XgboostBooster.create(rt, { X: all.X, y: all.y, nRows: all.y.length, nCols, params: toXgboostParams(params) });
    const prepareMs = performance.now() - started;
    try {
      const curve: LearningPoint[] = [];
      let evaluated = 0;
      let boostMs = 0;
      let boostCpuUs = 0;
      let saveMs = 0;
      let evaluateMs = 0;
      let best = 0;
      let bestLoss = Number.POSITIVE_INFINITY;
      let stoppedEarly = false;
      let bytes: Uint8Array = new Uint8Array(0);
      const total = params.rounds;
      const esr = params.earlyStoppingRounds;

      // Save cost grows with the model; it is estimated from the last save, scaled by tree count.
      let lastSaveMs = 0;
      let lastSaveTrees = 0;
      let boostSinceSave = 0;
      while (booster.roundsTrained < total && !stoppedEarly) {
        const n = Math.min(req.chunkRounds, total - booster.roundsTrained);
        const tTrain = performance.now();
        const cpu0 = process.cpuUsage();
        booster.trainRounds(n);
        const cpu = process.cpuUsage(cpu0);
        boostCpuUs += cpu.user + cpu.system;
        const tSave = performance.now();
        boostMs += tSave - tTrain;
        boostSinceSave += tSave - tTrain;
        const trees = booster.roundsTrained;
        const estSaveMs = lastSaveTrees ? (lastSaveMs * trees) / lastSaveTrees : 0;
        // With early stopping, waiting costs boosting rounds past the stop: evaluate at least every esr / 2 rounds.
        const due = esr > 0 && trees - evaluated >= Math.max(req.chunkRounds, Math.floor(esr / 2));
        if (trees < total && !due && estSaveMs > SAVE_SHARE * boostSinceSave) {
          // Not worth a save yet: report the round only; the curve catches up at the next save.
          post({ type: "progress", round: trees, totalRounds: total, points: [] });
          continue;
        }
        bytes = booster.save();
        const fresh = parseLegacyBinary(bytes, { fromTree: evaluated });
        const tEval = performance.now();
        lastSaveMs = tEval - tSave;
        lastSaveTrees = trees;
        boostSinceSave = 0;
        saveMs += lastSaveMs;
        if (evaluated === 0) {
          train.margin.fill(fresh.baseScore + shift);
          valid.margin.fill(fresh.baseScore + shift);
        }
        // Validation first: it decides where early stopping ends the curve.
        const before = esr > 0 ? valid.margin.slice() : null;
        const validLoss = addTrees(fresh, valid, nCols);
        let keep = fresh.trees.length;
        for (let t = 0; t < fresh.trees.length; t++) {
          const round = evaluated + t + 1;
          if (validLoss[t]! < bestLoss) {
            bestLoss = validLoss[t]!;
            best = round;
          }
          if (esr > 0 && round - best >= esr) {
            stoppedEarly = true;
            keep = t + 1;
            break;
          }
        }
        const kept = keep < fresh.trees.length ? { ...fresh, trees: fresh.trees.slice(0, keep) } : fresh;
        if (kept !== fresh && before) {
          // Margins as of the stopping round, for its AUC: replay only the kept trees.
          valid.margin.set(before);
          addTrees(kept, valid, nCols);
        }
        const trainLoss = addTrees(kept, train, nCols);
        const points: LearningPoint[] = [];
        for (let t = 0; t < keep; t++) {
          points.push({ round: evaluated + t + 1, trainLogloss: trainLoss[t]!, validLogloss: validLoss[t]! });
        }
        const treesFrom = evaluated;
        evaluated += fresh.trees.length;
        const last = points[points.length - 1];
        if (last) {
          // AUC once per chunk: it needs a sort, log loss does not.
          last.trainAuc = auc(train.y, train.margin);
          last.validAuc = auc(valid.y, valid.margin);
        }
        curve.push(...points);
        evaluateMs += performance.now() - tEval;
        // best only grows, and the model keeps trees up to the final best: those are settled.
        const settledTrees = esr > 0 ? best : evaluated;
        post({ type: "progress", round: booster.roundsTrained, totalRounds: total, points, trees: fresh.trees, treesFrom, settledTrees });
      }

      const keep = esr > 0 ? best : booster.roundsTrained;
      let model = keep < booster.roundsTrained ? keepFirstTrees(bytes, keep) : bytes;
      if (shift !== 0) model = shiftBaseScore(model, shift);
      post(
        {
          type: "done",
          modelBytes: model,
          bestIteration: keep,
          roundsTrained: booster.roundsTrained,
          stoppedEarly,
          learningCurve: curve,
          baseScoreShift: shift,
          trainMs: performance.now() - started,
          boostMs,
          cpuMs: (({ user, system }) => ({ job: (user + system) / 1000, boost: boostCpuUs / 1000 }))(process.cpuUsage(cpuStart)),
          overheadMs: { prepare: prepareMs, save: saveMs, evaluate: evaluateMs },
        },
        [model.buffer as ArrayBuffer],
      );
    } finally {
      booster.dispose();
    }
  })();
}

const port = parentPort;
if (port) {
  // A worker started ahead of its job (spawn-ts-worker.ts keeps one spare) compiles the wasm
  // module while it waits; a failure surfaces again when run() awaits the same promise.
  loadXgboost().catch(() => {});
  port.once("message", (req: TrainWorkerRequest) => {
    const post = (m: TrainWorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer ?? []);
    run(req, post).then(
      () => port.close(),
      (e: unknown) => {
        post({ type: "error", message: e instanceof Error ? e.message : String(e) });
        port.close();
      },
    );
  });
}
