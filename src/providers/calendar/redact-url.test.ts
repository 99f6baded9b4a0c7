import { describe, expect, it } from "vitest";
import { redactFeedUrl } from "./redact-url";

describe("redactFeedUrl", () => {
  it.each([
    ["https://www.airbnb.com/calendar/ical/12345678.ics?s=0123456789abcdef", "https://www.airbnb.com/calendar/ical/…"],
    ["http://www.vrbo.com/icalendar/4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d.ics?nonTentative", "http://www.vrbo.com/icalendar/…"],
    ["https://admin.booking.com/hotel/hoteladmin/ical.html?t=aa11bb22-cc33", "https://admin.booking.com/hotel/hoteladmin/ical.html/…"],
    [
      "https://calendar.google.com/calendar/ical/owner%40gmail.com/private-1a2b3c4d/basic.ics",
      "https://calendar.google.com/calendar/ical/…",
    ],
    ["https://user:secret@pms.example:8443/feed/abc?x=1#frag", "https://pms.example:8443/feed/abc/…"],
    ["https://pms.example/export/ical/listing/77/secret", "https://pms.example/export/ical/listing/…"],
    ["https://pms.example/calendar.ics", "https://pms.example/calendar.ics"],
    ["https://pms.example/", "https://pms.example/"],
    ["https://pms.example/?token=xyz", "https://pms.example/…"],
  ])("redacts %s", (url, expected) => {
    expect(redactFeedUrl(url)).toBe(expected);
  });

  it("never shows a query, fragment, credentials or a token-like path segment", () => {
    const url = "https://u:p4ss@h.example/ical/Zq8xY2kLmN0pQr5StUvW/x.ics?s=tok3n#h4sh";
    const shown = redactFeedUrl(url);
    for (const secret of ["p4ss", "Zq8xY2kLmN0pQr5StUvW", "tok3n", "h4sh", "x.ics"]) expect(shown).not.toContain(secret);
  });

  it("says so instead of echoing a URL it cannot parse", () => {
    expect(redactFeedUrl("not a url with token=abc")).toBe("(invalid URL)");
    expect(redactFeedUrl("webcal://www.airbnb.com/calendar/ical/1.ics?s=tok")).toBe("webcal:…");
  });
});
