/**
 * Margins of every row of a matrix, built while the model trains. Boosting runs in a worker
 * thread and leaves this thread idle; the worker sends each evaluation point's new trees and how
 * many trees are settled (early stopping can no longer drop them), and the settled ones are
 * added here in slices. When training ends only the trees after the last settled one are left,
 * so the evaluation's predictions over every labelled row (a second pass over the whole model,
 * ~1 s on the default pipeline) mostly overlap the boosting instead of following it.
 *
 * Leaf values are summed per row in tree order and base_score is added last, as predictMargin
 * does, so the result has the same bits as predictMargin on the final model.
 */
import type { Tree, TreeEnsemble } from "./ensemble";
import { predictLeafValuesPrepared, predictStepRows, prepareRows, sigmoid } from "./predict";
import { rowSteps, runInSlices, type Pausable } from "../runtime/time-slice";

/** Tree-node visits per pausable step: ~1 ms once optimised. */
const STEP_VISITS = 100_000;
/** Trees compiled and walked together per pass over the rows. */
const TREES_PER_PASS = 16;
/**
 * The rows are converted once to the predictor's layout (prepareRows: 8 bytes per cell) and
 * walked by every pass; converting them per pass cost as much as walking 16 shallow trees.
 * Larger matrices are left to the caller's own prediction (they pass the visit budget anyway).
 */
const MAX_PREPARED_CELLS = 8_000_000;

export interface RunningMarginsInput {
  X: Float64Array;
  nRows: number;
  nCols: number;
  numFeature: number;
  /** Beyond this many node visits the caller predicts elsewhere (a worker): adding stops. */
  maxVisits: number;
}

export class RunningMargins {
  private readonly sum: Float64Array;
  /** Trees received so far, by index in the model. */
  private readonly trees: Tree[] = [];
  private settled = 0;
  private added = 0;
  private visits = 0;
  private abandoned = false;
  private pump: Promise<void> | null = null;
  private prepared: Float32Array | null = null;

  constructor(private readonly input: RunningMarginsInput) {
    const tooLarge = input.nRows * input.numFeature > MAX_PREPARED_CELLS;
    this.abandoned = tooLarge;
    this.sum = new Float64Array(tooLarge ? 0 : input.nRows);
  }

  /** True when the matrix or the model outgrew the budget (or adding failed): the caller must predict without it. */
  get gaveUp(): boolean {
    return this.abandoned;
  }

  /** Trees `from…` of the model in training; the first `settled` trees of the model are final. */
  offer(trees: readonly Tree[], from: number, settled: number): void {
    if (this.abandoned) return;
    for (let i = 0; i < trees.length; i++) this.trees[from + i] = trees[i]!;
    // Only a gap-free prefix can be added (a lost message leaves a hole until the final model fills it).
    let known = this.settled;
    while (known < this.trees.length && this.trees[known] !== undefined) known++;
    this.settled = Math.max(this.settled, Math.min(settled, known));
    // Nobody awaits the pump when training fails or is cancelled: a failure here must not become
    // an unhandled rejection. It gives way to the caller's own prediction, which reports it if real.
    this.pump ??= this.drain()
      .catch(() => {
        this.abandoned = true;
      })
      .finally(() => (this.pump = null));
  }

  /**
   * Probabilities of every row under the final model (whose first trees must be the ones
   * offered), or null when adding was given up.
   */
  async probabilities(model: TreeEnsemble): Promise<Float64Array | null> {
    while (this.pump) await this.pump;
    if (this.abandoned) return null;
    // The worker only settles trees the final model keeps; a shorter model is a bug, not data.
    if (model.trees.length < this.added) throw new Error(`running margins: ${this.added} trees added, the model has ${model.trees.length}`);
    await runInSlices(this.addTrees(model.trees.slice(this.added)));
    if (this.abandoned) return null;
    const out = new Float64Array(this.input.nRows);
    for (let r = 0; r < out.length; r++) out[r] = sigmoid(model.baseScore + this.sum[r]!);
    return out;
  }

  private async drain(): Promise<void> {
    while (!this.abandoned && this.added < this.settled) {
      await runInSlices(this.addTrees(this.trees.slice(this.added, this.settled)));
    }
  }

  private *rows(): Pausable<Float32Array> {
    if (this.prepared) return this.prepared;
    const { X, nRows, nCols, numFeature } = this.input;
    const prepared = new Float32Array(nRows * 2 * numFeature);
    yield* rowSteps(nRows, 4096, (from, to) => prepareRows(X, from, to, nCols, numFeature, prepared));
    return (this.prepared = prepared);
  }

  private *addTrees(trees: Tree[]): Pausable<void> {
    const { nRows, numFeature, maxVisits } = this.input;
    for (let t0 = 0; t0 < trees.length; t0 += TREES_PER_PASS) {
      const part = trees.slice(t0, t0 + TREES_PER_PASS);
      let depth = 0;
      for (const t of part) depth += Math.log2(t.numNodes + 1);
      this.visits += depth * nRows;
      if (this.visits > maxVisits) {
        this.abandoned = true;
        return;
      }
      const prepared = yield* this.rows();
      const ensemble: TreeEnsemble = { numFeature, baseScore: 0, objective: "binary:logistic", trees: part };
      const k = part.length;
      const rows = predictStepRows(STEP_VISITS / Math.max(1, depth));
      const leaves = new Float64Array(k * rows);
      yield* rowSteps(nRows, rows, (from, to) => {
        const n = to - from;
        predictLeafValuesPrepared(ensemble, prepared, from, to, leaves);
        for (let t = 0; t < k; t++) {
          const off = t * n;
          for (let r = 0; r < n; r++) this.sum[from + r] += leaves[off + r]!;
        }
      });
      this.added += k;
    }
  }
}
