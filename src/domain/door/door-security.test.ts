import { describe, expect, it } from "vitest";
import { isBruteForce, securityConcern } from "./door-security";

const at = (iso: string) => new Date(iso);
const code = { state: "active", validFrom: at("2026-05-01T20:00:00Z"), validTo: at("2026-05-04T15:00:00Z"), revokedAt: null };
const unlock = (iso: string, actor: string | null = "guest") => ({ kind: "unlocked" as const, occurredAt: at(iso), actor });

describe("securityConcern", () => {
  it("finds nothing wrong with a code inside its window", () => {
    expect(securityConcern(unlock("2026-05-02T10:00:00Z"), code)).toBeNull();
  });
  it("flags a code used before or after its window", () => {
    expect(securityConcern(unlock("2026-05-01T19:00:00Z"), code)).toBe("code_outside_window");
    expect(securityConcern(unlock("2026-05-04T15:00:00Z"), code)).toBe("code_outside_window");
  });
  it("flags a revoked code that still opens the door, but not a use from before it was revoked", () => {
    const revoked = { ...code, state: "revoked", revokedAt: at("2026-05-04T15:05:00Z") };
    expect(securityConcern(unlock("2026-05-04T18:00:00Z"), revoked)).toBe("revoked_code_used");
    expect(securityConcern(unlock("2026-05-03T18:00:00Z"), revoked)).toBeNull();
  });
  it("flags an unknown keypad code and tampering; a manual unlock or a lock is nothing", () => {
    expect(securityConcern(unlock("2026-05-02T10:00:00Z", "unknown_code"), null)).toBe("unknown_keypad_code");
    expect(securityConcern({ kind: "tampered", occurredAt: at("2026-05-02T10:00:00Z"), actor: null }, null)).toBe("lock_tampered");
    expect(securityConcern(unlock("2026-05-02T10:00:00Z", null), null)).toBeNull();
    expect(securityConcern({ kind: "locked", occurredAt: at("2026-05-02T10:00:00Z"), actor: "guest" }, code)).toBeNull();
  });
  it("counts five wrong codes in the window as brute force", () => {
    expect([4, 5].map(isBruteForce)).toEqual([false, true]);
  });
});
