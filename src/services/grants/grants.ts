import { and, desc, eq, inArray, like } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { Db } from "../../db/client";
import type { GrantRow, LockRow, PropertyRow } from "../../db/rows";
import { accessGrantLocks, accessGrants, lockProperties, messages } from "../../db/schema";
import type { GrantStatus } from "../../domain/access";
import { addDays, localDateOf, localToInstant } from "../../domain/calendar/local-time";
import { PinGenerationError } from "../../domain/pin";
import { newId } from "../../lib/ids";
import { choosePinForSpans, pinProblemOn, type PinSpan } from "../access/choose-pin";
import { recordAudit } from "../audit/record-audit";
import { sealGrantContact } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { withdrawQueued } from "../delivery/message-rows";
import { sendGrantMessage } from "../delivery/schedule-grant-message";
import { conflict, invalidField, ServiceError } from "../errors";
import { findContact, findLock, findProperty } from "../lookups";
import type { GrantInput, GrantPatch, GrantScheduleInput } from "./grant-input";
import { effectiveStatus, grantLocks, grantPinAd, openGrantPin } from "./grant-records";
import { planContext, planGrantCodes, reportGrantProblems, wantedWindows } from "./plan-grant";

export type { GrantRow };
export type { GrantInput, GrantPatch };

const DAY_MS = 86_400_000;

type ScheduleColumns = Pick<GrantRow, "kind" | "startsAt" | "endsAt" | "recurrence" | "maxUses">;

/** The schedule as stored: local times read in the property's zone (DST-correct), a recurring grant from today by default. */
function scheduleColumns(input: GrantScheduleInput, zone: string, now: Date): ScheduleColumns {
  const at = (local: string) => localToInstant(local.slice(0, 10), local.slice(11, 16), zone);
  switch (input.kind) {
    case "always":
      return { kind: "always", startsAt: now, endsAt: null, recurrence: null, maxUses: null };
    case "recurring": {
      const startsAt = input.fromDate ? localToInstant(input.fromDate, "00:00", zone) : localToInstant(localDateOf(now, zone), "00:00", zone);
      const endsAt = input.untilDate ? localToInstant(addDays(input.untilDate, 1), "00:00", zone) : null;
      if (endsAt && endsAt.getTime() <= Math.max(startsAt.getTime(), now.getTime())) throw invalidField("schedule.untilDate", "must not be before fromDate or in the past");
      return { kind: "recurring", startsAt, endsAt, recurrence: { weekdays: [...new Set(input.weekdays)].sort(), startTime: input.startTime, endTime: input.endTime }, maxUses: null };
    }
    case "window":
    case "limited_uses": {
      const startsAt = at(input.from);
      const endsAt = at(input.to);
      if (endsAt.getTime() <= startsAt.getTime()) throw invalidField("schedule.to", "must be after from");
      if (endsAt.getTime() <= now.getTime()) throw invalidField("schedule.to", "is already in the past");
      return { kind: input.kind, startsAt, endsAt, recurrence: null, maxUses: input.kind === "limited_uses" ? input.uses : null };
    }
  }
}

/** The property and locks a new grant covers, each the account's own (another account's id reads as missing). */
function targets(db: Db, accountId: string, input: Pick<GrantInput, "propertyId" | "lockIds">): { property: PropertyRow; locks: LockRow[] } {
  const named = [...new Set(input.lockIds ?? [])].map((id) => findLock(db, accountId, id));
  const property = findProperty(db, accountId, input.propertyId ?? named[0]!.propertyId);
  if (named.length === 0) {
    const locks = grantLocks(db, { id: "", accountId, propertyId: property.id, wholeProperty: true });
    if (locks.length === 0) throw invalidField("propertyId", "this property has no lock yet: add one first");
    return { property, locks };
  }
  const serving = new Set(db.select({ lockId: lockProperties.lockId }).from(lockProperties).where(eq(lockProperties.propertyId, property.id)).all().map((r) => r.lockId));
  const stray = named.find((l) => !serving.has(l.id));
  if (stray) throw invalidField("lockIds", `${stray.name} does not serve ${property.name}`);
  return { property, locks: named };
}

const spansOf = (locks: LockRow[], windows: Array<{ from: Date; to: Date }>): PinSpan[] => locks.flatMap((lock) => windows.map((window) => ({ lock, window })));

/** A host's PIN is held to the guest rules: the policy and each lock's rules (422), and no clash on any lock (409 naming it). */
function assertPinFits(deps: Pick<ServiceDeps, "db" | "box">, spans: PinSpan[], pin: string, grantId?: string): void {
  for (const span of spans) {
    const problem = pinProblemOn(deps.db, deps.box, span, pin, { grantId });
    if (!problem) continue;
    if (problem.kind === "rules") throw invalidField("pin", `This PIN cannot go on ${problem.lock.name}: it ${problem.reason}`);
    throw new ServiceError("conflict", `This PIN is already in use on ${problem.lock.name} (lock ${problem.lock.id}) during this grant: choose another`, [
      { path: "pin", message: `already in use on ${problem.lock.name}` },
    ]);
  }
}

