import { describe, expect, it } from "vitest";
import { backupDueAt, guestArrival, guestCodeWindow, guestDeparture, phoneLast4, programAt, programNowAt, turnoverWindow } from "./code-window";

const at = (iso: string) => new Date(iso);

describe("guest code window", () => {
  it("widens check-in and checkout by the property's buffers", () => {
    const w = guestCodeWindow({ checkInAt: at("2030-03-01T03:00:00Z"), checkOutAt: at("2030-03-05T22:00:00Z") }, { earlyBufferMinutes: 60, lateBufferMinutes: 30 });
    expect(w).toEqual({ from: at("2030-03-01T02:00:00Z"), to: at("2030-03-05T22:30:00Z") });
  });

  it("uses the host's early check-in and late checkout overrides before buffering", () => {
    const w = guestCodeWindow(
      { checkInAt: at("2030-03-01T03:00:00Z"), checkOutAt: at("2030-03-05T22:00:00Z"), earlyCheckInAt: at("2030-03-01T00:00:00Z"), lateCheckOutAt: at("2030-03-06T01:00:00Z") },
      { earlyBufferMinutes: 15, lateBufferMinutes: 15 },
    );
    expect(w).toEqual({ from: at("2030-02-28T23:45:00Z"), to: at("2030-03-06T01:15:00Z") });
  });

  it("ends at an early checkout, with no late buffer, whatever the booked or late checkout", () => {
    const stay = { checkInAt: at("2030-03-01T03:00:00Z"), checkOutAt: at("2030-03-05T22:00:00Z"), lateCheckOutAt: at("2030-03-06T01:00:00Z"), checkedOutAt: at("2030-03-03T09:30:00Z") };
    expect(guestCodeWindow(stay, { earlyBufferMinutes: 60, lateBufferMinutes: 30 })).toEqual({ from: at("2030-03-01T02:00:00Z"), to: at("2030-03-03T09:30:00Z") });
    expect(guestDeparture(stay)).toEqual(at("2030-03-03T09:30:00Z"));
    expect(guestDeparture({ ...stay, checkedOutAt: null })).toEqual(at("2030-03-06T01:00:00Z"));
  });
});

describe("backup due instant", () => {
  it("counts the margin back from the guest's arrival, not from the window's early start", () => {
    const stay = { checkInAt: at("2030-03-01T16:00:00Z"), checkOutAt: at("2030-03-05T10:00:00Z") };
    expect(guestCodeWindow(stay, { earlyBufferMinutes: 300, lateBufferMinutes: 0 }).from).toEqual(at("2030-03-01T11:00:00Z"));
    expect(backupDueAt(guestArrival(stay), 120)).toEqual(at("2030-03-01T14:00:00Z"));
  });
  it("follows the host's early check-in", () => {
    const stay = { checkInAt: at("2030-03-01T16:00:00Z"), earlyCheckInAt: at("2030-03-01T12:00:00Z") };
    expect(backupDueAt(guestArrival(stay), 90)).toEqual(at("2030-03-01T10:30:00Z"));
  });
});

describe("program-at instant", () => {
  const window = { from: at("2030-03-10T02:00:00Z"), to: at("2030-03-12T22:00:00Z") };
  it("programs native-schedule locks the lead time ahead", () => {
    expect(programAt(window, "native", 1440, at("2030-03-01T00:00:00Z"))).toEqual(at("2030-03-09T02:00:00Z"));
  });
  it("programs at once when the booking comes in later than the lead", () => {
    expect(programAt(window, "native", 1440, at("2030-03-09T20:00:00Z"))).toEqual(at("2030-03-09T20:00:00Z"));
  });
  it("sets slot locks only at window start, whatever the lead", () => {
    expect(programAt(window, "slots", 1440, at("2030-03-01T00:00:00Z"))).toEqual(window.from);
  });
  it("programs now on a host's request, but never before window start on a slot lock", () => {
    const now = at("2030-03-01T00:00:00Z");
    expect(programNowAt(window, "native", now)).toEqual(now);
    expect(programNowAt(window, "slots", now)).toEqual(window.from);
    expect(programNowAt(window, "slots", at("2030-03-11T00:00:00Z"))).toEqual(at("2030-03-11T00:00:00Z"));
  });
});

describe("turnover window", () => {
  it("runs from checkout to the next check-in on a same-day turnover", () => {
    expect(turnoverWindow(at("2030-03-05T22:00:00Z"), at("2030-03-06T03:00:00Z"), 300)).toEqual({ from: at("2030-03-05T22:00:00Z"), to: at("2030-03-06T03:00:00Z") });
  });
  it("uses the set length when nobody arrives soon, so a vacant week does not keep a cleaner code alive", () => {
    expect(turnoverWindow(at("2030-03-05T22:00:00Z"), at("2030-03-12T03:00:00Z"), 300).to).toEqual(at("2030-03-06T03:00:00Z"));
    expect(turnoverWindow(at("2030-03-05T22:00:00Z"), null, 240).to).toEqual(at("2030-03-06T02:00:00Z"));
  });
});

it("takes the last four digits of a formatted phone number", () => {
  expect(phoneLast4("+64 (21) 555-7391")).toBe("7391");
  expect(phoneLast4("12")).toBeUndefined();
});
