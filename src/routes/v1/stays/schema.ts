import { z } from "@hono/zod-openapi";
import { stayInput as serviceInput, stayPatch as servicePatch } from "../../../services/stays/stay-input";
import { instant, localDate } from "../../common-schemas";

/** The service's own input schemas, named for the OpenAPI document. */
export const stayInput = serviceInput.openapi("ManualStayInput");
export const stayPatch = servicePatch.openapi("StayPatch");

export const staySummary = z
  .object({
    id: z.string(),
    propertyId: z.string(),
    feedId: z.string().nullable(),
    externalUid: z.string().nullable(),
    kind: z.string(),
    status: z.string(),
    checkInDate: z.string(),
    checkOutDate: z.string(),
    checkInAt: z.string(),
    checkOutAt: z.string(),
    earlyCheckInAt: z.string().nullable(),
    lateCheckOutAt: z.string().nullable(),
    summary: z.string().nullable(),
    guestName: z.string().nullable(),
    guestPhoneLast4: z.string().nullable(),
    guestEmail: z.string().nullable(),
    reservationCode: z.string().nullable(),
    guestCount: z.number().nullable(),
    guestContactSource: z.enum(["host", "feed", "guest"]).nullable().openapi({ description: "Who gave the guest phone/email: the host, the feed (a PMS export's DESCRIPTION) or the guest on the guest page" }),
    guestLocale: z.string().nullable().openapi({ description: "The language the guest chose on the guest page; guest messages use it" }),
    guestPageOpenedAt: z.string().nullable().openapi({ description: "When the guest first opened the guest page" }),
    unreachable: z.boolean().openapi({ description: "The stay's code is confirmed on the lock but nobody can hand it over: no guest phone or email, and the guest never opened the guest page. A `guest_unreachable` alert follows at the property's `unreachableAlertLeadMinutes` before check-in" }),
    guestLink: z.string().nullable().openapi({ description: "The stay's own guest page (`/g/<token>`): send it to a guest the check-in link cannot identify. Null for blocks and other platforms' echoes" }),
    conflict: z.boolean(),
    echoOf: z.string().nullable().openapi({
      description: "Another platform's copy of the booking held by this stay id (Booking.com echoing an Airbnb booking): not a second reservation, so it gets no code and no message",
    }),
    version: z.number(),
    cancelledAt: z.string().nullable(),
    checkedInAt: z.string().nullable().openapi({ description: "When the guest's code first opened the door (door activity)" }),
    checkedOutAt: z.string().nullable().openapi({ description: "When the stay was checked out early (host or the auto-checkout rule): its code ended then" }),
    presence: z.enum(["expected", "checked_in", "checked_out"]).openapi({ description: "`checked_in` once the guest's code opened the door, `checked_out` after an early checkout" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("StaySummary");

/** The full phone number is shown only when one stay is asked for. */
export const stay = staySummary.extend({ guestPhone: z.string().nullable() }).openapi("Stay");

// One message for the union: zod's own ("Invalid input") named neither form.
const dateOrInstant = z.union([localDate, instant], {
  error: "must be a real date YYYY-MM-DD or an instant with its offset such as 2026-12-24T15:00:00Z",
});
export const stayListQuery = z.object({
  propertyId: z.string().max(64).optional(),
  feedId: z.string().max(64).optional(),
  status: z.enum(["confirmed", "cancelled"]).optional(),
  kind: z.enum(["reservation", "block", "manual"]).optional(),
  echo: z.enum(["true", "false"]).optional().openapi({ description: "`false`: leave out other platforms' echoes of a booking (what the dashboard shows); `true`: only echoes" }),
  echoOf: z.string().max(64).optional().openapi({ description: "Only the echoes of this stay" }),
  from: dateOrInstant.optional().openapi({ description: "Stays checking out on or after this local date or instant" }),
  to: dateOrInstant.optional().openapi({ description: "Stays checking in on or before this local date or instant" }),
  reservationCode: z.string().trim().min(1).max(100).optional().openapi({ description: "The platform's reservation code, exactly (letter case aside)", example: "HMABC12345" }),
  guestName: z.string().trim().min(1).max(200).optional().openapi({ description: "Stays whose guest name contains this text (letter case aside)", example: "garcia" }),
});
