import { describe, expect, it } from "vitest";
import { composeCleanerCancellation, composeCleanerMessage, composeGuestMessage, PIN_MASK, type PropertyForMessage } from "./compose";

const property: PropertyForMessage = {
  name: "Beach House", address: "1 Shore Rd", timezone: "Europe/Berlin", locale: "en-GB", wifiName: "beach", wifiPassword: "surf-2026",
  checkInInstructions: null, templates: {},
};
const window = { validFrom: new Date("2026-12-10T15:00:00Z"), validTo: new Date("2026-12-13T10:00:00Z") };

describe("masked bodies", () => {
  it("masks the PIN wherever the host's template puts {{code}}, and nothing else", () => {
    const custom = { ...property, templates: { guest_code: "Code {{code}}. Again: {{code}}. Wi-Fi {{wifi_password}}" } };
    const m = composeGuestMessage("code", custom, { guestName: "Ann" }, { ...window, pin: "483920" });
    expect(m.body).toBe("Code 483920. Again: 483920. Wi-Fi surf-2026");
    expect(m.maskedBody).toBe(`Code ${PIN_MASK}. Again: ${PIN_MASK}. Wi-Fi surf-2026`);
  });

  it("masks several doors' PINs as one mask of fixed length", () => {
    const m = composeGuestMessage("update", property, { guestName: null }, { ...window, pin: "4839 (Front), 120455 (Back)" });
    expect(m.body).toContain("4839 (Front), 120455 (Back)");
    expect(m.maskedBody).not.toMatch(/4839|120455/);
    expect(m.maskedBody).toContain(`your door code ${PIN_MASK} now works`);
  });

  it("masks a cleaner's notice and its update, and leaves a cancellation (no PIN) as it is", () => {
    const turnover = { startsAt: window.validTo, endsAt: new Date("2026-12-13T15:00:00Z") };
    const update = composeCleanerMessage("update", property, { name: "Cleo" }, turnover, "770341");
    expect(update.body).toMatch(/^CHANGED: [\s\S]*Door code: 770341/);
    expect(update.maskedBody).toMatch(new RegExp(`^CHANGED: [\\s\\S]*Door code: ${PIN_MASK}`));
    const cancelled = composeCleanerCancellation(property, turnover);
    expect(cancelled.maskedBody).toBe(cancelled.body);
  });
});
