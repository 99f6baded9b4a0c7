import { z } from "zod";
import { ARRIVAL_NOTICES } from "../../domain/door/lock-event-kinds";
import { displayName, locale, localTime, patchOf, timezone } from "../input-fields";

const template = z.string().max(2000);

/**
 * A property's settings, as the API's body and the dashboard's property forms are both read: one set of rules and
 * defaults for both.
 */
export const propertyInput = z
  .object({
    name: displayName(200),
    address: z.string().max(500).nullable().optional(),
    timezone,
    checkInTime: localTime.default("16:00"),
    checkOutTime: localTime.default("11:00"),
    earlyBufferMinutes: z.number().int().min(0).max(1440).default(0),
    lateBufferMinutes: z.number().int().min(0).max(1440).default(0),
    codeLength: z.number().int().min(4).max(8).default(6),
    codeStrategy: z.enum(["random", "phone_last4"]).default("random"),
    messageLeadMinutes: z.number().int().min(0).max(20160).default(1440),
    programLeadMinutes: z.number().int().min(0).max(20160).default(1440),
    /** How long before arrival a guest code the lock has not confirmed is given up on for a spare (and the host told). */
    backupLeadMinutes: z.number().int().min(0).max(1440).default(120),
    turnoverMinutes: z.number().int().min(30).max(1440).default(300),
    cleanerMessageHour: z.number().int().min(0).max(23).default(18),
    locale: locale.default("en-US"),
    wifiName: z.string().max(100).nullable().optional(),
    wifiPassword: z.string().max(100).nullable().optional(),
    checkInInstructions: z.string().max(4000).nullable().optional(),
    /** House rules and notes for the guest page. */
    houseNotes: z.string().max(4000).nullable().optional(),
    /** How long before check-in the guest page shows a confirmed code (default 48 h); it hides again at checkout. */
    codeRevealLeadMinutes: z.number().int().min(0).max(20160).default(2880),
    /** How long before check-in a stay nobody can reach raises a `guest_unreachable` alert (default 24 h). */
    unreachableAlertLeadMinutes: z.number().int().min(0).max(20160).default(1440),
    /** How the host hears that a guest's code first opened the door: off, by text, by email, or every channel. */
    arrivalNotice: z.enum(ARRIVAL_NOTICES).default("any"),
    /** Send the guest a welcome message when their code first opens the door. */
    arrivalWelcome: z.boolean().default(false),
    /** Minutes after check-in with no unlock by the guest's code before an info alert; null: never. */
    noArrivalAlertMinutes: z.number().int().min(30).max(2880).nullable().default(360),
    /** The first lock after the checkout day's morning marks the stay checked out early (revokes the code, starts cleaning). */
    autoCheckOutOnLock: z.boolean().default(false),
    templates: z
      .object({ guest_code: template, guest_update: template, cleaner_schedule: template })
      .partial()
      .strict()
      .default({}),
  })
  .strict();

/** PATCH: every field optional, no defaults filled in (a partial update must not reset settings). */
export const propertyPatch = patchOf(propertyInput);

