import { describe, expect, it } from "vitest";
import { cleanerNoticeAt, guestSendAt } from "./send-times";

const NY = "America/New_York";
const EARLY = new Date("2026-01-01T00:00:00Z");

describe("guest message time: the lead's whole days are local calendar days", () => {
  it("sends at the check-in wall time the day before, across spring-forward (23 real hours before)", () => {
    // 2026-03-08 16:00 EDT = 20:00Z; the day before at 16:00 EST = 21:00Z.
    expect(guestSendAt({ checkInAt: new Date("2026-03-08T20:00:00Z"), zone: NY, leadMinutes: 1440, now: EARLY }).toISOString()).toBe("2026-03-07T21:00:00.000Z");
  });

  it("sends at the check-in wall time the day before, across fall-back (25 real hours before)", () => {
    // 2026-11-01 16:00 EST = 21:00Z; the day before at 16:00 EDT = 20:00Z.
    expect(guestSendAt({ checkInAt: new Date("2026-11-01T21:00:00Z"), zone: NY, leadMinutes: 1440, now: EARLY }).toISOString()).toBe("2026-10-31T20:00:00.000Z");
  });

  it("takes a remainder of minutes as exact time before that", () => {
    // 36 h lead: one local day, then 12 h more.
    expect(guestSendAt({ checkInAt: new Date("2026-03-08T20:00:00Z"), zone: NY, leadMinutes: 2160, now: EARLY }).toISOString()).toBe("2026-03-07T09:00:00.000Z");
    expect(guestSendAt({ checkInAt: new Date("2026-06-10T20:00:00Z"), zone: NY, leadMinutes: 90, now: EARLY }).toISOString()).toBe("2026-06-10T18:30:00.000Z");
  });

  it("sends at once for a booking made inside the lead, and never in the past", () => {
    const now = new Date("2026-03-08T12:00:00Z");
    expect(guestSendAt({ checkInAt: new Date("2026-03-08T20:00:00Z"), zone: NY, leadMinutes: 1440, now })).toEqual(now);
  });

  it("reads the property's zone, whatever the server's (CI runs in Auckland)", () => {
    expect(guestSendAt({ checkInAt: new Date("2026-04-05T03:00:00Z"), zone: "Pacific/Auckland", leadMinutes: 1440, now: EARLY }).toISOString())
      // 2026-04-05 15:00 NZST (after NZ fell back at 03:00 that morning); the day before 15:00 NZDT = 02:00Z.
      .toBe("2026-04-04T02:00:00.000Z");
  });
});

describe("cleaner notice time", () => {
  it("is the cleaner hour on the local day before the turnover, in the offset of that day", () => {
    expect(cleanerNoticeAt({ startsAt: new Date("2026-03-09T15:00:00Z"), zone: NY, hour: 18, now: EARLY }).toISOString()).toBe("2026-03-08T22:00:00.000Z");
    expect(cleanerNoticeAt({ startsAt: new Date("2026-03-08T15:00:00Z"), zone: NY, hour: 18, now: EARLY }).toISOString()).toBe("2026-03-07T23:00:00.000Z");
    expect(cleanerNoticeAt({ startsAt: new Date("2026-11-02T16:00:00Z"), zone: NY, hour: 18, now: EARLY }).toISOString()).toBe("2026-11-01T23:00:00.000Z");
  });

  it("uses the property-local date, not the UTC date, of a late-evening turnover", () => {
    // 2026-06-10 22:00 EDT is already June 11 in UTC; the notice is June 9 18:00 EDT.
    expect(cleanerNoticeAt({ startsAt: new Date("2026-06-11T02:00:00Z"), zone: NY, hour: 18, now: EARLY }).toISOString()).toBe("2026-06-09T22:00:00.000Z");
  });
});
