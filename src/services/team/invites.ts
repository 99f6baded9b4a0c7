import { and, eq, gt, inArray, isNull } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { InviteRow } from "../../db/rows";
import { accounts, contacts, invites, properties, propertyCleaners, userProperties, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { checkNewPassword, hashPassword, PasswordRejectedError } from "../../lib/password";
import { hashToken, newToken } from "../../lib/tokens";
import { recordAudit } from "../audit/record-audit";
import { openInviteRecipient, sealContactDetails, sealInviteRecipient, sealUserEmail } from "../contact-details/contact-details";
import { findUserByEmail } from "../accounts/create-account";
import { insertAccountNotice, sendAccountNotice } from "../delivery/account-notices";
import type { ServiceDeps } from "../deps";
import { conflict, forbidden, invalidField, notFound } from "../errors";
import { lookups } from "../lookups";
import type { AcceptInviteInput, InviteInput } from "./invite-input";
import type { Actor } from "./scope";

/** Long enough to reach someone over a weekend, short enough that a forwarded link soon stops working. */
export const INVITE_TTL_MS = 48 * 60 * 60 * 1000;

export interface InviteView {
  id: string;
  role: InviteRow["role"];
  name: string | null;
  channel: InviteRow["channel"];
  /** Where it went, partly hidden: enough to tell invites apart. */
  sentTo: string;
  propertyIds: string[];
  status: "pending" | "accepted" | "revoked" | "expired";
  createdAt: Date;
  expiresAt: Date;
}

const maskRecipient = (to: string) => (to.includes("@") ? to.replace(/^(.)[^@]*/, "$1…") : `…${to.slice(-4)}`);

function statusOf(row: InviteRow, now: Date): InviteView["status"] {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

function view(deps: Pick<ServiceDeps, "box" | "clock">, row: InviteRow): InviteView {
  return {
    id: row.id, role: row.role, name: row.name, channel: row.channel, sentTo: maskRecipient(openInviteRecipient(deps.box, row)),
    propertyIds: row.propertyIds, status: statusOf(row, deps.clock.now()), createdAt: row.createdAt, expiresAt: row.expiresAt,
  };
}

const accountName = (db: ServiceDeps["db"], accountId: string) => db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId)).get()?.name ?? "staykey";

export const assertOwner = (actor: Pick<Actor, "role">) => {
  if (actor.role !== "owner") throw forbidden("only the account's owner manages the team");
};

export const inviteLink = (baseUrl: string, token: string) => `${baseUrl}/invite/${token}`;

/**
 * The owner invites someone by email or SMS: a single-use link (only its hash stored) that works for 48 hours. The link
 * is also returned, once, so the owner can hand it over themselves; the message itself waits in the outbox when no
 * SMTP or Twilio is configured.
 */
export async function createInvite(deps: ServiceDeps, actor: Actor, input: InviteInput, baseUrl: string): Promise<{ invite: InviteView; link: string }> {
  assertOwner(actor);
  const { db, box, clock } = deps;
  const to = (input.email ?? input.phone)!;
  const channel = input.email ? "email" : "sms";
  const propertyIds = [...new Set(input.propertyIds ?? [])];
  for (const id of propertyIds) lookups.property.find(db, actor.accountId, id);
  if (input.email && findUserByEmail(deps, input.email)) throw invalidField("email", "someone with this email already has a staykey sign-in");
  let contactId: string | null = null;
  if (input.role === "cleaner" && input.contactId) {
    const contact = lookups.contact.find(db, actor.accountId, input.contactId);
    if (contact.role !== "cleaner") throw invalidField("contactId", "this contact is not a cleaner");
    contactId = contact.id;
  }
  const token = newToken("inv");
  const id = newId("inv");
  const now = clock.now();
  const link = inviteLink(baseUrl, token);
  const account = accountName(db, actor.accountId);
  const roleWords = input.role === "manager" ? "a manager" : "a cleaner";
  const text = (l: string) => `${input.name}, you are invited to ${account} on staykey as ${roleWords}. Set your password here within 48 hours: ${l}`;
  const notice = db.transaction(() => {
    if (input.role === "cleaner" && !contactId) {
      // The cleaner's codes go to a contact: made now, so the owner can assign it to turnovers before they accept.
      contactId = newId("ctc");
      db.insert(contacts).values({ id: contactId, accountId: actor.accountId, role: "cleaner", name: input.name, ...sealContactDetails(box, contactId, { phone: input.phone ?? null, email: input.email ?? null }), createdAt: now, updatedAt: now }).run();
      for (const propertyId of propertyIds) db.insert(propertyCleaners).values({ propertyId, contactId }).onConflictDoNothing().run();
    }
    db.insert(invites).values({
      id, accountId: actor.accountId, role: input.role, name: input.name, channel, recipientEnc: sealInviteRecipient(box, id, to), propertyIds, contactId,
      tokenHash: hashToken(token), invitedBy: actor.userId, createdAt: now, expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
    }).run();
    recordAudit(db, clock, { accountId: actor.accountId, actor: actorName(actor), action: "team.invite", subjectType: "invite", subjectId: id, detail: { role: input.role, channel, properties: propertyIds.length } });
    return insertAccountNotice(db, deps, { accountId: actor.accountId, channel, to, purpose: "team_invite", subject: `Your invitation to ${account} on staykey`, body: text(link), maskedBody: text("[link hidden]") });
  });
  await sendAccountNotice(deps, notice);
  return { invite: view(deps, db.select().from(invites).where(eq(invites.id, id)).get()!), link };
}

