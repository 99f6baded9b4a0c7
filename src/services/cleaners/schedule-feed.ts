import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { PropertyRow, TurnoverRow } from "../../db/rows";
import { contacts, properties, propertyCleaners, turnovers } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { hashToken } from "../../lib/tokens";

const HORIZON_DAYS = 90;
const MAX_EVENTS = 500;

export interface ScheduledTurnover {
  turnover: TurnoverRow;
  property: PropertyRow;
}

/**
 * What a cleaner's personal calendar feed holds: their upcoming turnovers (the next 90 days) at the properties they
 * are assigned to, found by the feed token alone (stored hashed, revocable). Null for an unknown or revoked token, or
 * a contact that is no longer a cleaner. No PIN: calendar servers fetch and cache the feed indefinitely.
 */
export function cleanerScheduleByToken({ db, clock }: Pick<CoreDeps, "db" | "clock">, token: string): { name: string; turnovers: ScheduledTurnover[] } | null {
  const contact = db.select().from(contacts).where(and(eq(contacts.icalTokenHash, hashToken(token)), eq(contacts.role, "cleaner"))).get();
  if (!contact) return null;
  const now = clock.now();
  const rows = db.select({ turnover: turnovers, property: properties }).from(turnovers)
    .innerJoin(properties, eq(properties.id, turnovers.propertyId))
    .innerJoin(propertyCleaners, and(eq(propertyCleaners.propertyId, turnovers.propertyId), eq(propertyCleaners.contactId, contact.id)))
    .where(and(
      eq(properties.accountId, contact.accountId), eq(turnovers.status, "scheduled"),
      gt(turnovers.endsAt, now), lt(turnovers.startsAt, new Date(now.getTime() + HORIZON_DAYS * 86_400_000)),
    ))
    .orderBy(asc(turnovers.startsAt)).limit(MAX_EVENTS).all();
  return { name: contact.name, turnovers: rows };
}
