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

export const runTopic = (runId: number) => `run:${runId}`;
export const batchTopic = (batchId: number) => `batch:${batchId}`;