/** The spans a PIN is checked on: the windows planned now, or the grant's first day when no occurrence falls in the horizon yet. */
function checkSpans(locks: LockRow[], grant: GrantRow, property: PropertyRow, now: Date): PinSpan[] {
  const windows = wantedWindows(grant, property, now);
  return spansOf(locks, windows.length > 0 ? windows : [{ from: grant.startsAt, to: new Date(grant.startsAt.getTime() + DAY_MS) }]);
}

/**
 * Gives a person access: the grant row, its PIN (the host's, checked, or one drawn by the guest-code policy that fits
 * every lock and window it spans), and one code per lock per window, written in one transaction and programmed by the
 * same jobs as guests' codes. The person is sent the code once the locks have confirmed it (delivery, on grant.ready).
 */
export async function createGrant(deps: ServiceDeps, accountId: string, input: GrantInput, actor: string): Promise<{ grant: GrantRow; pin: string }> {
  const { db, box } = deps;
  const now = deps.clock.now();
  const { property, locks } = targets(db, accountId, input);
  const contact = input.contactId ? findContact(db, accountId, input.contactId) : null;
  const id = newId("grnt");
  const draft: GrantRow = {
    id, accountId, propertyId: property.id, wholeProperty: !input.lockIds, contactId: contact?.id ?? null, name: contact?.name ?? input.name!,
    phoneEnc: null, emailEnc: null, ...scheduleColumns(input.schedule, property.timezone, now), usesSeen: 0,
    pinEnc: "", pinSource: input.pin ? "host" : "generated", status: "active", note: input.note ?? null, revokedAt: null, sentAt: null, version: 1,
    createdAt: now, updatedAt: now,
  };
  const spans = checkSpans(locks, draft, property, now);
  let pin = input.pin;
  if (pin) assertPinFits(deps, spans, pin);
  else {
    try {
      pin = choosePinForSpans(db, box, spans, property.codeLength);
    } catch (e) {
      if (e instanceof PinGenerationError) throw conflict(`No PIN fits every lock of this grant (${e.reason}); give fewer locks or your own PIN`);
      throw e;
    }
  }
  const grant: GrantRow = { ...draft, pinEnc: box.encrypt(pin, grantPinAd(id)), ...sealGrantContact(box, id, contact ? {} : { phone: input.phone ?? null, email: input.email ?? null }) };
  const ctx = planContext(deps);
  db.transaction((tx) => {
    tx.insert(accessGrants).values(grant).run();
    if (input.lockIds) for (const lock of locks) tx.insert(accessGrantLocks).values({ grantId: id, lockId: lock.id }).run();
    planGrantCodes(ctx, grant, property, locks);
    recordAudit(db, deps.clock, {
      accountId, actor, action: "grant.create", subjectType: "access_grant", subjectId: id,
      detail: { kind: grant.kind, lockIds: locks.map((l) => l.id), pinSource: grant.pinSource, contactId: grant.contactId },
    });
  });
  await ctx.follow.run(deps);
  await reportGrantProblems(deps, ctx, grant);
  return { grant: findGrant(db, accountId, id), pin };
}

export function findGrant(db: Db, accountId: string, id: string): GrantRow {
  const row = db.select().from(accessGrants).where(and(eq(accessGrants.id, id), eq(accessGrants.accountId, accountId))).get();
  if (!row) throw new ServiceError("not_found", `access grant ${id} does not exist`);
  return row;
}

export function listGrants(deps: Pick<ServiceDeps, "db" | "clock">, accountId: string, q: { limit: number; cursor?: string; propertyId?: string; status?: GrantStatus }) {
  const page = listAccountPage(deps.db, accessGrants, accountId, [q.propertyId ? eq(accessGrants.propertyId, q.propertyId) : undefined], q);
  if (!q.status) return page;
  // The effective status (ended) is a reading of the clock, not a column: filtered after the page is read.
  const now = deps.clock.now();
  return { ...page, data: page.data.filter((g) => effectiveStatus(g, now) === q.status) };
}

