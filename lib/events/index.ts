import { EventBus } from "./bus";
import type { PlanEvent, TrainingEvent } from "./types";

export interface AppEvents {
  training: EventBus<TrainingEvent>;
  plans: EventBus<PlanEvent>;
}

export function createEvents(): AppEvents {
  return { training: new EventBus<TrainingEvent>(), plans: new EventBus<PlanEvent>() };
}

export * from "./types";
export { EventBus } from "./bus";
