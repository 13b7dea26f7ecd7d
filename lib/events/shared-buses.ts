import { EventBus } from "./bus";

/**
 * Process-wide buses by name (kept on globalThis: Next dev reloads modules), for domains whose
 * events are not part of AppEvents (campaign contact statuses). The PostgreSQL bridge carries
 * them across instances too: one bridge per process owns them (the first started), so a process
 * with several AppServices (tests) neither sends nor delivers an event twice.
 */
interface Registry {
  buses: Map<string, EventBus<unknown>>;
  added: Set<(name: string, bus: EventBus<unknown>) => void>;
  /** Origin id of the bridge that carries the shared buses in this process, if any. */
  owner: string | null;
}

const KEY = Symbol.for("churn.sharedBuses");
type Holder = { [KEY]?: Registry };

export function sharedBusRegistry(): Registry {
  const g = globalThis as Holder;
  return (g[KEY] ??= { buses: new Map(), added: new Set(), owner: null });
}

/** The process's bus of this name, created on first use. */
export function sharedBus<T>(name: string): EventBus<T> {
  const reg = sharedBusRegistry();
  let bus = reg.buses.get(name);
  if (!bus) {
    bus = new EventBus<unknown>();
    reg.buses.set(name, bus);
    for (const cb of reg.added) cb(name, bus);
  }
  return bus as EventBus<T>;
}

/** Calls `cb` for every shared bus, now and when one is created; returns the unsubscribe function. */
export function onSharedBus(cb: (name: string, bus: EventBus<unknown>) => void): () => void {
  const reg = sharedBusRegistry();
  for (const [name, bus] of reg.buses) cb(name, bus);
  reg.added.add(cb);
  return () => reg.added.delete(cb);
}
