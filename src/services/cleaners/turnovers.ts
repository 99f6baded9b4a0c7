import { and, asc, eq, gte, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, locks, properties, propertyCleaners, turnovers, type CodeState } from "../../db/schema";
import type { SecretBox } from "../../lib/crypto";
import { openPin } from "../access/code-records";
import { pinReadable } from "../access/reveal-pin";

export interface CleanerTurnover {
  id: string;
  propertyName: string;
  address: string | null;
  timezone: string;
  locale: string;
  startsAt: Date;
  endsAt: Date;
  codes: { lockName: string; state: CodeState; validFrom: Date; validTo: Date; pin: string | null }[];
}

/**
 * A cleaner's schedule: turnovers at the properties they are assigned to, with only the codes issued to
 * them (never a guest's, never another cleaner's). Scoped by account and contact in the query itself.
 */
export function cleanerTurnovers(db: Db, box: SecretBox, scope: { accountId: string; contactId: string }, now: Date, limit = 100): CleanerTurnover[] {
  const propertyIds = db
    .select({ id: propertyCleaners.propertyId })
    .from(propertyCleaners)
    .innerJoin(properties, eq(properties.id, propertyCleaners.propertyId))
    .where(and(eq(propertyCleaners.contactId, scope.contactId), eq(properties.accountId, scope.accountId)))
    .all()
    .map((r) => r.id);
  if (propertyIds.length === 0) return [];
  const rows = db
    .select({ turnover: turnovers, property: properties })
    .from(turnovers)
    .innerJoin(properties, eq(properties.id, turnovers.propertyId))
    .where(and(eq(turnovers.accountId, scope.accountId), inArray(turnovers.propertyId, propertyIds), eq(turnovers.status, "scheduled"), gte(turnovers.endsAt, now)))
    .orderBy(asc(turnovers.startsAt))
    .limit(limit)
    .all();
  const codes = rows.length
    ? db
        .select({ code: accessCodes, lockName: locks.name })
        .from(accessCodes)
        .innerJoin(locks, eq(locks.id, accessCodes.lockId))
        .where(and(
          eq(accessCodes.accountId, scope.accountId),
          eq(accessCodes.contactId, scope.contactId),
          eq(accessCodes.purpose, "cleaner"),
          inArray(accessCodes.turnoverId, rows.map((r) => r.turnover.id)),
        ))
        .all()
    : [];
  return rows.map(({ turnover, property }) => ({
    id: turnover.id,
    propertyName: property.name,
    address: property.address,
    timezone: property.timezone,
    locale: property.locale,
    startsAt: turnover.startsAt,
    endsAt: turnover.endsAt,
    codes: codes
      .filter((c) => c.code.turnoverId === turnover.id)
      .map(({ code, lockName }) => ({
        lockName,
        state: code.state,
        validFrom: code.validFrom,
        validTo: code.validTo,
        // A cleaner's own code, shown while it can still open the door.
        pin: pinReadable(code) ? openPin(box, code) : null,
      })),
  }));
}
