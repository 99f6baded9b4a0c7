import { and, eq, inArray, isNull } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { UserRow } from "../../db/rows";
import { accounts, apiKeys, contacts, passkeys, propertyCleaners, sessions, userProperties, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { openUserEmail, sealContactDetails } from "../contact-details/contact-details";
import { retireContactCodes } from "../access/retire-contact-codes";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { conflict } from "../errors";
import { lookups } from "../lookups";
import { actorName, assertOwner } from "./invites";
import type { MemberUpdateInput } from "./invite-input";
import { memberPropertyIds, type Actor } from "./scope";
import { forgetVerifiedApiKeys } from "../accounts/api-keys";

export interface MemberView {
  id: string;
  name: string | null;
  email: string;
  role: UserRow["role"];
  /** Empty: every property. */
  propertyIds: string[];
  twoFactor: boolean;
  createdAt: Date;
}

function memberViews(deps: Pick<ServiceDeps, "db" | "box">, rows: UserRow[]): MemberView[] {
  const ids = rows.map((r) => r.id);
  const scopes = rows.length ? deps.db.select().from(userProperties).where(inArray(userProperties.userId, ids)).all() : [];
  const withPasskey = new Set(rows.length ? deps.db.select({ userId: passkeys.userId }).from(passkeys).where(inArray(passkeys.userId, ids)).all().map((p) => p.userId) : []);
  return rows.map((u) => ({
    id: u.id, name: u.name, email: openUserEmail(deps.box, u), role: u.role, createdAt: u.createdAt, twoFactor: u.totpEnabledAt !== null || withPasskey.has(u.id),
    propertyIds: scopes.filter((s) => s.userId === u.id).map((s) => s.propertyId),
  }));
}

/** One page of the account's members, oldest first (the owner signed up first). */
export function listMembers(deps: Pick<ServiceDeps, "db" | "box">, accountId: string, q: { limit: number; cursor?: string } = { limit: 500 }) {
  const p = listAccountPage(deps.db, users, accountId, [], q);
  return { data: memberViews(deps, p.data), nextCursor: p.nextCursor };
}

/**
 * Removes a member at once: their sessions end and their API keys are revoked in the same transaction (the next
 * request with either is refused), and a cleaner's door codes are revoked. The owner cannot be removed.
 */
export async function removeMember(deps: ServiceDeps, actor: Actor, userId: string): Promise<void> {
  assertOwner(actor);
  const { db, clock } = deps;
  const member = lookups.member.find(db, actor.accountId, userId);
  if (member.role === "owner") throw conflict("the account's owner cannot be removed");
  const follow = db.transaction(() => {
    const now = clock.now();
    const keys = db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.userId, member.id), isNull(apiKeys.revokedAt))).run().changes;
    const ended = db.delete(sessions).where(eq(sessions.userId, member.id)).run().changes;
    const codes = member.role === "cleaner" && member.contactId ? retireContactCodes(deps, actor.accountId, member.contactId) : null;
    db.delete(users).where(eq(users.id, member.id)).run();
    recordAudit(db, clock, {
      accountId: actor.accountId, actor: actorName(actor), action: "team.member.remove", subjectType: "user", subjectId: member.id,
      detail: { role: member.role, sessionsEnded: ended, keysRevoked: keys, codesRetired: codes?.size ?? 0 },
    });
    return codes;
  });
  forgetVerifiedApiKeys(db);
  await follow?.run(deps);
}

/** One member, as the team lists them. */
export function findMemberView(deps: Pick<ServiceDeps, "db" | "box">, accountId: string, userId: string): MemberView {
  return memberViews(deps, [lookups.member.find(deps.db, accountId, userId)])[0]!;
}

/**
 * The owner changes a member's role or properties; it holds from their next request (role and scope are read on every
 * one). A manager made a cleaner loses their API keys (a cleaner has no API) and gets a cleaner contact for their codes;
 * a cleaner made a manager, or taken off a property, loses the door codes they held there.
 */
export async function updateMember(deps: ServiceDeps, actor: Actor, userId: string, input: MemberUpdateInput): Promise<MemberView> {
  assertOwner(actor);
  const { db, box, clock } = deps;
  const member = lookups.member.find(db, actor.accountId, userId);
  if (member.role === "owner") throw conflict("the account's owner keeps every property and the owner's role");
  const role = input.role ?? member.role;
  const before = memberPropertyIds(db, member.id) ?? [];
  const after = input.propertyIds ? [...new Set(input.propertyIds)] : before;
  for (const id of after) lookups.property.find(db, actor.accountId, id);
  const follow = db.transaction(() => {
    const now = clock.now();
    let contactId = member.contactId;
    let keysRevoked = 0;
    let retired = null;
    if (role === "cleaner" && member.role !== "cleaner") {
      keysRevoked = db.update(apiKeys).set({ revokedAt: now }).where(and(eq(apiKeys.userId, member.id), isNull(apiKeys.revokedAt))).run().changes;
      if (!contactId) {
        contactId = newId("ctc");
        db.insert(contacts).values({ id: contactId, accountId: actor.accountId, role: "cleaner", name: member.name ?? "Cleaner", ...sealContactDetails(box, contactId, { email: openUserEmail(box, member) }), createdAt: now, updatedAt: now }).run();
      }
    } else if (role !== "cleaner" && member.role === "cleaner" && contactId) {
      retired = retireContactCodes(deps, actor.accountId, contactId);
      contactId = null;
    } else if (role === "cleaner" && contactId && after.length) {
      const cleans = db.select({ id: propertyCleaners.propertyId }).from(propertyCleaners).where(eq(propertyCleaners.contactId, contactId)).all().map((p) => p.id);
      retired = retireContactCodes(deps, actor.accountId, contactId, cleans.filter((p) => !after.includes(p)));
    }
    if (role === "cleaner" && contactId) for (const propertyId of after) db.insert(propertyCleaners).values({ propertyId, contactId }).onConflictDoNothing().run();
    db.update(users).set({ role, contactId }).where(eq(users.id, member.id)).run();
    db.delete(userProperties).where(eq(userProperties.userId, member.id)).run();
    for (const propertyId of after) db.insert(userProperties).values({ userId: member.id, propertyId }).run();
    recordAudit(db, clock, {
      accountId: actor.accountId, actor: actorName(actor), action: "team.member.update", subjectType: "user", subjectId: member.id,
      detail: { from: member.role, to: role, properties: after.length, keysRevoked, codesRetired: retired?.size ?? 0 },
    });
    return retired;
  });
  forgetVerifiedApiKeys(db);
  await follow?.run(deps);
  return findMemberView(deps, actor.accountId, member.id);
}

/** The owner's setting: every member must add a second factor before the dashboard opens for them. */
export function setRequireTwoFactor(deps: Pick<ServiceDeps, "db" | "clock">, actor: Actor, required: boolean): void {
  assertOwner(actor);
  deps.db.transaction(() => {
    deps.db.update(accounts).set({ requireTwoFactor: required }).where(eq(accounts.id, actor.accountId)).run();
    recordAudit(deps.db, deps.clock, { accountId: actor.accountId, actor: actorName(actor), action: required ? "account.two_factor.require" : "account.two_factor.optional", subjectType: "account", subjectId: actor.accountId });
  });
}

export function accountSettings(deps: Pick<ServiceDeps, "db">, accountId: string): { name: string; requireTwoFactor: boolean } {
  return deps.db.select({ name: accounts.name, requireTwoFactor: accounts.requireTwoFactor }).from(accounts).where(eq(accounts.id, accountId)).get()!;
}