/** A change to a live grant: its end (extend or cut short, the codes move with the same PIN) and its note. */
export async function updateGrant(deps: ServiceDeps, accountId: string, id: string, patch: GrantPatch, actor: string): Promise<GrantRow> {
  const { db } = deps;
  const existing = findGrant(db, accountId, id);
  const now = deps.clock.now();
  if (existing.status === "revoked") throw conflict("this grant was revoked; create a new one");
  const property = findProperty(db, accountId, existing.propertyId);
  const changes: Partial<GrantRow> = {};
  if (patch.to !== undefined) {
    if (existing.kind !== "window" && existing.kind !== "limited_uses") throw invalidField("to", `a ${existing.kind} grant has no window end; ${existing.kind === "recurring" ? "give untilDate" : "revoke it instead"}`);
    const endsAt = localToInstant(patch.to.slice(0, 10), patch.to.slice(11, 16), property.timezone);
    if (endsAt.getTime() <= existing.startsAt.getTime()) throw invalidField("to", "must be after the grant's start");
    if (endsAt.getTime() <= now.getTime()) throw invalidField("to", "is already in the past: revoke the grant to end it now");
    changes.endsAt = endsAt;
  }
  if (patch.untilDate !== undefined) {
    if (existing.kind !== "recurring") throw invalidField("untilDate", "only a recurring grant has a last date");
    const endsAt = patch.untilDate === null ? null : localToInstant(addDays(patch.untilDate, 1), "00:00", property.timezone);
    if (endsAt && endsAt.getTime() <= now.getTime()) throw invalidField("untilDate", "is already in the past: revoke the grant to end it now");
    changes.endsAt = endsAt;
  }
  if (patch.note !== undefined) changes.note = patch.note;
  const next: GrantRow = { ...existing, ...changes, version: existing.version + 1, updatedAt: now };
  const locks = grantLocks(db, existing);
  if (changes.endsAt !== undefined) {
    assertPinFits(deps, checkSpans(locks, next, property, now), openGrantPin(deps.box, existing), existing.id);
  }
  const ctx = planContext(deps);
  db.transaction((tx) => {
    tx.update(accessGrants).set({ ...changes, version: next.version, updatedAt: now }).where(eq(accessGrants.id, id)).run();
    planGrantCodes(ctx, next, property, locks);
    recordAudit(db, deps.clock, {
      accountId, actor, action: "grant.update", subjectType: "access_grant", subjectId: id,
      detail: { ...(changes.endsAt !== undefined ? { endsAt: changes.endsAt?.toISOString() ?? null, previousEndsAt: existing.endsAt?.toISOString() ?? null } : {}), ...(patch.note !== undefined ? { note: "changed" } : {}) },
    });
  });
  await ctx.follow.run(deps);
  await reportGrantProblems(deps, ctx, next);
  if (changes.endsAt !== undefined && existing.sentAt) await deps.events.emit({ type: "grant.changed", grantId: id });
  return findGrant(db, accountId, id);
}

/** Ends a grant now: every code comes off its lock and is read back gone (the revoke jobs); unsent messages are withdrawn. */
export async function revokeGrant(deps: ServiceDeps, accountId: string, id: string, actor: string): Promise<GrantRow> {
  const { db } = deps;
  const existing = findGrant(db, accountId, id);
  if (existing.status === "revoked") return existing;
  const now = deps.clock.now();
  const next: GrantRow = { ...existing, status: "revoked", revokedAt: now, version: existing.version + 1, updatedAt: now };
  const ctx = planContext(deps);
  db.transaction((tx) => {
    tx.update(accessGrants).set({ status: "revoked", revokedAt: now, version: next.version, updatedAt: now }).where(eq(accessGrants.id, id)).run();
    planGrantCodes(ctx, next, findProperty(db, accountId, existing.propertyId), grantLocks(db, existing));
    recordAudit(db, deps.clock, { accountId, actor, action: "grant.revoke", subjectType: "access_grant", subjectId: id });
  });
  await ctx.follow.run(deps);
  for (const m of queuedGrantMessages(db, accountId, id)) await withdrawQueued(deps, m, "access grant was revoked");
  return findGrant(db, accountId, id);
}

/** Messages about a grant that have not gone out (their idempotency keys carry the grant id). */
const queuedGrantMessages = (db: Db, accountId: string, grantId: string) =>
  db.select().from(messages).where(and(eq(messages.accountId, accountId), eq(messages.status, "queued"), like(messages.idempotencyKey, `grant-%_${grantId}_%`))).all();

/** The grant's messages, newest first, for its page. */
export const grantMessages = (db: Db, accountId: string, grantId: string) =>
  db.select().from(messages).where(and(eq(messages.accountId, accountId), like(messages.idempotencyKey, `grant-%_${grantId}_%`), inArray(messages.purpose, ["grant_code", "grant_update"])))
    .orderBy(desc(messages.createdAt)).all();


/** Sends the person their code again, now (they lost the text, changed phones). Refused while no lock has confirmed it yet. */
export async function resendGrant(deps: ServiceDeps, accountId: string, id: string, actor: string): Promise<{ messageId: string }> {
  const grant = findGrant(deps.db, accountId, id);
  if (effectiveStatus(grant, deps.clock.now()) !== "active") throw conflict(`this grant is ${effectiveStatus(grant, deps.clock.now())}; there is no code to send`);
  const messageId = await sendGrantMessage(deps, id, "resend");
  if (!messageId) throw conflict("nothing to send yet: the locks have not all confirmed the code, or the person has no phone or email");
  recordAudit(deps.db, deps.clock, { accountId, actor, action: "grant.resend", subjectType: "access_grant", subjectId: id, detail: { messageId } });
  return { messageId };
}
