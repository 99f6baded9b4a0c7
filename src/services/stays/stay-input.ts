import { z } from "zod";
import { displayName, email, instant, localDate, localTime, phone } from "../input-fields";
import { DATES_MESSAGE, datesInOrder } from "./stay-times";

/** An override is an instant, or a local time read on the stay's check-in (early) / checkout (late) date. */
const override = z
  .union([instant, localTime])
  .nullable()
  .optional()
  .meta({ description: "An instant (`2026-12-24T13:00:00Z`) or a local time (`13:00`) on the stay's date in the property's zone; null clears it" });

const guest = {
  guestName: displayName(200).nullable().optional(),
  guestPhone: phone.nullable().optional(),
  guestEmail: email.nullable().optional(),
  earlyCheckInAt: override,
  lateCheckOutAt: override,
};

// A fresh object per schema: zod normalises refine params in place.
const datesMessage = () => ({ message: DATES_MESSAGE, path: ["checkOutDate"] });

/** A stay the host enters by hand (the API's POST /stays). */
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
  .refine(datesInOrder, datesMessage());

/**
 * A change to a stay, as the API's PATCH and the dashboard's overrides and guest contact forms are read. Dates can
 * change on manual stays only; a feed's stays follow their calendar and take overrides instead (updateStay).
 */
export const stayPatch = z
  .object({ checkInDate: localDate.optional(), checkOutDate: localDate.optional(), ...guest })
  .strict()
  .refine(datesInOrder, datesMessage());

