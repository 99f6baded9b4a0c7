import { describe, expect, it } from "vitest";
import { allocateSlots, type SlotRequest } from "./slot-allocation";

const day = (d: number) => new Date(Date.UTC(2030, 0, d, 15));
const req = (id: string, from: number, to: number, currentSlot?: number): SlotRequest => ({
  id,
  startsAt: day(from),
  endsAt: day(to),
  ...(currentSlot !== undefined ? { currentSlot } : {}),
});

describe("allocateSlots", () => {
  it("lets codes whose windows do not overlap share a slot", () => {
    const r = allocateSlots([req("a", 1, 3), req("b", 3, 5), req("c", 5, 8)], { capacity: 1, now: day(0) });
    expect(r.unallocated).toEqual([]);
    expect(r.assigned.map((a) => a.slot)).toEqual([1, 1, 1]);
  });

  it("gives the soonest stays slots first and reports the ones left over", () => {
    const r = allocateSlots([req("late", 4, 9), req("soon", 2, 6), req("soonest", 1, 5)], { capacity: 2, now: day(0) });
    expect(r.assigned.map((a) => a.id).sort()).toEqual(["soon", "soonest"]);
    expect(r.unallocated).toEqual(["late"]);
  });

  it("never evicts a guest who is already inside their window", () => {
    // The in-progress guest started before "earlier" in sort order would matter; they keep slot 2.
    const r = allocateSlots([req("next", 2, 4), req("staying", 1, 6, 2)], { capacity: 1, firstSlot: 2, now: day(3) });
    expect(r.assigned).toEqual([{ id: "staying", slot: 2, changed: false }]);
    expect(r.unallocated).toEqual(["next"]);
  });

  it("keeps a code in the slot it already holds and skips slots the owner uses", () => {
    const r = allocateSlots([req("a", 1, 3), req("b", 1, 3, 4)], { capacity: 3, firstSlot: 3, reservedSlots: [3], now: day(0) });
    expect(r.assigned).toEqual([
      { id: "a", slot: 5, changed: true },
      { id: "b", slot: 4, changed: false },
    ]);
  });
});
