import { IANAZone } from "luxon";
import { z } from "zod";
import { E164, normalGuestPhone } from "../domain/guests/guest-phone";
import { hasUnshownCharacters } from "../domain/text/shown-text";

/**
 * The fields the services' input schemas are built from (plain zod, so services do not depend on the HTTP layer):
 * the API validates a request body and the dashboard a form against the same schema, and so refuse the same input
 * with the same words. `.meta({ example })` is what the API's OpenAPI document shows.
 */
export const timezone = z
  .string()
  .max(64)
  .refine((v) => IANAZone.isValidZone(v) && v.includes("/") || v === "UTC", { message: "must be an IANA timezone such as Europe/Berlin" })
  .meta({ example: "Europe/Berlin" });

export const localTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour local time HH:mm")
  .meta({ example: "16:00" });

export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: "is not a real calendar date",
  })
  .meta({ example: "2026-12-24" });

/** A wall-clock date and time in the property's zone, "YYYY-MM-DDTHH:mm" (no offset: the property's zone gives it). */
export const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, "must be a local date and time YYYY-MM-DDTHH:mm")
  .refine((v) => localDate.safeParse(v.slice(0, 10)).success, { message: "is not a real calendar date" })
  .meta({ example: "2026-12-24T08:00" });

export const instant = z.iso.datetime({ offset: true }).meta({ example: "2026-12-24T15:00:00Z" });

export const locale = z
  .string()
  .max(35)
  .refine((v) => {
    try {
      return Intl.getCanonicalLocales(v).length === 1;
    } catch {
      return false;
    }
  }, { message: "must be a BCP 47 locale such as en-US" });

export const email = z.email().max(254);

/**
 * A name people read (a property, a lock, a person, a calendar): trimmed, 1 to `max` characters, one line, shown as
 * stored (domain/text). It lands in dashboards, texts, emails and the cleaners' iCal feed.
 */
export const displayName = (max: number) =>
  z.string().trim().min(1).max(max).refine((v) => !hasUnshownCharacters(v), { message: "must be one line of text, without control characters or text-direction overrides" });

/**
 * E.164, as Twilio wants it, from a number as people type it: "+1 (415) 555-0123" and "0044 7700 900123" are
 * stored as +14155550123 and +447700900123 (the guest page's rule). A number without its country code is refused.
 */
export const phone = z.preprocess(
  (v) => (typeof v === "string" ? (normalGuestPhone(v) ?? v) : v),
  z.string().regex(E164, "must be a phone number with its country code, such as +14155550123"),
);

type PatchShape<S extends z.ZodRawShape> = {
  [K in keyof S]: z.ZodOptional<S[K] extends z.ZodDefault<infer Inner extends z.ZodTypeAny> ? Inner : S[K]>;
};

/** PATCH bodies: every field optional and no defaults filled in, so a partial update never resets a setting. */
export function patchOf<S extends z.ZodRawShape>(input: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(input.shape).map(([k, v]) => [k, (v instanceof z.ZodDefault ? (v.unwrap() as z.ZodTypeAny) : (v as z.ZodTypeAny)).optional()]),
  ) as unknown as PatchShape<S>;
  return z.object(shape).strict();
}
