import { describe, expect, it } from "vitest";
import { attributeCode } from "./attribute-code";

const at = (iso: string) => new Date(iso);
const code = (id: string, from: string, to: string) => ({ id, validFrom: at(from), validTo: at(to), createdAt: at(from) });

describe("attributeCode", () => {
  const first = code("first", "2026-03-01T20:00:00Z", "2026-03-04T16:00:00Z");
  const second = code("second", "2026-03-04T20:00:00Z", "2026-03-07T16:00:00Z");

  it("picks the code whose window holds the event when a slot was reused", () => {
    expect(attributeCode([first, second], at("2026-03-02T10:00:00Z"))?.id).toBe("first");
    expect(attributeCode([second, first], at("2026-03-05T10:00:00Z"))?.id).toBe("second");
  });

  it("names the latest code already begun when the event falls outside every window", () => {
    expect(attributeCode([first, second], at("2026-03-04T18:00:00Z"))?.id).toBe("first");
    expect(attributeCode([first, second], at("2026-03-09T10:00:00Z"))?.id).toBe("second");
  });

  it("names the newest code for an event before any window, and nothing without candidates", () => {
    expect(attributeCode([first, second], at("2026-02-01T10:00:00Z"))?.id).toBe("second");
    expect(attributeCode([], at("2026-02-01T10:00:00Z"))).toBeNull();
  });
});
