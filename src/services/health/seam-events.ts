import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { accessCodes, locks, webhookEvents } from "../../db/schema";
import type { AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import { applyLockReading, type LockReading } from "./lock-reading";
import type { ServiceDeps } from "../deps";
import { afterDoorEvents, insertDoorEvent, locksForDevice, type LockEventRow } from "../door/record-door-event";
import { isSeamDoorEvent, seamDoorEvent } from "../door/seam-door-events";

/**
 * The fields we read from a Seam event. Loose on purpose: Seam adds fields and event types freely, and an event we
 * do not understand is acknowledged and ignored, never refused (a refusal only makes Svix retry it for days).
 * `access_code.set_on_device` carries the PIN in `code`: it is never read, stored or logged.
 */
const seamEvent = z.object({
  event_id: z.string().optional(),
  event_type: z.string(),
  method: z.string().optional(),
  device_id: z.string().optional(),
  access_code_id: z.string().optional(),
  battery_level: z.number().min(0).max(1).optional(),
  battery_status: z.enum(["critical", "low", "good", "full"]).optional(),
  occurred_at: z.string().optional(),
});
type SeamEvent = z.infer<typeof seamEvent>;

export type SeamEventOutcome = "applied" | "duplicate" | "ignored";

interface Applied {
  outcome: SeamEventOutcome;
  transitions: AlertTransition[];
  codeIds: string[];
  doorEvents?: Array<LockEventRow | null>;
}

/**
 * Where an event came from. The workspace's webhook (and the edge relay) speaks for every lock on the device; a poll
 * of `/events/list` with one connection's API key speaks only for that connection's locks, and keeps its own record
 * of what it has seen (the webhook's is keyed by Svix message id, the poll's by Seam's event id per connection), so a
 * poll re-reading its overlap applies nothing twice. Door events are deduped by Seam's event id in any case, so the
 * same event from the webhook and the poll is stored once.
 */
export type SeamEventSource = { via: "webhook" } | { via: "poll"; connectionId: string };

/**
 * Takes one already-verified Seam event (the webhook route, the edge relay's puller, or the `/events/list` poll):
 * records its id, applies it in the same transaction, then notifies and hands code events to the access-code
 * lifecycle. A second delivery of the same id changes nothing.
 */
export async function receiveSeamEvent(
  deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">,
  eventId: string,
  body: unknown,
  source: SeamEventSource = { via: "webhook" },
): Promise<SeamEventOutcome> {
  const parsed = seamEvent.safeParse(body);
  const now = deps.clock.now();
  const seen = source.via === "poll" ? { provider: "seam_poll", eventId: `${source.connectionId}/${eventId}` } : { provider: "seam", eventId };
  const connectionId = source.via === "poll" ? source.connectionId : null;
  const applied = deps.db.transaction((): Applied => {
    const fresh = deps.db.insert(webhookEvents).values({ ...seen, receivedAt: now }).onConflictDoNothing().run().changes === 1;
    if (!fresh) return { outcome: "duplicate", transitions: [], codeIds: [] };
    if (!parsed.success) return { outcome: "ignored", transitions: [], codeIds: [] };
    if (isSeamDoorEvent(parsed.data.event_type)) return applySeamDoorEvent(deps, parsed.data, eventId, now, connectionId);
    return applySeamEvent(deps, parsed.data, connectionId);
  });
  await afterDoorEvents(deps, applied.doorEvents ?? []);
  if (applied.outcome === "ignored" && parsed.success) deps.logger.debug({ eventId, type: parsed.data.event_type }, "seam event ignored");
  await notifyAlertChanges(deps, applied.transitions);
  for (const codeId of applied.codeIds) {
    // No deterministic id: the lifecycle's stale guard judges hand-made jobs by the code's state alone, and the
    // event id dedupe above already keeps this to one job per event.
    await deps.jobs.enqueue("access-codes.verify-code", { codeId }).catch((err: Error) => {
      deps.logger.warn({ codeId, eventId, err: err.message }, "could not enqueue code verification; the reconciler will");
    });
  }
  return applied.outcome;
}

/** Door activity (the access log): one stored event per lock registered for the device, deduped by Seam's event id. */
function applySeamDoorEvent(deps: Pick<ServiceDeps, "db" | "clock">, event: SeamEvent, deliveryId: string, now: Date, connectionId: string | null): Applied {
  const door = event.device_id ? seamDoorEvent(event, deliveryId, now) : null;
  if (!door || !event.device_id) return { outcome: "ignored", transitions: [], codeIds: [] };
  const rows = locksForDevice(deps.db, "seam", event.device_id)
    .filter((lock) => connectionId === null || lock.connectionId === connectionId)
    .map((lock) => insertDoorEvent(deps, { ...door, lockId: lock.id }));
  return { outcome: rows.length ? "applied" : "ignored", transitions: [], codeIds: [], doorEvents: rows };
}

function applySeamEvent(deps: Pick<ServiceDeps, "db" | "clock" | "alertPolicy">, event: SeamEvent, connectionId: string | null): Applied {
  const ignored: Applied = { outcome: "ignored", transitions: [], codeIds: [] };
  if (!event.device_id) return ignored;
  // The webhook secret belongs to one Seam workspace; a device can only be matched to the locks registered for it.
  const ours = deps.db.select().from(locks)
    .where(and(eq(locks.provider, "seam"), eq(locks.providerDeviceId, event.device_id), connectionId === null ? undefined : eq(locks.connectionId, connectionId))).all();
  if (ours.length === 0) return ignored;

  if (event.event_type.startsWith("access_code.")) {
    if (!event.access_code_id || !["access_code.failed_to_set_on_device", "access_code.set_on_device"].includes(event.event_type)) return ignored;
    const codes = deps.db.select({ id: accessCodes.id }).from(accessCodes)
      .where(and(eq(accessCodes.providerCodeId, event.access_code_id), inArray(accessCodes.lockId, ours.map((l) => l.id)))).all();
    return { outcome: codes.length ? "applied" : "ignored", transitions: [], codeIds: codes.map((c) => c.id) };
  }

  const reading = readingFor(event);
  if (!reading) return ignored;
  const occurredAt = event.occurred_at ? new Date(event.occurred_at) : undefined;
  const transitions: AlertTransition[] = [];
  for (const lock of ours) {
    // Svix retries out of order: an event older than our last full poll describes a past state.
    if (occurredAt && lock.lastHealthAt && occurredAt.getTime() < lock.lastHealthAt.getTime()) continue;
    transitions.push(...applyLockReading(deps, lock, reading));
  }
  return { outcome: "applied", transitions, codeIds: [] };
}

function readingFor(event: SeamEvent): LockReading | null {
  switch (event.event_type) {
    case "device.low_battery":
    case "device.battery_status_changed": {
      const reading: LockReading = {};
      if (event.battery_level !== undefined) reading.batteryLevel = event.battery_level;
      if (event.battery_status !== undefined) reading.batteryStatus = event.battery_status;
      // A low-battery event with no figures still means "low".
      if (Object.keys(reading).length === 0 && event.event_type === "device.low_battery") reading.batteryStatus = "low";
      return Object.keys(reading).length ? reading : null;
    }
    case "device.disconnected":
      return { online: false };
    case "device.connected":
      return { online: true };
    default:
      return null;
  }
}
