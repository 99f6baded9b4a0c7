import { and, asc, eq, gte, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { TurnoverRow } from "../../db/rows";
import { accessCodes, contacts, stays, turnovers, type CodeState } from "../../db/schema";
import type { StayRow } from "./stay-record";
import { stayAccessStatus, type StayAccessStatus } from "./stay-status";

export type { TurnoverRow };

export interface TimelineEntry {
  stay: StayRow;
  status: StayAccessStatus;
  turnover: (TurnoverRow & { cleaners: { name: string; state: CodeState }[] }) | null;
}

/** Stays that have not ended yet (the current guest included), in check-in order, each with the cleaning after it. */
export function propertyTimeline(db: Db, accountId: string, propertyId: string, now: Date, limit = 60): TimelineEntry[] {
  const rows = db
    .select()
    .from(stays)
    .where(and(eq(stays.accountId, accountId), eq(stays.propertyId, propertyId), eq(stays.status, "confirmed"), isNull(stays.echoOfStayId), gte(stays.checkOutAt, now)))
    .orderBy(asc(stays.checkInAt))
    .limit(limit)
    .all();
  const ids = rows.map((s) => s.id);
  const status = stayAccessStatus(db, accountId, ids);
  const turns = ids.length
    ? db.select().from(turnovers).where(and(eq(turnovers.accountId, accountId), inArray(turnovers.afterStayId, ids), eq(turnovers.status, "scheduled"))).all()
    : [];
  const cleanerCodes = turns.length
    ? db
        .select({ turnoverId: accessCodes.turnoverId, state: accessCodes.state, name: contacts.name })
        .from(accessCodes)
        .leftJoin(contacts, eq(contacts.id, accessCodes.contactId))
        .where(and(eq(accessCodes.accountId, accountId), inArray(accessCodes.turnoverId, turns.map((t) => t.id))))
        .all()
    : [];
  return rows.map((stay) => {
    const t = turns.find((x) => x.afterStayId === stay.id) ?? null;
    return {
      stay,
      status: status.get(stay.id) ?? { codeStates: [], messageStatus: null },
      turnover: t ? { ...t, cleaners: cleanerCodes.filter((c) => c.turnoverId === t.id).map((c) => ({ name: c.name ?? "cleaner", state: c.state })) } : null,
    };
  });
}
