import { z } from "zod";
import { MAX_PIN_LENGTH, MIN_PIN_LENGTH } from "../../domain/pin";
import { displayName, email, localDate, localDateTime, localTime, phone } from "../input-fields";

const window = { from: localDateTime.meta({ description: "Start, property local time" }), to: localDateTime.meta({ description: "End, property local time" }) };

/** How the code works: one window, a weekly window, always (until revoked), or a number of entries within a window. */
export const grantSchedule = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("window"), ...window }).strict(),
  z.object({
    kind: z.literal("recurring"),
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).meta({ description: "ISO weekdays, 1 = Monday … 7 = Sunday", example: [2] }),
    startTime: localTime,
    endTime: localTime.meta({ description: "At or before startTime: the window ends the next day", example: "12:00" }),
    fromDate: localDate.optional().meta({ description: "First local date an occurrence may fall on (default: today)" }),
    untilDate: localDate.optional().meta({ description: "Last local date an occurrence may fall on (default: none, until revoked)" }),
  }).strict(),
  z.object({ kind: z.literal("always") }).strict(),
  z.object({
    kind: z.literal("limited_uses"),
    uses: z.number().int().min(1).max(100).meta({ description: "Entries allowed; 1 is a one-time code" }),
    ...window,
  }).strict(),
]);

/**
 * A new access grant, as the API's body and the dashboard's form are both read. The person is one of the account's
 * contacts or a name with a phone and/or email; the doors are some locks or every lock serving a property.
 */
export const grantInput = z
  .object({
    propertyId: z.string().min(1).max(64).optional().meta({ description: "The property whose time zone the times are in; with no lockIds, every lock serving it" }),
    lockIds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
    contactId: z.string().min(1).max(64).optional(),
    name: displayName(200).optional(),
    phone: phone.optional(),
    email: email.optional(),
    schedule: grantSchedule,
    pin: z.string().regex(new RegExp(`^\\d{${MIN_PIN_LENGTH},${MAX_PIN_LENGTH}}$`), `must be ${MIN_PIN_LENGTH} to ${MAX_PIN_LENGTH} digits`).optional()
      .meta({ description: "The host's own PIN; checked against the same rules as generated ones (409 naming the lock on a clash). Omit to have one chosen." }),
    note: z.string().trim().max(500).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.propertyId && !v.lockIds) ctx.addIssue({ code: "custom", path: ["propertyId"], message: "give a propertyId (every lock serving it) or lockIds" });
    if (!v.contactId && !v.name) ctx.addIssue({ code: "custom", path: ["name"], message: "give a contactId or the person's name" });
    if (v.contactId && (v.name || v.phone || v.email)) ctx.addIssue({ code: "custom", path: ["contactId"], message: "a contact brings its own name, phone and email; give either contactId or name/phone/email" });
  });

/** What a grant can be changed in: its end (extend or shorten), and the note. */
export const grantPatch = z
  .object({
    to: localDateTime.optional().meta({ description: "New end of a window or limited-uses grant, property local time" }),
    untilDate: localDate.nullable().optional().meta({ description: "New last date of a recurring grant (null: until revoked)" }),
    note: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export type GrantInput = z.output<typeof grantInput>;
export type GrantPatch = z.output<typeof grantPatch>;
export type GrantScheduleInput = z.output<typeof grantSchedule>;
