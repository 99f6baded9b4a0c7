import { z } from "@hono/zod-openapi";
import { INVITABLE_ROLES, MEMBER_ROLES } from "../../../domain/team";
import { inviteInput as inviteInputRule, memberUpdateInput as memberUpdateRule } from "../../../services/team/invite-input";

export const member = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    email: z.string(),
    role: z.enum(MEMBER_ROLES),
    propertyIds: z.array(z.string()).openapi({ description: "The properties the member is limited to; empty: every property" }),
    twoFactor: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("Member");

export const invite = z
  .object({
    id: z.string(),
    role: z.enum(INVITABLE_ROLES),
    name: z.string().nullable(),
    channel: z.enum(["email", "sms"]),
    sentTo: z.string().openapi({ description: "Where it went, partly hidden" }),
    propertyIds: z.array(z.string()),
    status: z.enum(["pending", "accepted", "revoked", "expired"]),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("Invite");

export const createdInvite = invite
  .extend({ link: z.string().openapi({ description: "The single-use invitation link, shown once (it is also sent to the invitee)" }) })
  .openapi("CreatedInvite");

export const inviteInput = (inviteInputRule as unknown as z.ZodType<z.infer<typeof inviteInputRule>>).openapi("InviteInput", {
  description: "Invite a manager or cleaner by email or SMS (exactly one of the two), optionally limited to some properties",
});

export const memberUpdate = (memberUpdateRule as unknown as z.ZodType<z.infer<typeof memberUpdateRule>>).openapi("MemberUpdate", {
  description: "Change a member's role (manager or cleaner) or the properties they are limited to (empty: every property); it holds from their next request",
});
