import { z } from "@hono/zod-openapi";
import { propertyInput as serviceInput, propertyPatch as servicePatch } from "../../../services/properties/property-input";
import { localTime } from "../../common-schemas";
import { badRequest } from "../../problem";

/**
 * Field names before issue 20 settled on check-in and check-out as two words everywhere: still read on input, so
 * integrations keep working, and documented as deprecated. Answers carry only the new names.
 */
export const DEPRECATED_FIELDS = { checkoutTime: "checkOutTime", autoCheckoutOnLock: "autoCheckOutOnLock" } as const;
type DeprecatedName = keyof typeof DEPRECATED_FIELDS;

const deprecated = {
  checkoutTime: localTime.optional().openapi({ deprecated: true, description: "Old name of `checkOutTime`; give one of them" }),
  autoCheckoutOnLock: z.boolean().optional().openapi({ deprecated: true, description: "Old name of `autoCheckOutOnLock`; give one of them" }),
};

/** The service's own input schemas (plus the deprecated names), named for the OpenAPI document. */
export const propertyInput = serviceInput.extend(deprecated).openapi("PropertyInput");
export const propertyPatch = servicePatch.extend(deprecated).openapi("PropertyPatch");

/**
 * A body given with a deprecated name, as the services read it: the value moves to the new name. Both names with
 * different values is refused (which one was meant?); the raw body tells a given new name from a filled-in default.
 */
export function withCurrentNames<T extends Partial<Record<DeprecatedName, unknown>>>(body: T, raw: unknown): Omit<T, DeprecatedName> {
  const given = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...body };
  for (const [old, now] of Object.entries(DEPRECATED_FIELDS)) {
    if (out[old] === undefined) continue;
    if (now in given && given[now] !== given[old]) {
      throw badRequest(`${old} is the old name of ${now}: give one of them`, [{ path: old, message: `the old name of ${now}, which was also given` }]);
    }
    out[now] = out[old];
    delete out[old];
  }
  return out as Omit<T, DeprecatedName>;
}

export const property = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    timezone: z.string(),
    checkInTime: z.string(),
    checkOutTime: z.string(),
    earlyBufferMinutes: z.number(),
    lateBufferMinutes: z.number(),
    codeLength: z.number(),
    codeStrategy: z.string(),
    messageLeadMinutes: z.number(),
    programLeadMinutes: z.number(),
    backupLeadMinutes: z.number(),
    turnoverMinutes: z.number(),
    cleanerMessageHour: z.number(),
    locale: z.string(),
    wifiName: z.string().nullable(),
    wifiPassword: z.string().nullable(),
    checkInInstructions: z.string().nullable(),
    houseNotes: z.string().nullable(),
    codeRevealLeadMinutes: z.number(),
    unreachableAlertLeadMinutes: z.number(),
    checkInLink: z.string().openapi({ description: "The property's guest check-in link: paste it once into the platforms' scheduled messages; guests find their stay there with the reservation code and the phone's last 4 digits" }),
    arrivalNotice: z.enum(["off", "sms", "email", "any"]),
    arrivalWelcome: z.boolean(),
    noArrivalAlertMinutes: z.number().nullable(),
    autoCheckOutOnLock: z.boolean(),
    templates: z.record(z.string(), z.string()),
    cleanerIds: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Property");
