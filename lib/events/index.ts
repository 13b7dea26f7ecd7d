import { EventBus } from "./bus";
import type { DatasetJobEvent, PlanEvent, TrainingEvent } from "./types";

export interface AppEvents {
  training: EventBus<TrainingEvent>;
  plans: EventBus<PlanEvent>;
  /** In-process only: progress goes to the callers of this instance, who started the job here. */
  datasets: EventBus<DatasetJobEvent>;
}

export function createEvents(): AppEvents {
  return { training: new EventBus<TrainingEvent>(), plans: new EventBus<PlanEvent>(), datasets: new EventBus<DatasetJobEvent>() };
}

export * from "./types";
export { EventBus } from "./bus";
