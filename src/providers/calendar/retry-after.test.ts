import { describe, expect, it } from "vitest";
import { MAX_RETRY_AFTER_MS, retryAfterMs } from "./retry-after";

const now = Date.parse("2026-07-01T12:00:00Z");

describe("retryAfterMs", () => {
  it("reads delay-seconds", () => {
    expect(retryAfterMs("120", undefined, now)).toBe(120_000);
    expect(retryAfterMs(" 3600 ", undefined, now)).toBe(3_600_000);
  });

  it("reads an HTTP-date against the answer's Date header, else against now", () => {
    const date = "Wed, 01 Jul 2026 11:00:00 GMT";
    expect(retryAfterMs("Wed, 01 Jul 2026 11:30:00 GMT", date, now)).toBe(30 * 60_000);
    expect(retryAfterMs("Wed, 01 Jul 2026 12:10:00 GMT", undefined, now)).toBe(10 * 60_000);
    expect(retryAfterMs("Wed, 01 Jul 2026 12:10:00 GMT", "not a date", now)).toBe(10 * 60_000);
  });

  it("ignores what is absent, unreadable, zero or past, and caps the rest at a day", () => {
    for (const header of [undefined, "", "soon", "-5", "0", "Wed, 01 Jul 2026 11:00:00 GMT", "1.5"]) expect(retryAfterMs(header, undefined, now), String(header)).toBeUndefined();
    expect(retryAfterMs(String(7 * 24 * 3600), undefined, now)).toBe(MAX_RETRY_AFTER_MS);
  });
});
