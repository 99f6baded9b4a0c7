import { describe, expect, it } from "vitest";
import { guestText, missingGuestTexts } from "./guest-catalogue";
import { GUEST_LANGUAGES } from "./guest-languages";

describe("guest catalogue", () => {
  it("has every sentence of the guest page in every guest language", () => {
    for (const lang of GUEST_LANGUAGES) expect(missingGuestTexts(lang), lang).toEqual([]);
  });
  it("fills placeholders and speaks the chosen language", () => {
    expect(guestText("en", "too_many", { minutes: 12 })).toBe("Too many attempts. Try again in 12 minutes.");
    expect(guestText("de", "door_code")).toBe("Türcode");
    expect(guestText("es", "code_appears", { at: "vie, 5 may" })).toContain("vie, 5 may");
  });
});
