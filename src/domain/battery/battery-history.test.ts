import { describe, expect, it } from "vitest";
import { batteryLine, chartX, chartY, lowCrossing, type BatteryPoint } from "./battery-history";

const DAY = 86_400_000;
const t0 = Date.UTC(2030, 0, 1);
const on = (day: number, level: number | null): BatteryPoint => ({ at: new Date(t0 + day * DAY), level });

describe("lowCrossing", () => {
  it("is the first reading under the threshold after one at or above it", () => {
    expect(lowCrossing([on(0, 80), on(5, 40), on(9, 24), on(12, 20)], 25)).toEqual({ at: new Date(t0 + 9 * DAY), since: false });
  });

  it("is the latest crossing when the batteries were changed and it ran low again", () => {
    const points = [on(0, 30), on(2, 20), on(4, 100), on(20, 26), on(22, 12)];
    expect(lowCrossing(points, 25)).toEqual({ at: new Date(t0 + 22 * DAY), since: false });
  });

  it("says the battery was already low when the history starts low", () => {
    expect(lowCrossing([on(3, 18), on(4, 17)], 25)).toEqual({ at: new Date(t0 + 3 * DAY), since: true });
  });

  it("is null for a battery that never went low, and skips readings with only a word", () => {
    expect(lowCrossing([on(0, 90), on(1, null), on(2, 25)], 25)).toBeNull();
    expect(lowCrossing([on(0, 90), on(1, null), on(2, 24)], 25)).toEqual({ at: new Date(t0 + 2 * DAY), since: false });
    expect(lowCrossing([], 25)).toBeNull();
  });
});

describe("the chart", () => {
  const box = { from: new Date(t0), to: new Date(t0 + 10 * DAY), width: 200, height: 50 };

  it("maps time across and level up, clipped to the box", () => {
    expect(chartX(new Date(t0 + 5 * DAY), box)).toBe(100);
    expect(chartX(new Date(t0 - DAY), box)).toBe(0);
    expect(chartX(new Date(t0 + 11 * DAY), box)).toBe(200);
    expect(chartY(100, box)).toBe(0);
    expect(chartY(0, box)).toBe(50);
    expect(chartY(25, box)).toBe(37.5);
  });

  it("draws a step line that holds each level until the next reading and the last one to the end", () => {
    expect(batteryLine([on(5, 20), on(0, 80), on(2, null)], box)).toBe("0,10 100,10 100,40 200,40");
    expect(batteryLine([], box)).toBe("");
  });
});
