/** Progress events. Topics: `run:<id>` for training, `batch:<id>` for plan batches. */
export interface LearningPoint {
  round: number;
  trainLogloss: number;
  validLogloss: number;
  trainAuc?: number;
  validAuc?: number;
}

export type RunStatus = "running" | "succeeded" | "failed" | "cancelled";
export type RunPhase = "queued" | "preparing" | "training" | "evaluating" | "explaining" | "scoring" | "done";

export interface TrainingEvent {
  runId: number;
  status: RunStatus;
  phase: RunPhase;
  round: number;
  totalRounds: number;
  latest?: LearningPoint;
  message?: string;
  error?: string;
}

export type PlanEventKind = "started" | "delta" | "done" | "failed" | "batch";

export interface PlanEvent {
  batchId: number;
  kind: PlanEventKind;
  customerId?: string;
  planId?: number;
  /** Text appended since the previous delta for this customer (coalesced). */
  delta?: string;
}

/** A dataset job's progress (generate, advance, import), for the person waiting on it. */
export type DatasetJob = "generate" | "advance" | "import";
export interface DatasetJobEvent {
  job: DatasetJob;
  /** generate: building the timeline; store: writing rows; score: the active model scores the new date. */
  phase: "generate" | "store" | "score";
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  /** The dataset written, once it is. */
  datasetId?: number;
  error?: string;
}

export const DATASETS_TOPIC = "datasets";
export const runTopic = (runId: number) => `run:${runId}`;
export const batchTopic = (batchId: number) => `batch:${batchId}`;
