import { describe, expect, it } from "vitest";
import { revealPhase, revealWindow } from "./reveal-window";

const H = 3_600_000;
const checkInAt = new Date(Date.UTC(2031, 4, 10, 15));
const checkOutAt = new Date(checkInAt.getTime() + 3 * 24 * H);

describe("revealWindow", () => {
  it("opens the lead before check-in and closes at checkout", () => {
    const w = revealWindow({ checkInAt, checkOutAt, revealLeadMinutes: 48 * 60 });
    expect(w.from).toEqual(new Date(checkInAt.getTime() - 48 * H));
    expect(w.until).toEqual(checkOutAt);
    expect(revealPhase(w, new Date(w.from.getTime() - 1))).toBe("before");
    expect(revealPhase(w, w.from)).toBe("open");
    expect(revealPhase(w, new Date(checkOutAt.getTime() - 1))).toBe("open");
    expect(revealPhase(w, checkOutAt)).toBe("over");
  });
  it("follows an early check-in and a late checkout", () => {
    const earlyCheckInAt = new Date(checkInAt.getTime() - 3 * H);
    const lateCheckOutAt = new Date(checkOutAt.getTime() + 2 * H);
    const w = revealWindow({ checkInAt, checkOutAt, earlyCheckInAt, lateCheckOutAt, revealLeadMinutes: 60 });
    expect(w.from).toEqual(new Date(earlyCheckInAt.getTime() - H));
    expect(revealPhase(w, new Date(checkOutAt.getTime() + H))).toBe("open");
  });
});
