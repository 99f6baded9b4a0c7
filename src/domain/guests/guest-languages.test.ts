import { describe, expect, it } from "vitest";
import { pickGuestLanguage } from "./guest-languages";

describe("pickGuestLanguage", () => {
  it("prefers the chooser over the browser", () => {
    expect(pickGuestLanguage("de", "fr-FR,fr;q=0.9")).toBe("de");
  });
  it("takes the browser's best supported language by q-value", () => {
    expect(pickGuestLanguage(null, "ja;q=1, pt-BR;q=0.8, es;q=0.9")).toBe("es");
    expect(pickGuestLanguage(undefined, "pt-BR")).toBe("pt");
  });
  it("falls back to the stay's remembered language, then English", () => {
    expect(pickGuestLanguage("xx", "ja", "fr")).toBe("fr");
    expect(pickGuestLanguage(null, "zh-CN,ja;q=0.5")).toBe("en");
    expect(pickGuestLanguage(null, "es;q=0")).toBe("en");
  });
});
