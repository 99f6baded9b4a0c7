import { z } from "@hono/zod-openapi";
import { DATES_MESSAGE, datesInOrder } from "../../../services/stays/stay-times";
import { email, instant, localDate, localTime, phone } from "../../common-schemas";

/** An override is an instant, or a local time read on the stay's check-in (early) / checkout (late) date. */
const override = z
  .union([instant, localTime])
  .nullable()
  .optional()
  .openapi({ description: "An instant (`2026-12-24T13:00:00Z`) or a local time (`13:00`) on the stay's date in the property's zone; null clears it" });

const guest = {
  guestName: z.string().trim().min(1).max(200).nullable().optional(),
  guestPhone: phone.nullable().optional(),
  guestEmail: email.nullable().optional(),
  earlyCheckInAt: override,
  lateCheckOutAt: override,
};

// A fresh object per schema: zod normalises refine params in place.
const datesMessage = () => ({ message: DATES_MESSAGE, path: ["checkOutDate"] });

export const stayInput = z
  .object({
    propertyId: z.string().min(1).max(64),
    checkInDate: localDate,
    checkOutDate: localDate,
    summary: z.string().max(500).nullable().optional(),
    reservationCode: z.string().max(100).nullable().optional(),
    ...guest,
  })
  .strict()
  .refine(datesInOrder, datesMessage())
  .openapi("ManualStayInput");

/** Dates can change on manual stays only; a feed's stays follow their calendar and take overrides instead. */
export const stayPatch = z
  .object({ checkInDate: localDate.optional(), checkOutDate: localDate.optional(), ...guest })
  .strict()
  .refine(datesInOrder, datesMessage())
  .openapi("StayPatch");

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
    conflict: z.boolean(),
    echoOf: z.string().nullable().openapi({
      description: "Another platform's copy of the booking held by this stay id (Booking.com echoing an Airbnb booking): not a second reservation, so it gets no code and no message",
    }),
    version: z.number(),
    cancelledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("StaySummary");

/** The full phone number is shown only when one stay is asked for. */
export const stay = staySummary.extend({ guestPhone: z.string().nullable() }).openapi("Stay");

const dateOrInstant = z.union([localDate, instant]);
export const stayListQuery = z.object({
  propertyId: z.string().max(64).optional(),
  feedId: z.string().max(64).optional(),
  status: z.enum(["confirmed", "cancelled"]).optional(),
  kind: z.enum(["reservation", "block", "manual"]).optional(),
  echo: z.enum(["true", "false"]).optional().openapi({ description: "`false`: leave out other platforms' echoes of a booking (what the dashboard shows); `true`: only echoes" }),
  echoOf: z.string().max(64).optional().openapi({ description: "Only the echoes of this stay" }),
  from: dateOrInstant.optional().openapi({ description: "Stays checking out on or after this local date or instant" }),
  to: dateOrInstant.optional().openapi({ description: "Stays checking in on or before this local date or instant" }),
});
