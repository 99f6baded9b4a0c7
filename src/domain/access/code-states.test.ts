import { describe, expect, it } from "vitest";
import { CODE_STATES, IllegalCodeTransition, assertTransition, canTransition } from "./code-states";

describe("code state machine", () => {
  it("reaches active only from planned or programming, and revoked only through revoking (or from failed)", () => {
    const into = (to: (typeof CODE_STATES)[number]) => CODE_STATES.filter((from) => canTransition(from, to));
    expect(into("active")).toEqual(["planned", "programming"]);
    expect(into("revoked")).toEqual(["revoking", "failed"]);
  });

  it("never leaves revoked or cancelled", () => {
    for (const to of CODE_STATES) {
      expect(canTransition("revoked", to)).toBe(false);
      expect(canTransition("cancelled", to)).toBe(false);
    }
  });

  it("refuses an illegal move with a typed error", () => {
    expect(() => assertTransition("revoked", "active")).toThrow(IllegalCodeTransition);
  });
});
