import { describe, expect, it } from "vitest";
import type { CandidateStay } from "./candidate-stays";
import { reconcileFeed } from "./reconcile-feed";
import type { ExistingStay, ReconcileInput } from "./reconcile-types";

const now = new Date("2026-09-01T12:00:00Z");
const instant = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, "0")}:00:00Z`);

function candidate(uid: string, checkInDate: string, checkOutDate: string, extra: Partial<CandidateStay> = {}): CandidateStay {
  return { uid, kind: "reservation", status: "confirmed", checkInDate, checkOutDate, checkInAt: instant(checkInDate, 14), checkOutAt: instant(checkOutDate, 9), summary: "Reserved", sequence: 0, ...extra };
}

function stay(id: string, uid: string, checkInDate: string, checkOutDate: string, extra: Partial<ExistingStay> = {}): ExistingStay {
  return { id, externalUid: uid, uidAliases: [], kind: "reservation", status: "confirmed", checkInDate, checkOutDate, checkInAt: instant(checkInDate, 14), checkOutAt: instant(checkOutDate, 9), missingCount: 0, ...extra };
}

let counter = 0;
const run = (input: Omit<ReconcileInput, "now" | "newStayId">) => reconcileFeed({ now, newStayId: () => `stay_${++counter}`, ...input });

describe("reconcileFeed", () => {
  it("creates a stay for a new booking and emits stay.created", () => {
    const plan = run({ existing: [], candidates: [candidate("a", "2026-09-10", "2026-09-12", { reservationCode: "HMAAAA1111" })] });
    expect(plan.creates).toHaveLength(1);
    expect(plan.events).toEqual([expect.objectContaining({ type: "stay.created", uid: "a", stayId: plan.creates[0]!.stayId, checkInDate: "2026-09-10" })]);
  });

  it("creates each new stay with every field the feed gave, exactly, and nothing it did not", () => {
    // Every optional field: a field added to CandidateStay fails to compile here until given a value, then fails below
    // until the create copies it (reconcile builds creates field by field, see candidateWithStayId).
    const full: Required<CandidateStay> = {
      ...candidate("pms-1", "2026-09-10", "2026-09-12"), guestName: "Ana Silva", reservationCode: "R-1", phoneLast4: "4321",
      guestPhone: "+14155550123", guestEmail: "ana@example.com", guestCount: 0,
    };
    const bare = candidate("airbnb-2", "2026-09-14", "2026-09-16");
    const plan = run({ existing: [], candidates: [full, bare] });
    expect(plan.creates).toStrictEqual([{ ...full, stayId: plan.creates[0]!.stayId }, { ...bare, stayId: plan.creates[1]!.stayId }]);
    expect(plan.events[0]).toStrictEqual({
      type: "stay.created", stayId: plan.creates[0]!.stayId, uid: "pms-1", kind: "reservation",
      checkInDate: "2026-09-10", checkOutDate: "2026-09-12", checkInAt: full.checkInAt, checkOutAt: full.checkOutAt,
    });
  });

  it("changes dates in place when the same UID moves", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12")], candidates: [candidate("a", "2026-09-11", "2026-09-14")] });
    expect(plan.creates).toEqual([]);
    expect(plan.updates[0]!.changes.dates!.to.checkOutDate).toBe("2026-09-14");
    expect(plan.events).toEqual([expect.objectContaining({ type: "stay.dates_changed", stayId: "s1" })]);
  });

  it("does nothing when nothing changed", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12")], candidates: [candidate("a", "2026-09-10", "2026-09-12")] });
    expect([plan.creates, plan.updates, plan.cancels, plan.events]).toEqual([[], [], [], []]);
  });

  it("treats an extension re-issued under a new UID with the same reservation code as an update with an alias", () => {
    const plan = run({
      existing: [stay("s1", "old-uid", "2026-09-10", "2026-09-12", { reservationCode: "HMAAAA1111" })],
      candidates: [candidate("new-uid", "2026-09-10", "2026-09-15", { reservationCode: "HMAAAA1111" })],
    });
    expect(plan.creates).toEqual([]);
    expect(plan.cancels).toEqual([]);
    expect(plan.updates).toEqual([expect.objectContaining({ stayId: "s1", uid: "new-uid", previousUid: "old-uid" })]);
    expect(plan.events.map((e) => e.type)).toEqual(["stay.dates_changed"]);
  });

  it("treats a new UID on the same nights as the same booking, unless the reservation codes differ", () => {
    const same = run({ existing: [stay("s1", "old", "2026-09-10", "2026-09-12")], candidates: [candidate("new", "2026-09-10", "2026-09-12")] });
    expect(same.updates).toEqual([expect.objectContaining({ stayId: "s1", previousUid: "old" })]);
    const other = run({
      existing: [stay("s1", "old", "2026-09-10", "2026-09-12", { reservationCode: "HMAAAA1111" })],
      candidates: [candidate("new", "2026-09-10", "2026-09-12", { reservationCode: "HMBBBB2222" })],
    });
    expect(other.creates).toHaveLength(1);
    expect(other.missingIncrements).toEqual([{ stayId: "s1", uid: "old", missingCount: 1 }]);
  });

  it("cancels at once on STATUS:CANCELLED", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12")], candidates: [candidate("a", "2026-09-10", "2026-09-12", { status: "cancelled" })] });
    expect(plan.cancels).toEqual([{ stayId: "s1", uid: "a", reason: "status_cancelled" }]);
    expect(plan.events).toEqual([{ type: "stay.cancelled", stayId: "s1", uid: "a", reason: "status_cancelled" }]);
  });

  it("keeps a stay missing once and cancels it when missing twice in a row", () => {
    const others = [stay("s2", "b", "2026-09-20", "2026-09-22"), stay("s3", "c", "2026-10-01", "2026-10-03")];
    const present = [candidate("b", "2026-09-20", "2026-09-22"), candidate("c", "2026-10-01", "2026-10-03")];
    const first = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12"), ...others], candidates: present });
    expect(first.cancels).toEqual([]);
    expect(first.missingIncrements).toEqual([{ stayId: "s1", uid: "a", missingCount: 1 }]);
    const second = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12", { missingCount: 1 }), ...others], candidates: present });
    expect(second.cancels).toEqual([{ stayId: "s1", uid: "a", reason: "missing" }]);
    expect(second.events).toEqual([{ type: "stay.cancelled", stayId: "s1", uid: "a", reason: "missing" }]);
  });

  it("resets the missing count of a stay that came back", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12", { missingCount: 1 })], candidates: [candidate("a", "2026-09-10", "2026-09-12")] });
    expect(plan.resets).toEqual([{ stayId: "s1", uid: "a" }]);
  });

  it("does not count an unreadable event's stay as missing", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12", { missingCount: 1 }), stay("s2", "b", "2026-09-20", "2026-09-22")], candidates: [candidate("b", "2026-09-20", "2026-09-22")], unreadableUids: ["a"] });
    expect([plan.cancels, plan.missingIncrements]).toEqual([[], []]);
  });

  it("cancels nothing on an empty feed and flags it suspect", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12"), stay("s2", "b", "2026-09-20", "2026-09-22")], candidates: [], previousEventCount: 2 });
    expect(plan.suspect?.reason).toBe("empty_feed");
    expect([plan.cancels, plan.missingIncrements, plan.events]).toEqual([[], [], []]);
  });

  it("cancels nothing when most upcoming stays vanish at once and flags it suspect", () => {
    const existing = ["a", "b", "c", "d"].map((uid, i) => stay(`s${i}`, uid, `2026-09-1${i}`, `2026-09-1${i + 1}`, { missingCount: 1 }));
    const plan = run({ existing, candidates: [candidate("d", "2026-09-13", "2026-09-14"), candidate("z", "2026-12-01", "2026-12-03")] });
    expect(plan.suspect?.reason).toBe("mass_disappearance");
    expect(plan.cancels).toEqual([]);
    expect(plan.creates.map((c) => c.uid)).toEqual(["z"]);
  });

  it("never touches past stays, and a platform dropping them is not a cancellation", () => {
    const past = stay("p1", "past", "2026-08-20", "2026-08-25");
    const gone = run({ existing: [past, stay("s1", "a", "2026-09-10", "2026-09-12")], candidates: [candidate("a", "2026-09-10", "2026-09-12")] });
    expect([gone.cancels, gone.missingIncrements, gone.updates]).toEqual([[], [], []]);
    const changed = run({ existing: [past], candidates: [candidate("past", "2026-08-21", "2026-08-26", { status: "cancelled" })] });
    expect([changed.cancels, changed.updates, changed.events]).toEqual([[], [], []]);
  });

  it("reinstates a cancelled stay that reappears", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12", { status: "cancelled" })], candidates: [candidate("a", "2026-09-10", "2026-09-12")] });
    expect(plan.updates[0]!.changes.status).toEqual({ from: "cancelled", to: "confirmed" });
    expect(plan.events.map((e) => e.type)).toEqual(["stay.reinstated"]);
  });

  it("reports guest changes without putting the data in the event", () => {
    const plan = run({ existing: [stay("s1", "a", "2026-09-10", "2026-09-12", { phoneLast4: "1111" })], candidates: [candidate("a", "2026-09-10", "2026-09-12", { phoneLast4: "2222" })] });
    expect(plan.events).toEqual([{ type: "stay.guest_changed", stayId: "s1", uid: "a", fields: ["phoneLast4"] }]);
  });
});
