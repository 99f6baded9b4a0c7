import { randomBytes } from "node:crypto";
import type { HaWsHandler, HaWsReply } from "./home-assistant-websocket";

/**
 * Home Assistant's event bus over the WebSocket API, for the emulator: `subscribe_events` (one event type, or every
 * event without `event_type`) answered with a result, then `{id: <subscription id>, type: "event", event: {event_type,
 * data, origin, time_fired, context}}` frames; `unsubscribe_events {subscription}`; `ping` → `pong`. A subscription
 * ends with its socket, and events fired while nobody is subscribed are gone: real HA buffers nothing for a client.
 */
export interface HaEventBus {
  handlers: Record<string, HaWsHandler>;
  /** Fires an event on the bus; returns how many subscriptions it was sent to. */
  fire(eventType: string, data: Record<string, unknown>): number;
  /** Subscriptions open for this event type (counting catch-all ones). */
  subscriptions(eventType: string): number;
}

/** HA's context ids are ULIDs: 26 Crockford base-32 characters. */
const ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ulid = () => Array.from(randomBytes(26), (b) => ULID_ALPHABET[b % 32]).join("");
/** HA writes `time_fired` as Python's isoformat with microseconds and an explicit UTC offset. */
const haTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");

interface Subscription {
  eventType: string | null;
  reply: HaWsReply;
}

export function haEventBus(): HaEventBus {
  /** Connection id → subscription id → subscription. */
  const byConnection = new Map<number, Map<number, Subscription>>();
  const matching = (eventType: string) =>
    [...byConnection.values()].flatMap((subs) => [...subs].filter(([, s]) => s.eventType === null || s.eventType === eventType));

  return {
    handlers: {
      subscribe_events: (msg, reply) => {
        let subs = byConnection.get(reply.connection.id);
        if (!subs) {
          const created = new Map<number, Subscription>();
          byConnection.set(reply.connection.id, created);
          reply.connection.onClose(() => byConnection.delete(reply.connection.id));
          subs = created;
        }
        subs.set(msg.id, { eventType: typeof msg.event_type === "string" ? msg.event_type : null, reply });
        reply.result(null);
      },
      unsubscribe_events: (msg, reply) => {
        if (!byConnection.get(reply.connection.id)?.delete(Number(msg.subscription))) return reply.error("not_found", "Subscription not found.");
        reply.result(null);
      },
      ping: (msg, reply) => reply.send({ id: msg.id, type: "pong" }),
    },
    fire(eventType, data) {
      const event = { event_type: eventType, data, origin: "LOCAL", time_fired: haTime(new Date()), context: { id: ulid(), parent_id: null, user_id: null } };
      const targets = matching(eventType);
      for (const [subId, s] of targets) s.reply.send({ id: subId, type: "event", event });
      return targets.length;
    },
    subscriptions: (eventType) => matching(eventType).length,
  };
}
