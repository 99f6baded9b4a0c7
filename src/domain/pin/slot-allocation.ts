/**
 * Slot-based locks (Z-Wave user codes) hold a fixed number of codes. Codes whose windows do not overlap
 * can share a slot over time, so this is interval colouring: greedy by start time is optimal for
 * intervals, which is also the product rule "soonest stays first".
 */
export interface SlotRequest {
  /** The access code's id. */
  id: string;
  startsAt: Date;
  endsAt: Date;
  /** The slot the code holds on the lock today, if any: kept when possible to avoid rewriting the lock. */
  currentSlot?: number;
}

export interface SlotAllocationOptions {
  capacity: number;
  /** Lowest managed slot (default 1); slots below are the owner's own codes. */
  firstSlot?: number;
  /** Slots inside the range taken by codes staykey does not manage. */
  reservedSlots?: readonly number[];
  /** Decides who is in progress: a guest inside their window is never moved or evicted. */
  now: Date;
}

export interface SlotAssignment {
  id: string;
  slot: number;
  /** True when the code must be (re)written to this slot: new, or moved from another one. */
  changed: boolean;
}

export interface SlotAllocation {
  assigned: SlotAssignment[];
  /** Codes that got no slot, soonest first; the caller raises a `slots_exhausted` alert for them. */
  unallocated: string[];
}

interface Held {
  startsAt: number;
  endsAt: number;
}

function overlaps(a: Held, b: Held): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

export function allocateSlots(requests: readonly SlotRequest[], opts: SlotAllocationOptions): SlotAllocation {
  const first = opts.firstSlot ?? 1;
  const now = opts.now.getTime();
  const reserved = new Set(opts.reservedSlots ?? []);
  const slots = new Map<number, Held[]>();
  for (let s = first; s < first + opts.capacity; s++) if (!reserved.has(s)) slots.set(s, []);

  const inProgress = (r: SlotRequest) => r.startsAt.getTime() <= now && now < r.endsAt.getTime();
  const order = [...requests].sort(
    (a, b) =>
      Number(inProgress(b)) - Number(inProgress(a)) ||
      a.startsAt.getTime() - b.startsAt.getTime() ||
      a.endsAt.getTime() - b.endsAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  // Slots still held by codes not placed yet: a newcomer avoids them so it does not push an existing code
  // off the lock, unless there is no other room (then the sooner stay wins, as the rule says).
  const pending = new Set(order);
  const claimedBy = (s: number, held: Held) =>
    [...pending].some((p) => p.currentSlot === s && overlaps(held, { startsAt: p.startsAt.getTime(), endsAt: p.endsAt.getTime() }));

  const assigned: SlotAssignment[] = [];
  const unallocated: string[] = [];
  for (const r of order) {
    pending.delete(r);
    const held: Held = { startsAt: r.startsAt.getTime(), endsAt: r.endsAt.getTime() };
    const fits = (s: number) => slots.get(s)?.every((h) => !overlaps(h, held)) ?? false;
    let slot: number | undefined;
    if (r.currentSlot !== undefined && fits(r.currentSlot)) slot = r.currentSlot;
    else {
      const free = [...slots.keys()].filter(fits);
      slot = free.find((s) => !claimedBy(s, held)) ?? free[0];
    }
    if (slot === undefined) {
      unallocated.push(r.id);
      continue;
    }
    slots.get(slot)?.push(held);
    assigned.push({ id: r.id, slot, changed: slot !== r.currentSlot });
  }
  return { assigned, unallocated };
}
