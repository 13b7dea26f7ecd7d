/**
 * Worker thread that trains with ml-xgboost, so the server keeps answering meanwhile and the
 * emscripten glue (process-wide uncaughtException handler, C++ aborts) stays in here.
 *
 * Training runs in chunks of `chunkRounds`. After each chunk the model bytes are parsed and
 * only the NEW trees are evaluated, adding to running margins of the train and validation
 * rows: that gives a learning-curve point (log loss) for every round at the cost of one tree
 * pass per round, and AUC at the end of each chunk.
 *
 * Early stopping (earlyStoppingRounds > 0): stop once validation log loss has not improved for
 * that many rounds. Trees after the best round are dropped from the model BYTES with
 * keepFirstTrees (legacy-binary-edit.ts) — byte-identical to training exactly that many rounds,
 * because tree i only depends on the trees before it.
 *
 * Prior correction: with scale_pos_weight = w the learned margins are shifted by about ln w;
 * base_score gets −ln w added (shiftBaseScore) so probabilities are calibrated again. The
 * learning curve is computed with the corrected margins, so early stopping sees true log loss.
 */
import { parentPort } from "node:worker_threads";
import type { LearningPoint } from "../events/types";
import { auc } from "../stats/auc";
import { keepFirstTrees, shiftBaseScore } from "./legacy-binary-edit";
import { parseLegacyBinary } from "./model-binary";
import { toXgboostParams } from "./params";
import { predictMargin } from "./predict";
import type { TrainWorkerMessage, TrainWorkerRequest } from "./train-protocol";
import { loadXgboost, XgboostBooster } from "./xgboost-wasm";

const EPS = 1e-15;

/** Rows of X (by index) as a fresh matrix; −1 → NaN so TS evaluation treats missing like XGBoost does. */
function gather(X: Float64Array, nCols: number, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length * nCols);
  for (let k = 0; k < idx.length; k++) {
    const src = idx[k]! * nCols;
    for (let j = 0; j < nCols; j++) {
      const v = X[src + j]!;
      out[k * nCols + j] = v === -1 ? Number.NaN : v;
    }
  }
  return out;
}

function logLossOf(y: Uint8Array, margin: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const p = Math.min(1 - EPS, Math.max(EPS, 1 / (1 + Math.exp(-margin[i]!))));
    s -= y[i] ? Math.log(p) : Math.log(1 - p);
  }
  return y.length ? s / y.length : 0;
}

function run(req: TrainWorkerRequest, post: (m: TrainWorkerMessage, transfer?: ArrayBuffer[]) => void): Promise<void> {
  return (async () => {
    const started = performance.now();
    const { nCols, params } = req;
    if (req.validIdx.length === 0) throw new Error("验证集为空 (validation set is empty)");
    const Xtr = gather(req.X, nCols, req.trainIdx);
    const Xva = gather(req.X, nCols, req.validIdx);
    const ytr = Uint8Array.from(req.trainIdx, (i) => (req.y[i]! > 0 ? 1 : 0));
    const yva = Uint8Array.from(req.validIdx, (i) => (req.y[i]! > 0 ? 1 : 0));
    const shift = params.scalePosWeight !== 1 ? -Math.log(params.scalePosWeight) : 0;

    const rt = await loadXgboost();
    const booster = XgboostBooster.create(rt, { X: Xtr, y: ytr, nRows: ytr.length, nCols, params: toXgboostParams(params) });
    try {
      const mTr = new Float64Array(ytr.length);
      const mVa = new Float64Array(yva.length);
      const tmpTr = new Float64Array(ytr.length);
      const tmpVa = new Float64Array(yva.length);
      const curve: LearningPoint[] = [];
      let evaluated = 0;
      let boostMs = 0;
      let best = 0;
      let bestLoss = Number.POSITIVE_INFINITY;
      let stoppedEarly = false;
      let bytes: Uint8Array = new Uint8Array(0);
      const total = params.rounds;
      const esr = params.earlyStoppingRounds;

      while (booster.roundsTrained < total && !stoppedEarly) {
        const n = Math.min(req.chunkRounds, total - booster.roundsTrained);
        const tTrain = performance.now();
        booster.trainRounds(n);
        boostMs += performance.now() - tTrain;
        bytes = booster.save();
        const e = parseLegacyBinary(bytes);
        if (evaluated === 0) {
          mTr.fill(e.baseScore + shift);
          mVa.fill(e.baseScore + shift);
        }
        const fresh: LearningPoint[] = [];
        for (let t = evaluated; t < e.trees.length; t++) {
          const one = { ...e, baseScore: 0, trees: [e.trees[t]!] };
          predictMargin(one, Xtr, ytr.length, nCols, tmpTr);
          predictMargin(one, Xva, yva.length, nCols, tmpVa);
          for (let i = 0; i < mTr.length; i++) mTr[i] += tmpTr[i]!;
          for (let i = 0; i < mVa.length; i++) mVa[i] += tmpVa[i]!;
          const point: LearningPoint = { round: t + 1, trainLogloss: logLossOf(ytr, mTr), validLogloss: logLossOf(yva, mVa) };
          fresh.push(point);
          if (point.validLogloss < bestLoss) {
            bestLoss = point.validLogloss;
            best = t + 1;
          }
          if (esr > 0 && t + 1 - best >= esr) {
            stoppedEarly = true;
            break;
          }
        }
        evaluated = e.trees.length;
        const last = fresh[fresh.length - 1];
        if (last) {
          // AUC once per chunk: it needs a sort, log loss does not.
          last.trainAuc = auc(ytr, mTr);
          last.validAuc = auc(yva, mVa);
        }
        curve.push(...fresh);
        post({ type: "progress", round: booster.roundsTrained, totalRounds: total, points: fresh });
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
