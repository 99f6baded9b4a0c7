import { and, eq, isNull } from "drizzle-orm";
import type { GrantRow } from "../../db/rows";
import { accessGrants, contacts, locks, properties } from "../../db/schema";
import { composeGrantMessage } from "../../domain/messages/grant-message";
import { openContact, openGrantContact } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { effectiveStatus, liveGrantCodes, openGrantPin } from "../grants/grant-records";
import { enqueueDelivery, queueMessage } from "./message-rows";
import { cleanerRecipient, type Recipient } from "./recipients";

export type GrantMessageKind = "first" | "update" | "resend";

/** Whom a grant's code goes to: one channel, like a cleaner (a text to a reachable phone, else email). */
function grantRecipient(deps: ServiceDeps, grant: GrantRow): Recipient | null {
  if (grant.contactId) {
    const contact = deps.db.select().from(contacts).where(and(eq(contacts.id, grant.contactId), eq(contacts.accountId, grant.accountId))).get();
    return contact ? cleanerRecipient(deps, openContact(deps.box, contact)) : null;
  }
  return cleanerRecipient(deps, openGrantContact(deps.box, grant));
}

/**
 * The doors a grant's code opens right now, once the locks have confirmed it: the codes of its earliest live window,
 * every one of which must be read back as set (a code still being set holds the message back; one that failed is left
 * out, and the host has its alert). Undefined while not ready.
 */
function readyDoors(deps: ServiceDeps, grant: GrantRow): string[] | undefined {
  const codes = liveGrantCodes(deps.db, grant.id);
  if (codes.length === 0) return undefined;
  const first = Math.min(...codes.map((c) => c.validFrom.getTime()));
  const current = codes.filter((c) => c.validFrom.getTime() === first && c.state !== "failed");
  if (current.length === 0 || current.some((c) => c.state !== "active")) return undefined;
  const names = current.map((c) => deps.db.select({ name: locks.name }).from(locks).where(eq(locks.id, c.lockId)).get()?.name ?? "");
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

/**
 * Sends a grant's person their code: the first message once every lock has confirmed it (grant.ready; later
 * confirmations find it sent), an update after the host moved its end, or a resend the host asked for. Nothing for a
 * revoked or finished grant, or a person with no reachable phone or email. Returns the message id queued, if any.
 */
export async function sendGrantMessage(deps: ServiceDeps, grantId: string, kind: GrantMessageKind): Promise<string | undefined> {
  const grant = deps.db.select().from(accessGrants).where(eq(accessGrants.id, grantId)).get();
  const now = deps.clock.now();
  if (!grant || effectiveStatus(grant, now) !== "active") return undefined;
  if (kind === "first" && grant.sentAt) return undefined;
  const doors = readyDoors(deps, grant);
  if (!doors) return undefined;
  const recipient = grantRecipient(deps, grant);
  if (!recipient) return undefined;
  const property = deps.db.select().from(properties).where(eq(properties.id, grant.propertyId)).get()!;
  const message = composeGrantMessage({
    kind: grant.kind, personName: grant.name, propertyName: property.name, doors, pin: openGrantPin(deps.box, grant), zone: property.timezone,
    locale: property.locale, startsAt: grant.startsAt, endsAt: grant.endsAt, recurrence: grant.recurrence, maxUses: grant.maxUses, update: kind === "update",
  });
  const key = {
    first: `grant-code_${grant.id}_${recipient.channel}`,
    update: `grant-update_${grant.id}_v${grant.version}_${recipient.channel}`,
    resend: `grant-resend_${grant.id}_${now.getTime()}_${recipient.channel}`,
  }[kind];
  const { row, created } = queueMessage(deps, {
    accountId: grant.accountId, propertyId: grant.propertyId, contactId: grant.contactId, channel: recipient.channel, recipient: recipient.to,
    purpose: kind === "update" ? "grant_update" : "grant_code", subject: message.subject, body: message.body, maskedBody: message.maskedBody, idempotencyKey: key, sendAt: now,
  });
  if (kind === "first") deps.db.update(accessGrants).set({ sentAt: now }).where(and(eq(accessGrants.id, grant.id), isNull(accessGrants.sentAt))).run();
  if (created) await enqueueDelivery(deps, row);
  return row.id;
}