export const actorName = (actor: Pick<Actor, "userId">) => (actor.userId ? `user:${actor.userId}` : "system");

/** One page of the account's invitations, oldest first. */
export function listInvites(deps: Pick<ServiceDeps, "db" | "box" | "clock">, actor: Actor, q: { limit: number; cursor?: string } = { limit: 500 }) {
  assertOwner(actor);
  const p = listAccountPage(deps.db, invites, actor.accountId, [], q);
  return { data: p.data.map((r) => view(deps, r)), nextCursor: p.nextCursor };
}

export function revokeInvite(deps: Pick<ServiceDeps, "db" | "clock">, actor: Actor, inviteId: string): void {
  assertOwner(actor);
  const row = lookups.invite.find(deps.db, actor.accountId, inviteId);
  deps.db.transaction(() => {
    const changed = deps.db.update(invites).set({ revokedAt: deps.clock.now() }).where(and(eq(invites.id, row.id), isNull(invites.acceptedAt), isNull(invites.revokedAt))).run();
    if (changed.changes) recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: actorName(actor), action: "team.invite.revoke", subjectType: "invite", subjectId: row.id });
  });
}

/** An invite that can still be accepted, by its link's token; null for unknown, used, revoked or expired ones alike. */
export function openInvite(deps: Pick<ServiceDeps, "db" | "box" | "clock">, token: string): { id: string; accountName: string; role: InviteRow["role"]; name: string | null; email: string | null } | null {
  const row = deps.db
    .select()
    .from(invites)
    .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, deps.clock.now())))
    .get();
  if (!row) return null;
  return { id: row.id, accountName: accountName(deps.db, row.accountId), role: row.role, name: row.name, email: row.channel === "email" ? openInviteRecipient(deps.box, row) : null };
}

/**
 * The invitee sets a password and becomes a member: once (the invite is claimed by a conditional update, so two tabs
 * racing make one member), before it expires. An SMS invitee gives the email they will sign in with.
 */
export async function acceptInvite(deps: ServiceDeps, token: string, input: AcceptInviteInput): Promise<{ userId: string; accountId: string; role: InviteRow["role"] }> {
  const { db, box, clock } = deps;
  const invite = openInvite(deps, token);
  if (!invite) throw notFound("invite");
  const email = invite.email ?? input.email;
  if (!email) throw invalidField("email", "give the email you will sign in with");
  try {
    checkNewPassword(input.password);
  } catch (e) {
    if (e instanceof PasswordRejectedError) throw invalidField("password", e.message);
    throw e;
  }
  if (findUserByEmail(deps, email)) throw invalidField("email", "someone with this email already has a staykey sign-in");
  const passwordHash = await hashPassword(input.password);
  const row = db.select().from(invites).where(eq(invites.id, invite.id)).get()!;
  const userId = newId("user");
  const now = clock.now();
  db.transaction(() => {
    const claimed = db.update(invites).set({ acceptedAt: now, acceptedUserId: userId }).where(and(eq(invites.id, row.id), isNull(invites.acceptedAt), isNull(invites.revokedAt), gt(invites.expiresAt, now))).run();
    if (!claimed.changes) throw conflict("this invitation was used already");
    db.insert(users).values({ id: userId, accountId: row.accountId, ...sealUserEmail(box, userId, email), name: input.name ?? row.name, role: row.role, passwordHash, contactId: row.contactId, createdAt: now }).run();
    // Properties deleted since the invite are skipped; if none is left the member would reach every property, so refuse.
    const stillThere = row.propertyIds.length
      ? db.select({ id: properties.id }).from(properties).where(and(eq(properties.accountId, row.accountId), inArray(properties.id, row.propertyIds))).all().map((p) => p.id)
      : [];
    if (row.propertyIds.length && !stillThere.length) throw conflict("the properties this invitation was for no longer exist; ask for a new one");
    for (const propertyId of stillThere) db.insert(userProperties).values({ userId, propertyId }).run();
    recordAudit(db, clock, { accountId: row.accountId, actor: `user:${userId}`, action: "team.invite.accept", subjectType: "user", subjectId: userId, detail: { role: row.role, inviteId: row.id } });
  });
  return { userId, accountId: row.accountId, role: row.role };
}
