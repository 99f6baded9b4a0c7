import { describe, expect, it } from "vitest";
import type { CandidateStay } from "../../../domain/calendar";
import { packCandidates, packRead, unpackCandidates, unpackRead } from "./candidate-wire";
import type { FeedRead } from "./feed-reader";

// Every field set: a field added to CandidateStay fails to compile here until it is given a value, and then fails the
// round trip below until the wire format carries it.
const full: Required<CandidateStay> = {
  uid: "HMX1@pms.example", kind: "reservation", status: "confirmed", checkInDate: "2026-09-02", checkOutDate: "2026-09-05",
  checkInAt: new Date("2026-09-02T20:00:00Z"), checkOutAt: new Date("2026-09-05T15:00:00Z"), summary: "Ana Silva", sequence: 3,
  guestName: "Ana Silva", reservationCode: "HMX1", phoneLast4: "4321", guestPhone: "+14155550123", guestEmail: "ana@example.com", guestCount: 2,
};
const bare: CandidateStay = {
  uid: "block-7@airbnb.com", kind: "block", status: "cancelled", checkInDate: "2026-10-01", checkOutDate: "2026-10-03",
  checkInAt: new Date("2026-10-01T20:00:00Z"), checkOutAt: new Date("2026-10-03T15:00:00Z"), summary: "", sequence: 0,
};

describe("candidate stays between a reader thread and the main thread", () => {
  it("arrive exactly as sent: every field, Dates as Dates, absent fields absent (not undefined), zero and empty kept", () => {
    const back = unpackCandidates(structuredClone(packCandidates([full, bare, { ...bare, guestCount: 0, guestName: "" }])));
    expect(back).toStrictEqual([full, bare, { ...bare, guestCount: 0, guestName: "" }]);
    expect(Object.keys(back[1]!)).not.toContain("guestName");
    expect(back[0]!.checkInAt).toBeInstanceOf(Date);
  });

  it("packs only a read with candidates; every other answer crosses as it is", () => {
    const summary = { source: "airbnb" as const, contentHash: "h", events: 2, eventCount: 2, skippedUids: ["x"], warnings: 0 };
    const ok: FeedRead = { status: "ok", etag: '"e"', finalUrl: "https://example.com/c.ics", reading: { ok: true, sameContent: false, summary, candidates: [full, bare] } };
    const wire = structuredClone(packRead(ok));
    expect(wire.status === "ok" && "packed" in wire.reading && !("candidates" in wire.reading)).toBe(true);
    expect(unpackRead(wire)).toStrictEqual(ok);
    const others: FeedRead[] = [
      { status: "not_modified", httpStatus: 304 },
      { status: "ok", finalUrl: "https://example.com/c.ics", reading: { ok: true, sameContent: true, contentHash: "h" } },
      { status: "ok", finalUrl: "https://example.com/c.ics", reading: { ok: false, reason: "html", detail: "an HTML page, not a calendar" } },
      { status: "unread", reason: "parse_timeout", detail: "too long" },
    ];
    for (const read of others) expect(unpackRead(structuredClone(packRead(read)))).toStrictEqual(read);
  });

  it("refuses a packed array that is not whole candidates, rather than shifting every field", () => {
    expect(() => unpackCandidates(packCandidates([full]).slice(1))).toThrow(/not a multiple/);
  });
});
