/** Alerts as they are raised, for the `alertRaised` subscription (one bus per process). */
import { EventBus } from "../events/bus";

export interface AlertEvent {
  id: number;
  scoringRunId: number;
  modelRunId: number;
  datasetId: number;
  asOfWeek: number;
  kind: string;
  severity: string;
  message: string;
}

export const ALERT_TOPIC = "alerts";

const KEY = Symbol.for("churn.monitor.alertBus");
const g = globalThis as unknown as Record<symbol, EventBus<AlertEvent> | undefined>;

/** One bus per process, kept on globalThis so Next's module reloads share it. */
export function alertBus(): EventBus<AlertEvent> {
  return (g[KEY] ??= new EventBus<AlertEvent>());
}
