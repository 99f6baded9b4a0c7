import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { LockEventRow, LockRow } from "../../db/rows";
import { accessCodes, lockEvents, locks } from "../../db/schema";
import { attributeCode } from "../../domain/door/attribute-code";
import type { LockEventKind, LockEventMethod } from "../../domain/door/lock-event-kinds";
import { newId } from "../../lib/ids";
import type { ServiceDeps } from "../deps";

export type { LockEventRow };

/**
 * One thing a lock reported at its door, in staykey's words whatever the source: the Seam webhook or poll, the Home
 * Assistant subscription, the simulated keypad, and later lock stacks all hand these to `recordDoorEvent`. It never
 * carries a PIN: a keypad event names the code by the vendor's code id or the slot it sits in.
 */
export interface DoorEventInput {
  /** Which source reported it (seam, home_assistant, simulated, ...): dedupe is per source. */
  provider: string;
  /** The source's own id for the event; a source without ids derives one from the event's content, stably. */
  providerEventId: string;
  /** staykey's lock id (resolve a vendor device with `locksForDevice`). */
  lockId: string;
  kind: LockEventKind;
  method?: LockEventMethod;
  /** The vendor's id of the code used, when it says. */
  providerCodeId?: string | null;
  /** The keypad slot used, when it says. */
  slot?: number | null;
  occurredAt: Date;
}

/** The locks registered for a vendor device (one per account that added it). */
export function locksForDevice(db: Db, provider: LockRow["provider"], deviceId: string): LockRow[] {
  return db.select().from(locks).where(and(eq(locks.provider, provider), eq(locks.providerDeviceId, deviceId))).all();
}

/** The lock's codes the event names: by the vendor's code id when it gave one, else by slot. */
function candidateCodes(db: Db, lock: LockRow, input: DoorEventInput) {
  const refs = [
    input.providerCodeId ? eq(accessCodes.providerCodeId, input.providerCodeId) : undefined,
    input.slot != null && !input.providerCodeId ? eq(accessCodes.slot, input.slot) : undefined,
  ].filter((c) => c !== undefined);
  if (refs.length === 0) return [];
  return db.select().from(accessCodes).where(and(eq(accessCodes.lockId, lock.id), or(...refs))).all();
}

/**
 * Stores one door event inside the caller's transaction, attributed to the code it names and that code's stay,
 * turnover and contact. Returns null for a duplicate (the same source's event id already stored for this account) or
 * for a lock that does not exist. Call `afterDoorEvents` with what it returned once the transaction has committed.
 */
export function insertDoorEvent(deps: Pick<ServiceDeps, "db" | "clock">, input: DoorEventInput): LockEventRow | null {
  const { db } = deps;
  const lock = db.select().from(locks).where(eq(locks.id, input.lockId)).get();
  if (!lock) return null;
  const usesCode = input.method === "keypad" || input.providerCodeId != null || input.slot != null;
  const code = usesCode ? attributeCode(candidateCodes(db, lock, input), input.occurredAt) : null;
  const row: LockEventRow = {
    id: newId("door"),
    accountId: lock.accountId,
    propertyId: code?.propertyId ?? lock.propertyId,
    lockId: lock.id,
    provider: input.provider,
    providerEventId: input.providerEventId,
    kind: input.kind,
    method: input.method ?? (usesCode ? "keypad" : "unknown"),
    providerCodeId: input.providerCodeId ?? null,
    slot: input.slot ?? null,
    accessCodeId: code?.id ?? null,
    // A keypad code the event names that staykey never issued: someone set it outside staykey.
    actor: code ? code.purpose : usesCode && (input.providerCodeId != null || input.slot != null) ? "unknown_code" : null,
    stayId: code ? (code.stayId ?? code.assignedStayId) : null,
    turnoverId: code?.turnoverId ?? null,
    contactId: code?.contactId ?? null,
    occurredAt: input.occurredAt,
    createdAt: deps.clock.now(),
  };
  const stored = db.insert(lockEvents).values(row).onConflictDoNothing().run().changes === 1;
  return stored ? row : null;
}

/**
 * Tells the other capabilities what was stored, after commit: every event as `door.event` (arrival, checkout and the
 * security alerts react to it), and each unlock also as `door.unlocked` (which code opened which door, when).
 */
export async function afterDoorEvents(deps: Pick<ServiceDeps, "events">, rows: ReadonlyArray<LockEventRow | null>): Promise<void> {
  for (const row of rows) {
    if (!row) continue;
    await deps.events.emit({ type: "door.event", lockEventId: row.id });
    if (row.kind === "unlocked") {
      await deps.events.emit({ type: "door.unlocked", lockEventId: row.id, lockId: row.lockId, accessCodeId: row.accessCodeId, occurredAt: row.occurredAt.toISOString() });
    }
  }
}

export type DoorEventOutcome = "stored" | "duplicate";

/** The intake for one event from any source: stores it once, then tells the other capabilities. */
export async function recordDoorEvent(deps: Pick<ServiceDeps, "db" | "clock" | "events">, input: DoorEventInput): Promise<{ outcome: DoorEventOutcome; event: LockEventRow | null }> {
  const row = deps.db.transaction(() => insertDoorEvent(deps, input));
  await afterDoorEvents(deps, [row]);
  return { outcome: row ? "stored" : "duplicate", event: row };
}

/** The stored events these ids name, for reactions that re-read them. */
export function doorEventsById(db: Db, ids: string[]): LockEventRow[] {
  return ids.length ? db.select().from(lockEvents).where(inArray(lockEvents.id, ids)).all() : [];
}
