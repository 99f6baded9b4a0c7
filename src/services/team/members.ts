import { and, eq, inArray, isNull } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { UserRow } from "../../db/rows";
import { accounts, apiKeys, sessions, userProperties, users } from "../../db/schema";
import { openUserEmail } from "../contact-details/contact-details";
import { retireContactCodes } from "../access/retire-contact-codes";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { conflict } from "../errors";
import { lookups } from "../lookups";
import { actorName, assertOwner } from "./invites";
import type { Actor } from "./scope";

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
  const scopes = rows.length ? deps.db.select().from(userProperties).where(inArray(userProperties.userId, rows.map((r) => r.id))).all() : [];
  return rows.map((u) => ({
    id: u.id, name: u.name, email: openUserEmail(deps.box, u), role: u.role, createdAt: u.createdAt, twoFactor: u.totpEnabledAt !== null,
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
  await follow?.run(deps);
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
