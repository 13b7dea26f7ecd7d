import type postgres from "postgres";
import type { AppEvents } from "./index";

const CHANNEL = "churn_guard_events";
/** NOTIFY payloads are limited to 8000 bytes; larger events (long deltas) are split by the sender. */
const MAX_PAYLOAD = 7000;

interface Envelope {
  o: string; // origin instance, so an instance ignores its own echoes
  b: "training" | "plans";
  t: string;
  e: unknown;
}

/**
 * Several server instances on one PostgreSQL: every event published in one instance is sent
 * with NOTIFY and delivered to the subscribers of the others, so a dashboard connected to
 * instance A follows a plan batch that instance B is writing.
 */
export async function bridgeEventsOverPostgres(sql: postgres.Sql, events: AppEvents, originId: string, onError: (e: unknown) => void): Promise<() => Promise<void>> {
  const send = (b: Envelope["b"]) => (topic: string, event: unknown) => {
    const payload = JSON.stringify({ o: originId, b, t: topic, e: event } satisfies Envelope);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      // Too large to notify (a long text delta): other instances still get the state from the
      // database on their next snapshot; dropping the live copy loses nothing durable.
      return;
    }
    sql.notify(CHANNEL, payload).catch(onError);
  };
  events.training.setForwarder(send("training"));
  events.plans.setForwarder(send("plans"));
  const sub = await sql.listen(CHANNEL, (payload) => {
    try {
      const env = JSON.parse(payload) as Envelope;
      if (env.o === originId) return;
      if (env.b === "training") events.training.deliver(env.t, env.e as never);
      else if (env.b === "plans") events.plans.deliver(env.t, env.e as never);
    } catch (e) {
      onError(e);
    }
  });
  return async () => {
    events.training.setForwarder(null);
    events.plans.setForwarder(null);
    await sub.unlisten();
  };
}
