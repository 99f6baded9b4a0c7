import type { GuestLanguage } from "../guests/guest-languages";
import { GUEST_DEFAULTS } from "./guest-languages";
import { formatLocal } from "./format-local";
import { doorList } from "./grant-message";
import { DEFAULT_SUBJECTS, effectiveTemplate, renderTemplate, type MessageTemplates, type TemplateName } from "./templates";

/** The parts of a property every message reads. */
export interface PropertyForMessage {
  name: string;
  address: string | null;
  timezone: string;
  locale: string;
  wifiName: string | null;
  wifiPassword: string | null;
  checkInInstructions: string | null;
  houseNotes?: string | null;
  templates: MessageTemplates;
}

export interface ComposedMessage {
  subject: string;
  body: string;
  /** The same body with every PIN replaced by PIN_MASK: what listings show (the body itself is an audited read). */
  maskedBody: string;
  /** The host's template was unusable and the default stood in (shown in previews, logged by id). */
  usedDefault: boolean;
}

/** The PIN a guest message carries (several doors' PINs already merged into one line) and when it works. */
export interface CodeForMessage {
  pin: string;
  validFrom: Date;
  validTo: Date;
  /** The names of the doors the code opens (a shared building entrance and the unit's own door). */
  doors?: string[];
}

/** Fixed length, so a masked body does not tell how long the PIN is; one mask for several doors' PINs too. */
export const PIN_MASK = "••••••";

function compose(name: TemplateName, property: PropertyForMessage, values: Record<string, string | null | undefined>, language?: GuestLanguage): ComposedMessage {
  const effective = effectiveTemplate(name, property.templates[name]);
  // The host's own template wins; the built-in text speaks the guest's language (English when there is none in it).
  const localized = language && (name === "guest_code" || name === "guest_update") ? GUEST_DEFAULTS[language]?.[name] : undefined;
  const hostWrote = Boolean(property.templates[name]) && !effective.usedDefault;
  const template = !hostWrote && localized ? localized.body : effective.template;
  const { usedDefault } = effective;
  const all = { property_name: property.name, address: property.address, ...values };
  // The PIN only ever enters a body through {{code}}, so masking that one value masks it wherever the host put it.
  const masked = { ...all, code: values.code ? PIN_MASK : values.code };
  return { subject: renderTemplate(localized?.subject ?? DEFAULT_SUBJECTS[name], all), body: renderTemplate(template, all), maskedBody: renderTemplate(template, masked), usedDefault };
}

/** The guest's code message, or the short update after dates moved (`kind: "update"`). */
export function composeGuestMessage(
  kind: "code" | "update",
  property: PropertyForMessage,
  guest: { guestName: string | null },
  code: CodeForMessage,
  /** The stay's guest page, absolute; null (its line dropped) when staykey has no public URL to put in a text. */
  guestLink?: string | null,
  /** The language the guest chose on the guest page: the built-in text and the dates are in it. */
  language?: GuestLanguage | null,
): ComposedMessage {
  const lang = language && language !== "en" ? language : undefined;
  const at = (d: Date) => formatLocal(d, property.timezone, lang ?? property.locale);
  return compose(kind === "code" ? "guest_code" : "guest_update", property, {
    guest_name: guest.guestName?.trim() || NO_NAME[lang ?? "en"],
    code: code.pin,
    doors: doorList(code.doors ?? []),
    valid_from: at(code.validFrom),
    valid_until: at(code.validTo),
    check_in_instructions: property.checkInInstructions,
    wifi_name: property.wifiName,
    wifi_password: property.wifiPassword,
    house_notes: property.houseNotes ?? null,
    guest_link: guestLink ?? null,
  }, lang);
}

/** How the greeting addresses a guest whose name the booking does not give. */
const NO_NAME: Record<GuestLanguage, string> = { en: "there", es: "huésped", fr: "cher voyageur", de: "Gast", pt: "hóspede" };

/** A cleaner's notice for one turnover; `update` prefixes it so a moved window is not mistaken for a second job. */
export function composeCleanerMessage(
  kind: "notice" | "update",
  property: PropertyForMessage,
  cleaner: { name: string },
  window: { startsAt: Date; endsAt: Date },
  pin: string,
): ComposedMessage {
  const at = (d: Date) => formatLocal(d, property.timezone, property.locale);
  const message = compose("cleaner_schedule", property, {
    cleaner_name: cleaner.name,
    code: pin,
    window_start: at(window.startsAt),
    window_end: at(window.endsAt),
  });
  if (kind === "notice") return message;
  return { ...message, subject: `Changed: ${message.subject}`, body: `CHANGED: ${message.body}`, maskedBody: `CHANGED: ${message.maskedBody}` };
}

/** No PIN in a cancellation: the code is being removed anyway. */
export function composeCleanerCancellation(property: PropertyForMessage, window: { startsAt: Date }): ComposedMessage {
  const start = formatLocal(window.startsAt, property.timezone, property.locale);
  const body = `CANCELLED: the cleaning at ${property.name} on ${start} is cancelled. The door code for it no longer works.`;
  return { subject: `Cancelled: cleaning at ${property.name}`, body, maskedBody: body, usedDefault: false };
}
