import { describe, expect, it } from "vitest";
import { classifyEvent } from "./classify-event";
import { detectSource } from "./detect-source";

describe("detectSource", () => {
  it("uses PRODID first and the UID domain when PRODID says nothing", () => {
    expect(detectSource("-//Airbnb Inc//Hosting Calendar 1.0//EN", [])).toBe("airbnb");
    expect(detectSource("-//HomeAway.com, Inc.//EN", [])).toBe("vrbo");
    expect(detectSource("-//admin.booking.com\\, b.v.//NONSGML v1.0//EN", [])).toBe("booking");
    expect(detectSource("-//Merger script//EN", ["x@booking.com", "y@booking.com"])).toBe("booking");
    expect(detectSource("-//github.com/rianjs/ical.net//NONSGML ical.net 4.0//EN", ["a5877ab1"])).toBe("generic");
  });
});

describe("classifyEvent", () => {
  it("reads Airbnb reservations, legacy guest summaries and blocks", () => {
    expect(classifyEvent("airbnb", "Reserved", "Reservation URL: https://www.airbnb.com/hosting/reservations/details/HMAFGEHV4Q\nPhone Number (Last 4 Digits): 5054"))
      .toEqual({ kind: "reservation", reservationCode: "HMAFGEHV4Q", phoneLast4: "5054" });
    expect(classifyEvent("airbnb", "John Smith (HMABCDEF12)", "")).toEqual({ kind: "reservation", guestName: "John Smith", reservationCode: "HMABCDEF12" });
    expect(classifyEvent("airbnb", "3715663710168063306 Airbnb (Not available)", "")).toEqual({ kind: "block" });
  });

  it("counts anything on a generic feed that is not clearly a block as a reservation", () => {
    expect(classifyEvent("generic", "Booked", "")).toEqual({ kind: "reservation" });
    expect(classifyEvent("generic", "Reservation - Ada Lovelace", "")).toEqual({ kind: "reservation", guestName: "Ada Lovelace" });
    expect(classifyEvent("generic", "Owner block", "")).toEqual({ kind: "block" });
    expect(classifyEvent("generic", "Not available", "")).toEqual({ kind: "block" });
  });
});
