import { describe, expect, it } from "vitest";
import { backoffDelay } from "./relay-puller";
import { RecentIds } from "./recent-ids";

describe("relay puller backoff", () => {
  it("doubles from the first delay up to the ceiling, jittered between half and full", () => {
    const top = () => 1;
    expect([1, 2, 3, 4, 7, 12].map((n) => backoffDelay(n, 1_000, 60_000, top))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
    expect(backoffDelay(3, 1_000, 60_000, () => 0)).toBe(2_000);
  });
});

describe("recent event ids", () => {
  it("forgets the oldest id first once full", () => {
    const ids = new RecentIds(2);
    ids.add("a");
    ids.add("b");
    ids.add("a");
    ids.add("c");
    expect(["a", "b", "c"].map((id) => ids.has(id))).toEqual([true, false, true]);
  });
});
