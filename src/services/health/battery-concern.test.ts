import { describe, expect, it } from "vitest";
import { DEFAULT_ALERT_POLICY } from "../alerts/alert-policy";
import { batteryConcern, toPercent } from "./battery-concern";

describe("batteryConcern", () => {
  it("judges by percent at the 25% and 10% marks", () => {
    expect([30, 25, 24, 10, 9, 0].map((p) => batteryConcern(p, undefined, DEFAULT_ALERT_POLICY))).toEqual(["ok", "ok", "low", "low", "critical", "critical"]);
  });

  it("trusts the percent over the vendor's status word, and the word when there is no percent", () => {
    expect(batteryConcern(50, "low", DEFAULT_ALERT_POLICY)).toBe("ok");
    expect(batteryConcern(undefined, "critical", DEFAULT_ALERT_POLICY)).toBe("critical");
    expect(batteryConcern(undefined, "full", DEFAULT_ALERT_POLICY)).toBe("ok");
    expect(batteryConcern(null, null, DEFAULT_ALERT_POLICY)).toBe("unknown");
  });

  it("turns the provider's 0..1 into whole percent", () => {
    expect([0.08, 0.245, 1, 1.2].map(toPercent)).toEqual([8, 25, 100, 100]);
  });
});
