import type { Logger } from "../lib/logger";

/**
 * What one capability tells the others it changed. Ids only, like job payloads: a handler re-reads the row, so an
 * event never carries a PIN, a phone number or a URL, and logging one is safe.
 */
export type ServiceEvent =
  /** A stay was created, moved, changed guest details or was cancelled (API, dashboard, a new lock, the demo). */
  | { type: "stay.changed"; stayId: string }
  /** A guest code was read back from the lock as set, or a backup code was handed to the stay. */
  | { type: "guest-code.ready"; stayId: string }
  /** A guest code that was already sent moved its window (the stay's dates changed after the message went out). */
  | { type: "guest-code.moved"; stayId: string }
  /** The message carrying a guest's code went out. */
  | { type: "guest-code.sent"; stayId: string }
  /** A cleaner code for a turnover became active or moved, or the turnover was cancelled. */
  | { type: "turnover.changed"; turnoverId: string }
  /** A manual access grant's code was read back from a lock as set: its person can be sent the code once every lock has it. */
  | { type: "grant.ready"; grantId: string }
  /** A grant whose code was already sent changed its window (extended or cut short). */
  | { type: "grant.changed"; grantId: string }
  /** A feed finished a sync (by its job or on demand), whatever the outcome. */
  | { type: "feed.synced"; feedId: string }
  /** A sync created, moved or cancelled these stays of the feed (the planner hears of them through its own job instead). */
  | { type: "feed.stays-changed"; feedId: string; stayIds: string[] }
  /** An access code reached active, failed or revoked. */
  | { type: "code.settled"; codeId: string }
  /** A message reached delivered (or sent, where the channel gives no receipt), failed or undelivered. */
  | { type: "message.settled"; messageId: string }
  /** An alert opened or resolved. */
  | { type: "alert.changed"; alertId: string }
  /** A lock reported something at its door (any kind), stored once in the access log (services/door). */
  | { type: "door.event"; lockEventId: string }
  /**
   * A lock was unlocked (also emitted as `door.event`): by which code, when one was named and known, and when. Never
   * the PIN; `accessCodeId` is null for a manual, remote or unknown-code unlock.
   */
  | { type: "door.unlocked"; lockEventId: string; lockId: string; accessCodeId: string | null; occurredAt: string };

export type ServiceEventType = ServiceEvent["type"];
export type ServiceEventOf<T extends ServiceEventType> = Extract<ServiceEvent, { type: T }>;
export type ServiceEventHandler<T extends ServiceEventType> = (event: ServiceEventOf<T>) => Promise<unknown>;

/** Who reacts to each event, in order. Complete: an event nobody handles does not build (see runtime/event-handlers). */
export type ServiceEventHandlers = { [T in ServiceEventType]: ServiceEventHandler<T>[] };

/** A capability's own reactions, for the composition root to list under each event. */
export type EventReactions<T extends ServiceEventType> = { [K in T]: ServiceEventHandler<K> };

export interface ServiceEvents {
  /**
   * Runs every handler of the event, one after the other. Call it only once the transaction that made the change has
   * committed. Never throws: a failing handler is logged and the next one still runs, because the change itself
   * stands and each handler's owner has its own sweep (the reconciler) for what it missed.
   */
  emit(event: ServiceEvent): Promise<void>;
}

export function createServiceEvents(handlers: ServiceEventHandlers, logger: () => Logger): ServiceEvents {
  return {
    async emit(event) {
      for (const handle of handlers[event.type] as Array<(event: ServiceEvent) => Promise<unknown>>) {
        try {
          await handle(event);
        } catch (err) {
          logger().warn({ event, err: { name: (err as Error).name, message: (err as Error).message } }, "event handler failed; its sweep will catch up");
        }
      }
    },
  };
}
