import type { LockEventKind, LockEventMethod } from "../../domain/door/lock-event-kinds";
import type { DoorEventInput } from "./record-door-event";

/** The fields of a Seam event that say what happened at a door (never `code`: the PIN is not read). */
export interface SeamDoorFields {
  event_id?: string | undefined;
  event_type: string;
  access_code_id?: string | undefined;
  method?: string | undefined;
  occurred_at?: string | undefined;
}

const KINDS: Record<string, LockEventKind> = {
  "lock.unlocked": "unlocked",
  "lock.locked": "locked",
  "lock.access_denied": "access_denied",
  "device.tampered": "tampered",
  "access_code.modified_external_to_seam": "code_changed_externally",
  "access_code.deleted_external_to_seam": "code_deleted_externally",
};

/** Seam's lock methods (keycode, manual, automatic, seamapi, unknown) in staykey's words. */
const METHODS: Record<string, LockEventMethod> = { keycode: "keypad", manual: "manual", automatic: "auto", seamapi: "remote", unknown: "unknown" };

/** Whether a Seam event type is door activity (the access log), as opposed to health or code lifecycle. */
export const isSeamDoorEvent = (eventType: string) => eventType in KINDS;

/**
 * A Seam event as a door event, without its lock (the caller resolves the device): keyed by Seam's own `event_id`,
 * so the same event from the webhook, the edge relay and the `/events/list` poll is stored once. Null for an event
 * that is not door activity, or one with no id to dedupe by.
 */
export function seamDoorEvent(event: SeamDoorFields, fallbackId: string | null, receivedAt: Date): Omit<DoorEventInput, "lockId"> | null {
  const kind = KINDS[event.event_type];
  const id = event.event_id ?? fallbackId;
  if (!kind || !id) return null;
  const occurred = event.occurred_at ? new Date(event.occurred_at) : receivedAt;
  const method = event.method ? (METHODS[event.method] ?? "unknown") : event.access_code_id && kind !== "code_changed_externally" && kind !== "code_deleted_externally" ? "keypad" : "unknown";
  return {
    provider: "seam",
    providerEventId: id,
    kind,
    method,
    providerCodeId: event.access_code_id ?? null,
    occurredAt: Number.isNaN(occurred.getTime()) ? receivedAt : occurred,
  };
}
