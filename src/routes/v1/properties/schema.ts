import { z } from "@hono/zod-openapi";
import { propertyInput as serviceInput, propertyPatch as servicePatch } from "../../../services/properties/property-input";

/** The service's own input schemas, named for the OpenAPI document. */
export const propertyInput = serviceInput.openapi("PropertyInput");
export const propertyPatch = servicePatch.openapi("PropertyPatch");

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
    checkinLink: z.string().openapi({ description: "The property's guest check-in link: paste it once into the platforms' scheduled messages; guests find their stay there with the reservation code and the phone's last 4 digits" }),
    arrivalNotice: z.enum(["off", "sms", "email", "any"]),
    arrivalWelcome: z.boolean(),
    noArrivalAlertMinutes: z.number().nullable(),
    autoCheckoutOnLock: z.boolean(),
    templates: z.record(z.string(), z.string()),
    cleanerIds: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Property");
