import { z } from "@hono/zod-openapi";
import { reachable } from "../../../services/contacts/contacts";
import { displayName, email, patchOf, phone } from "../../common-schemas";

const contactFields = z
  .object({
    role: z.enum(["cleaner", "alerts"]).openapi({ description: "`cleaner` receives turnover codes; `alerts` receives host alerts" }),
    name: displayName(200),
    phone: phone.nullable().optional(),
    email: email.nullable().optional(),
  })
  .strict();

const unreachable = { message: "give a phone or an email: a contact must be reachable", path: ["phone"] };

export const contactInput = contactFields.refine(reachable, unreachable).openapi("ContactInput");

/** Reachability of a patch is judged on the merged contact by the service, where the stored values are known. */
export const contactPatch = patchOf(contactFields).openapi("ContactPatch");

export const contact = z
  .object({
    id: z.string(),
    role: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    hasIcalFeed: z.boolean().openapi({ description: "Whether a personal schedule feed token has been issued" }),
    propertyIds: z.array(z.string()).openapi({ description: "Properties this cleaner is assigned to" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Contact");

export const contactListQuery = z.object({ role: z.enum(["cleaner", "alerts"]).optional() });
