/**
 * Points where other domains observe the model lifecycle without lib/ml depending on them
 * (monitoring depends on ml, not the other way round): after a scoring is stored, and when a
 * trained run is about to complete (store its drift reference; decide whether it replaces the
 * active model). Installed once per process by the composition root (lib/monitor/install.ts).
 */
import type { Db } from "../../db/client";
import type { FeatureMatrix } from "../data/dataset-store";
import type { TreeEnsemble } from "./ensemble";

export interface ScoredScope {
  modelRunId: number;
  datasetId: number;
  asOfWeek: number;
}

export interface TrainedRun {
  runId: number;
  datasetId: number;
  ensemble: TreeEnsemble;
  /** The labelled rows the model was trained and evaluated on. */
  matrix: FeatureMatrix;
  trainRows: Int32Array;
  testRows: Int32Array;
  testAuc: number;
}

export interface ModelHooks {
  afterScoring?(db: Db, scope: ScoredScope, X: Float64Array, nCols: number, probability: Float64Array): Promise<void>;
  /** true: the new run becomes the active model; false: it stays a challenger. */
  onTrained?(db: Db, run: TrainedRun): Promise<boolean>;
}

const KEY = Symbol.for("churn.ml.modelHooks");
const g = globalThis as unknown as Record<symbol, ModelHooks | undefined>;

export function setModelHooks(h: ModelHooks | null): void {
  g[KEY] = h ?? undefined;
}

export function modelHooks(): ModelHooks {
  return g[KEY] ?? {};
}
