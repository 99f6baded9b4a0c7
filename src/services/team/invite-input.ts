import { z } from "zod";
import { INVITABLE_ROLES } from "../../domain/team";
import { displayName, email, phone } from "../input-fields";

/** What the owner gives to invite someone (API and dashboard alike). */
export const inviteInput = z
  .object({
    role: z.enum(INVITABLE_ROLES),
    name: displayName(100),
    email: email.optional(),
    phone: phone.optional(),
    /** Empty or absent: every property. */
    propertyIds: z.array(z.string().max(64)).max(500).optional(),
    /** A cleaner's invite may name the cleaner contact who already gets their codes; otherwise one is made. */
    contactId: z.string().max(64).optional(),
  })
  .strict()
  .refine((v) => Boolean(v.email) !== Boolean(v.phone), { message: "give either an email or a phone number", path: ["email"] });
export type InviteInput = z.infer<typeof inviteInput>;

export const acceptInviteInput = z
  .object({
    /** The sign-in email; an email invite's own address when absent. */
    email: email.optional(),
    name: displayName(100).optional(),
    password: z.string().max(200),
  })
  .strict();
export type AcceptInviteInput = z.infer<typeof acceptInviteInput>;

/** The owner's change to a member: their role, their properties, or both. */
export const memberUpdateInput = z
  .object({
    role: z.enum(INVITABLE_ROLES).optional(),
    /** Empty: every property. */
    propertyIds: z.array(z.string().max(64)).max(500).optional(),
  })
  .strict()
  .refine((v) => v.role !== undefined || v.propertyIds !== undefined, { message: "give a role, properties or both", path: ["role"] });
export type MemberUpdateInput = z.infer<typeof memberUpdateInput>;
