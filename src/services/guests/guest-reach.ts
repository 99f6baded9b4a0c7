import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import type { PropertyRow, StayRow } from "../../db/rows";
import { alerts, properties, stays } from "../../db/schema";
import { isGuestStay } from "../../domain/access";
import { formatLocal } from "../../domain/messages";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";
import { guestStays } from "../stays/guest-stays";

export const guestUnreachableKey = (stayId: string) => `guest_unreachable:${stayId}`;

/** A stay read whole, or as the stays list reads it (whether there is a phone, not the sealed phone). */
type ReachFacts = Pick<StayRow, "id" | "status" | "kind" | "echoOfStayId" | "guestEmailEnc" | "guestPageOpenedAt"> &
  ({ guestPhoneEnc: string | null } | { hasGuestPhone: number });

const hasPhone = (stay: ReachFacts) => ("hasGuestPhone" in stay ? stay.hasGuestPhone !== 0 : stay.guestPhoneEnc !== null);

/** Nobody can tell this guest their code: no phone, no email, and they never opened the guest page. */
const noWayToGuest = (stay: ReachFacts) => isGuestStay(stay) && !hasPhone(stay) && stay.guestEmailEnc === null && stay.guestPageOpenedAt === null;

// Asked for every page of the stays list: one statement prepared once, the ids bound as a JSON array.
const confirmedCodeStays = preparedOnce((db: Db) =>
  db.$client.prepare<{ ids: string }, { stayId: string }>(
    `SELECT coalesce(assigned_stay_id, stay_id) AS stayId FROM access_codes WHERE state = 'active' AND (
       (purpose = 'guest' AND stay_id IN (SELECT value FROM json_each(@ids))) OR
       (purpose = 'backup' AND assigned_stay_id IN (SELECT value FROM json_each(@ids))))`,
  ),
);

/** The stays (of those given) whose guest code is confirmed on the lock: their own, or a backup handed to them. */
function withConfirmedCode(db: Db, stayIds: string[]): Set<string> {
  if (stayIds.length === 0) return new Set();
  return new Set(confirmedCodeStays(db).all({ ids: JSON.stringify(stayIds) }).map((r) => r.stayId));
}

/**
 * Which of these stays are `unreachable`: a code confirmed on the lock that nobody can hand over, because the stay has
 * no phone or email and its guest never opened the guest page. From the moment the code is confirmed; the API and the
 * dashboard show it, and `checkGuestReach` alerts the host at the property's lead before check-in.
 */
export function unreachableStays(db: Db, rows: ReachFacts[]): Set<string> {
  const candidates = rows.filter(noWayToGuest).map((s) => s.id);
  return withConfirmedCode(db, candidates);
}

/**
 * The `alerts.check-guest-reach` sweep (every 15 minutes): each stay whose property's `unreachableAlertLeadMinutes`
 * before check-in has come and whose guest still cannot be reached raises one `guest_unreachable` warning; each open
 * one whose guest can now be reached (they registered, opened the page, or the host typed a contact), or whose stay
 * is cancelled or over, is resolved.
 */
export async function checkGuestReach(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">): Promise<{ raised: number }> {
  const { db, clock } = deps;
  const now = clock.now();
  const upcoming = db.select({ stay: stays, property: properties }).from(stays)
    .innerJoin(properties, eq(properties.id, stays.propertyId))
    .where(and(guestStays(), gt(stays.checkOutAt, now), isNull(stays.guestPhoneEnc), isNull(stays.guestEmailEnc), isNull(stays.guestPageOpenedAt)))
    .all()
    .filter(({ stay, property }) => (stay.earlyCheckInAt ?? stay.checkInAt).getTime() - property.unreachableAlertLeadMinutes * 60_000 <= now.getTime());
  const due = unreachableStays(db, upcoming.map((u) => u.stay));
  const open = db.select({ accountId: alerts.accountId, subjectId: alerts.subjectId }).from(alerts)
    .where(and(eq(alerts.kind, "guest_unreachable"), eq(alerts.status, "open"))).all();

  const transitions = db.transaction(() => {
    const out: Array<AlertTransition | null> = [];
    for (const { stay, property } of upcoming) if (due.has(stay.id)) out.push(raiseUnreachable(deps, stay, property));
    for (const alert of open.filter((a) => !due.has(a.subjectId))) out.push(resolveIfReachable(db, deps.clock, alert.accountId, alert.subjectId));
    return out;
  });
  await notifyAlertChanges(deps, transitions);
  return { raised: due.size };
}

function raiseUnreachable(deps: Pick<ServiceDeps, "db" | "clock">, stay: StayRow, property: PropertyRow): AlertTransition {
  const who = stay.guestName ? ` (${stay.guestName})` : stay.reservationCode ? ` (${stay.reservationCode})` : "";
  return raiseAlert(deps.db, deps.clock, {
    accountId: stay.accountId, kind: "guest_unreachable", severity: "warning", subjectType: "stay", subjectId: stay.id, dedupeKey: guestUnreachableKey(stay.id),
    title: `Guest at ${property.name} arriving ${formatLocal(stay.earlyCheckInAt ?? stay.checkInAt, property.timezone, property.locale)}${who} cannot be reached`,
    detail: "The door code is on the lock, but the stay has no phone or email and the guest has not opened the guest page. Send them the guest link from the stay page, or add their phone or email.",
  });
}

/** Resolves the stay's open `guest_unreachable` alert unless the guest still cannot be reached (an ended stay counts as reached: nothing to hand over). */
function resolveIfReachable(db: Db, clock: ServiceDeps["clock"], accountId: string, stayId: string): AlertTransition | null {
  const stay = db.select().from(stays).where(eq(stays.id, stayId)).get();
  const over = !stay || stay.checkOutAt.getTime() <= clock.now().getTime();
  if (!over && noWayToGuest(stay)) return null;
  return resolveAlert(db, clock, accountId, guestUnreachableKey(stayId));
}

/** The guest registered, opened the page, or the host added a contact: the stay's alert, if any, resolves now. */
export async function resolveGuestUnreachable(deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "alertPolicy" | "events">, stayId: string): Promise<void> {
  const open = deps.db.select({ accountId: alerts.accountId }).from(alerts)
    .where(and(eq(alerts.dedupeKey, guestUnreachableKey(stayId)), eq(alerts.status, "open"))).get();
  if (!open) return;
  await notifyAlertChanges(deps, [resolveIfReachable(deps.db, deps.clock, open.accountId, stayId)]);
}

/** One stay's `unreachable`, for its page. */
export function isStayUnreachable(db: Db, stayId: string): boolean {
  const stay = db.select().from(stays).where(eq(stays.id, stayId)).get();
  return stay !== undefined && unreachableStays(db, [stay]).has(stay.id);
}
