import { describe, expect, it } from "vitest";
import { findEchoesAndConflicts, type PropertyStay } from "./echoes";

const stay = (id: string, feedId: string | null, kind: PropertyStay["kind"], checkInDate: string, checkOutDate: string, extra: Partial<PropertyStay> = {}): PropertyStay => ({
  id, feedId, kind, status: "confirmed", checkInDate, checkOutDate, ...extra,
});

describe("findEchoesAndConflicts", () => {
  it("marks the VRBO block and Booking.com CLOSED on an Airbnb booking's nights as its echoes", () => {
    const result = findEchoesAndConflicts([
      stay("booking", "feed_booking", "reservation", "2026-09-08", "2026-09-13"),
      stay("vrbo", "feed_vrbo", "block", "2026-09-08", "2026-09-13"),
      stay("airbnb", "feed_airbnb", "reservation", "2026-09-08", "2026-09-13", { reservationCode: "HMAAAA1111", phoneLast4: "1234" }),
    ]);
    expect(result.echoes).toEqual(expect.arrayContaining([{ stayId: "booking", echoOf: "airbnb" }, { stayId: "vrbo", echoOf: "airbnb" }]));
    expect(result.echoes).toHaveLength(2);
    expect(result.conflicts).toEqual([]);
  });

  it("flags overlapping real reservations on different feeds as a conflict", () => {
    const result = findEchoesAndConflicts([
      stay("airbnb", "feed_airbnb", "reservation", "2026-09-08", "2026-09-13", { reservationCode: "HMAAAA1111" }),
      stay("vrbo", "feed_vrbo", "reservation", "2026-09-10", "2026-09-15", { guestName: "Jane Doe" }),
    ]);
    expect(result.conflicts).toEqual([{ stayIds: ["airbnb", "vrbo"], sameFeed: false }]);
  });

  it("sees two guests on the same nights as a double booking, not an echo", () => {
    const result = findEchoesAndConflicts([
      stay("airbnb", "feed_airbnb", "reservation", "2026-09-08", "2026-09-13", { reservationCode: "HMAAAA1111" }),
      stay("vrbo", "feed_vrbo", "reservation", "2026-09-08", "2026-09-13", { guestName: "Jane Doe" }),
    ]);
    expect(result.echoes).toEqual([]);
    expect(result.conflicts).toHaveLength(1);
  });

  it("does not flag back-to-back stays, blocks, or cancelled stays", () => {
    const result = findEchoesAndConflicts([
      stay("a", "feed_airbnb", "reservation", "2026-09-08", "2026-09-10", { reservationCode: "HMAAAA1111" }),
      stay("b", "feed_vrbo", "reservation", "2026-09-10", "2026-09-12", { guestName: "Jane" }),
      stay("c", "feed_vrbo", "block", "2026-09-09", "2026-09-11"),
      stay("d", "feed_booking", "reservation", "2026-09-09", "2026-09-11", { status: "cancelled" }),
    ]);
    expect(result).toEqual({ echoes: [], conflicts: [] });
  });
});

describe("echoes from parsed VRBO and Booking.com feeds", () => {
  it("recognises Booking.com CLOSED nights as the echo of the VRBO booking and of the VRBO block", async () => {
    const { readFileSync } = await import("node:fs");
    const path = await import("node:path");
    const { parseFeed } = await import("./parse-feed");
    const { candidateStaysOf } = await import("./candidate-stays");
    const property = { timezone: "Europe/Berlin", checkInTime: "16:00", checkOutTime: "11:00" };
    const stays = ["vrbo", "booking"].flatMap((name) => {
      const feed = parseFeed(readFileSync(path.resolve(process.cwd(), `test/fixtures/calendars/${name}.ics`)));
      if (!feed.ok) throw new Error(feed.detail);
      return candidateStaysOf(feed, property).candidates.map((c) => ({ ...c, id: `${name}:${c.checkInDate}`, feedId: name }));
    });
    const result = findEchoesAndConflicts(stays);
    expect(result.echoes).toEqual(expect.arrayContaining([
      { stayId: "booking:2026-09-08", echoOf: "vrbo:2026-09-08" },
      { stayId: "vrbo:2026-10-01", echoOf: "booking:2026-10-01" },
    ]));
    expect(result.conflicts).toEqual([]);
  });
});
