import { describe, expect, it } from "vitest";
import { csrfMatches, maskCsrf } from "./csrf";

describe("masked CSRF tokens", () => {
  const token = "csrf_abcdefghijklmnopqrstuvwxyz012345";

  it("differ on every render and still match the session's token", () => {
    const a = maskCsrf(token);
    const b = maskCsrf(token);
    expect(a).not.toBe(b);
    expect(a).not.toContain(token);
    expect(csrfMatches(a, token)).toBe(true);
    expect(csrfMatches(b, token)).toBe(true);
  });

  it("refuse another session's token, a tampered one and garbage", () => {
    expect(csrfMatches(maskCsrf("csrf_other"), token)).toBe(false);
    const [pad, masked] = maskCsrf(token).split(".") as [string, string];
    expect(csrfMatches(`${pad}.${masked.slice(0, -2)}AA`, token)).toBe(false);
    expect(csrfMatches(`${pad}.`, token)).toBe(false);
    expect(csrfMatches("", token)).toBe(false);
    expect(csrfMatches("...", token)).toBe(false);
  });

  it("accepts the bare token a page rendered before masking carried", () => {
    expect(csrfMatches(token, token)).toBe(true);
  });
});
