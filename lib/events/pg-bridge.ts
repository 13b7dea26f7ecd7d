import type postgres from "postgres";
import type { AppEvents } from "./index";
import { onSharedBus, sharedBusRegistry } from "./shared-buses";
import type { PlanEvent } from "./types";

const CHANNEL = "churn_guard_events";
/** NOTIFY payloads are limited to 8000 bytes; stay well under it. */
export const MAX_NOTIFY_PAYLOAD = 7000;

/** AppEvents' buses, or a shared bus's name (shared-buses.ts). */
type BusName = "training" | "plans" | (string & {});

interface Message {
  b: BusName;
  t: string;
  e: unknown;
}

/** One NOTIFY carries every message queued while the previous one was in flight. */
interface Packet {
  o: string; // origin instance, so an instance ignores its own echoes
  m: Message[];
}

const packetBytes = (origin: string, messages: Message[]) => Buffer.byteLength(JSON.stringify({ o: origin, m: messages } satisfies Packet));

/** Splits a text delta into pieces whose packets fit, on code-point boundaries. */
function splitDelta(origin: string, msg: Message): Message[] {
  const event = msg.e as PlanEvent;
  const chars = [...(event.delta ?? "")];
  const pieces: Message[] = [];
  let start = 0;
  while (start < chars.length) {
    // Worst case 6 bytes per JSON-escaped character; leaves room for the envelope.
    const budget = Math.max(1, Math.floor((MAX_NOTIFY_PAYLOAD - packetBytes(origin, [{ ...msg, e: { ...event, delta: "" } }])) / 6));
    const piece = chars.slice(start, start + budget).join("");
    pieces.push({ ...msg, e: { ...event, delta: piece } });
    start += budget;
  }
  return pieces;
}

/**
 * Several server instances on one PostgreSQL: every event published in one instance is sent
 * with NOTIFY and delivered to the subscribers of the others, so a dashboard connected to
 * instance A follows a plan batch that instance B is writing.
 *
 * Order matters (a plan's `done` must not overtake its last `delta`), and a pool may run two
 * NOTIFYs on different connections that commit in either order. So one sender sends at a
 * time, and whatever queued up meanwhile goes out together as one packet.
 */
export async function bridgeEventsOverPostgres(sql: postgres.Sql, events: AppEvents, originId: string, onError: (e: unknown) => void): Promise<() => Promise<void>> {
  const queue: Message[] = [];
  let sending: Promise<void> | null = null;

  const drain = async () => {
    while (queue.length > 0) {
      const packet: Message[] = [queue.shift()!];
      while (queue.length > 0 && packetBytes(originId, [...packet, queue[0]!]) <= MAX_NOTIFY_PAYLOAD) packet.push(queue.shift()!);
      try {
        await sql.notify(CHANNEL, JSON.stringify({ o: originId, m: packet } satisfies Packet));
      } catch (e) {
        // The database is unreachable: other instances miss these live events but read the
        // state from the database on their next snapshot, so nothing durable is lost.
        onError(e);
      }
    }
  };

  const pump = () => {
    if (sending || queue.length === 0) return;
    sending = drain().finally(() => {
      sending = null;
      pump(); // anything queued between the last send and this callback
    });
  };

  const send = (b: BusName) => (topic: string, event: unknown) => {
    const msg: Message = { b, t: topic, e: event };
    if (packetBytes(originId, [msg]) <= MAX_NOTIFY_PAYLOAD) queue.push(msg);
    else if (b === "plans" && typeof (event as PlanEvent).delta === "string") queue.push(...splitDelta(originId, msg));
    else {
      onError(new Error(`event too large for NOTIFY on ${topic}; other instances read it from the database`));
      return;
    }
    pump();
  };

  const receive = (payload: string) => {
    let packet: Packet;
    try {
      packet = JSON.parse(payload) as Packet;
    } catch (e) {
      onError(e);
      return;
    }
    if (packet.o === originId || !Array.isArray(packet.m)) return;
    for (const msg of packet.m) {
      if (msg.b === "training") events.training.deliver(msg.t, msg.e as never);
      else if (msg.b === "plans") events.plans.deliver(msg.t, msg.e as never);
      else if (shared.owner === originId) shared.buses.get(msg.b)?.deliver(msg.t, msg.e);
    }
  };

  events.training.setForwarder(send("training"));
  events.plans.setForwarder(send("plans"));
  // Process-wide buses (campaign contacts): carried by the first bridge of this process only.
  const shared = sharedBusRegistry();
  const ownsShared = shared.owner === null;
  if (ownsShared) shared.owner = originId;
  const offShared = ownsShared ? onSharedBus((name, bus) => bus.setForwarder(send(name))) : () => {};
  const sub = await sql.listen(CHANNEL, receive);
  return async () => {
    events.training.setForwarder(null);
    events.plans.setForwarder(null);
    if (ownsShared) {
      offShared();
      for (const bus of shared.buses.values()) bus.setForwarder(null);
      shared.owner = null;
    }
    await sending;
    await sub.unlisten();
  };
}
