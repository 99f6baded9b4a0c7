/** The languages the guest page and guest messages speak; English is the fallback for anything missing. */
export const GUEST_LANGUAGES = ["en", "es", "fr", "de", "pt"] as const;
export type GuestLanguage = (typeof GUEST_LANGUAGES)[number];

export const LANGUAGE_NAMES: Readonly<Record<GuestLanguage, string>> = {
  en: "English", es: "Español", fr: "Français", de: "Deutsch", pt: "Português",
};

export function isGuestLanguage(value: unknown): value is GuestLanguage {
  return typeof value === "string" && (GUEST_LANGUAGES as readonly string[]).includes(value);
}

/** `pt-BR` → `pt`; anything not spoken → null. */
export function guestLanguageOf(tag: string | null | undefined): GuestLanguage | null {
  const base = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isGuestLanguage(base) ? base : null;
}

/**
 * The language to answer in: the guest's explicit choice (the chooser), else the best of the browser's
 * Accept-Language by q-value (RFC 9110 12.5.4), else the one remembered for the stay, else English.
 */
export function pickGuestLanguage(choice: string | null | undefined, acceptLanguage: string | null | undefined, remembered?: string | null): GuestLanguage {
  const chosen = guestLanguageOf(choice);
  if (chosen) return chosen;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: guestLanguageOf(tag), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r): r is { lang: GuestLanguage; q: number; i: number } => r.lang !== null && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.lang ?? guestLanguageOf(remembered) ?? "en";
}
