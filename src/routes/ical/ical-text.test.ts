import { describe, expect, it } from "vitest";
import { escapeText } from "./ical-text";

describe("escapeText", () => {
  it("escapes RFC 5545's specials and every form of line break, so a value never starts a line of its own", () => {
    expect(escapeText("a\\b;c,d")).toBe("a\\\\b\\;c\\,d");
    expect(escapeText("Casa\r\nBEGIN:VEVENT")).toBe("Casa\\nBEGIN:VEVENT");
    expect(escapeText("Casa\nBEGIN:VEVENT")).toBe("Casa\\nBEGIN:VEVENT");
    expect(escapeText("Casa\rBEGIN:VEVENT")).toBe("Casa\\nBEGIN:VEVENT");
  });

  it("drops control characters TEXT may not hold, and keeps tabs and any other character", () => {
    expect(escapeText("Turn\u0000over\u0007 at\u001b the\u007f loft\tnow")).toBe("Turnover at the loft\tnow");
    expect(escapeText("Ferienwohnung Müller – 🏖️")).toBe("Ferienwohnung Müller – 🏖️");
  });
});
