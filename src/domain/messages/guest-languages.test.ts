import { describe, expect, it } from "vitest";
import { GUEST_LANGUAGES } from "../guests/guest-languages";
import { composeGuestMessage, type PropertyForMessage } from "./compose";
import { GUEST_DEFAULTS } from "./guest-languages";
import { templateProblems } from "./templates";

const property: PropertyForMessage = {
  name: "Casa Azul", address: "Rua 1", timezone: "Europe/Lisbon", locale: "en-GB", wifiName: "azul", wifiPassword: "mar-2030", checkInInstructions: null, templates: {},
};
const code = { pin: "584201", validFrom: new Date(Date.UTC(2031, 5, 3, 15)), validTo: new Date(Date.UTC(2031, 5, 6, 10)) };

describe("guest messages in the guest's language", () => {
  it("has both guest messages in every guest language but English, each a valid template", () => {
    for (const lang of GUEST_LANGUAGES.filter((l) => l !== "en")) {
      for (const name of ["guest_code", "guest_update"] as const) {
        expect(templateProblems(name, GUEST_DEFAULTS[lang]![name].body), `${lang} ${name}`).toEqual([]);
      }
    }
  });

  it("speaks the guest's language, dates included, and falls back to English", () => {
    const es = composeGuestMessage("code", property, { guestName: "Lucía" }, code, null, "es");
    expect(es.subject).toBe("Tu código de la puerta para Casa Azul");
    expect(es.body).toContain("Tu código de la puerta es 584201.");
    expect(es.body).toContain("jun");
    expect(composeGuestMessage("code", property, { guestName: null }, code, null, "de").body).toContain("Hallo Gast");
    expect(composeGuestMessage("code", property, { guestName: "Ann" }, code, null, "en").body).toContain("Your door code is 584201.");
    expect(composeGuestMessage("code", property, { guestName: "Ann" }, code).body).toContain("Your door code is 584201.");
  });

  it("keeps the host's own template whatever the guest's language", () => {
    const custom = { ...property, templates: { guest_code: "Code {{code}} for {{guest_name}}" } };
    expect(composeGuestMessage("code", custom, { guestName: "Lucía" }, code, null, "fr").body).toBe("Code 584201 for Lucía");
  });
});
