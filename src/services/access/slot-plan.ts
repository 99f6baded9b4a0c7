import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes } from "../../db/schema";
import { allocateSlots, type SlotAllocation } from "../../domain/pin";
import type { SecretBox } from "../../lib/crypto";
import { ProviderError, type LockProvider } from "../../providers/locks";
import type { LockRow } from "../deps";
import { pinHashFor } from "./code-records";

/** Codes that need (or hold) a slot on this lock: anything planned, being set, or set. */
function slotHolders(db: Db, lockId: string) {
  return db.select({ id: accessCodes.id, state: accessCodes.state, slot: accessCodes.slot, pinHash: accessCodes.pinHash, validFrom: accessCodes.validFrom, validTo: accessCodes.validTo })
    .from(accessCodes)
    .where(and(eq(accessCodes.lockId, lockId), inArray(accessCodes.state, ["planned", "programming", "active", "revoking"])))
    .all();
}

function allocate(
  db: Db,
  lockId: string,
  opts: { capacity: number; firstSlot?: number; reservedSlots?: number[]; now: Date; pinOnLock: boolean },
): SlotAllocation {
  const holders = slotHolders(db, lockId);
  // A code being removed still sits in its slot until read back gone; nothing else may be written there meanwhile.
  // At program time codes already written to the lock are pinned too, so a late-programmed code can never take the
  // slot of a guest whose code is on the door (allocateSlots alone would order them by start time).
  const pinned = (h: (typeof holders)[number]) => h.state === "revoking" || (opts.pinOnLock && h.state !== "planned");
  const fixed = holders.filter((h) => pinned(h) && h.slot !== null).map((h) => h.slot!);
  const requests = holders.filter((h) => !pinned(h)).map((h) => ({
    id: h.id,
    startsAt: h.validFrom,
    endsAt: h.validTo,
    ...(h.slot !== null ? { currentSlot: h.slot } : {}),
  }));
  return allocateSlots(requests, {
    capacity: opts.capacity,
    now: opts.now,
    ...(opts.firstSlot !== undefined ? { firstSlot: opts.firstSlot } : {}),
    reservedSlots: [...(opts.reservedSlots ?? []), ...fixed],
  });
}

/** Plan-time look ahead with the capacity stored on the lock: which codes will find no slot (soonest stays win). */
export function codesWithoutSlot(db: Db, lock: LockRow, now: Date): string[] {
  if (lock.nativeSchedules || !lock.slotCapacity) return [];
  return allocate(db, lock.id, { capacity: lock.slotCapacity, now, pinOnLock: false }).unallocated;
}

/**
 * Program-time allocation against the lock as it is: its real slot range, and slots held by codes staykey did not
 * set (recognised by keyed PIN hash, so nothing is decrypted). Persists the slot of every planned code that got
 * one and returns this code's slot, or undefined when the lock is full for its window.
 */
export async function slotFor(db: Db, box: SecretBox, provider: LockProvider, lock: LockRow, codeId: string, now: Date): Promise<number | undefined> {
  const device = await provider.getDevice(lock.providerDeviceId);
  if (!device.online) {
    throw new ProviderError({ kind: "offline", provider: provider.kind, action: "slots.allocate", message: `lock ${lock.id} is offline` });
  }
  const caps = provider.capabilities(device);
  const onLock = await provider.listCodes(lock.providerDeviceId);
  const ours = new Set(slotHolders(db, lock.id).map((h) => h.pinHash));
  const foreign = onLock.filter((c) => c.slot !== undefined && !(c.pin && ours.has(pinHashFor(box, lock.id, c.pin)))).map((c) => c.slot!);
  const capacity = caps.slotCapacity ?? lock.slotCapacity ?? 0;
  const result = allocate(db, lock.id, { capacity, firstSlot: caps.firstSlot ?? 1, reservedSlots: foreign, now, pinOnLock: true });
  db.transaction(() => {
    for (const a of result.assigned) {
      if (!a.changed) continue;
      db.update(accessCodes).set({ slot: a.slot, updatedAt: now }).where(and(eq(accessCodes.id, a.id), eq(accessCodes.state, "planned"))).run();
    }
  });
  return result.assigned.find((a) => a.id === codeId)?.slot;
}
