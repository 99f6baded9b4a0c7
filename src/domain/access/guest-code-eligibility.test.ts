import { describe, expect, it } from "vitest";
import { getsGuestCode, isGuestStay } from "./guest-code-eligibility";

const now = new Date("2026-05-01T12:00:00Z");
const later = new Date("2026-05-03T10:00:00Z");
const guest = { status: "confirmed", kind: "reservation", echoOfStayId: null } as const;

describe("which stays get a guest code", () => {
  it("gives one to a confirmed reservation or manual stay until its window ends", () => {
    expect(getsGuestCode(guest, later, now)).toBe(true);
    expect(getsGuestCode({ ...guest, kind: "manual" }, later, now)).toBe(true);
    expect(getsGuestCode(guest, now, now)).toBe(false);
  });

  it("gives none to a block, a cancelled stay, or another platform's echo of a booking", () => {
    expect(isGuestStay({ ...guest, kind: "block" })).toBe(false);
    expect(isGuestStay({ ...guest, status: "cancelled" })).toBe(false);
    expect(isGuestStay({ ...guest, echoOfStayId: "stay_airbnb" })).toBe(false);
  });
});
