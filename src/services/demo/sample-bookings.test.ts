import { describe, expect, it } from "vitest";
import { anchorFor, datedBookings, freshAnchor } from "./sample-bookings";

describe("the demo's sample bookings", () => {
  it("check in today while the afternoon is still ahead in the property's zone, else tomorrow", () => {
    // 12:30 in Lisbon is already 01:30 the next day in Auckland, where CI runs: only the property's zone counts.
    expect(freshAnchor(new Date("2026-11-21T12:30:00Z"), "Europe/Lisbon")).toBe("2026-11-21");
    expect(freshAnchor(new Date("2026-11-21T15:00:00Z"), "Europe/Lisbon")).toBe("2026-11-22");
    expect(freshAnchor(new Date("2026-11-21T15:00:00Z"), "America/Los_Angeles")).toBe("2026-11-21");
  });

  it("keep an earlier run's dates until they are in the past, then move forward", () => {
    const now = new Date("2026-11-21T18:00:00Z");
    expect(anchorFor("2026-11-21", now, "Europe/Lisbon")).toBe("2026-11-21");
    expect(anchorFor("2026-11-22", now, "Europe/Lisbon")).toBe("2026-11-22");
    expect(anchorFor("2026-11-18", now, "Europe/Lisbon")).toBe("2026-11-22");
    expect(anchorFor(null, now, "Europe/Lisbon")).toBe("2026-11-22");
  });

  it("put the second stay on the first one's checkout day, so there is a same-day turnover", () => {
    const [first, second, block] = datedBookings("2026-12-30");
    expect(first).toMatchObject({ start: "2026-12-30", end: "2027-01-01" });
    expect(second!.start).toBe(first!.end);
    expect(block).toMatchObject({ kind: "block", start: second!.end });
  });
});
