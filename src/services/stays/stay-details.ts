import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { AuditEventRow, CodeRow, LockRow, PropertyRow } from "../../db/rows";
import { accessCodes, auditEvents, locks, messages } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { pinReadable } from "../access/reveal-pin";
import { openStay, type OpenStayRow } from "../contact-details/contact-details";
import { lockEventViews, type LockEventView } from "../door/list-lock-events";
import { findProperty, findStay } from "../lookups";

export interface StayDetails {
  stay: OpenStayRow;
  property: PropertyRow;
  /** `pinReadable`: the code can still open the door, so a host may read its PIN (through an audited reveal). */
  codes: { code: CodeRow; lock: LockRow | null; pinReadable: boolean }[];
  messages: { id: string; channel: string; purpose: string; status: string; createdAt: Date }[];
  /** The stay's own trail and its codes' and messages', newest first (the latest 200). */
  audit: AuditEventRow[];
  /** What the doors reported for this stay's codes, newest first (the latest 50). */
  doorEvents: LockEventView[];
}

/** Everything the dashboard's stay page shows, read in the viewer's account: guest contact opened, no PIN. */
export function stayDetails({ db, box }: Pick<CoreDeps, "db" | "box">, accountId: string, stayId: string): StayDetails {
  const stay = openStay(box, findStay(db, accountId, stayId));
  const property = findProperty(db, accountId, stay.propertyId);
  const codes = db
    .select({ code: accessCodes, lock: locks })
    .from(accessCodes)
    .leftJoin(locks, eq(locks.id, accessCodes.lockId))
    .where(and(eq(accessCodes.accountId, accountId), or(eq(accessCodes.stayId, stay.id), eq(accessCodes.assignedStayId, stay.id))))
    .orderBy(desc(accessCodes.createdAt))
    .all()
    .map((r) => ({ ...r, pinReadable: pinReadable(r.code) }));
  const msgs = db
    .select({ id: messages.id, channel: messages.channel, purpose: messages.purpose, status: messages.status, createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.stayId, stay.id)))
    .orderBy(desc(messages.createdAt))
    .all();
  const subjects = [stay.id, ...codes.map((r) => r.code.id), ...msgs.map((m) => m.id)];
  const audit = db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.accountId, accountId), inArray(auditEvents.subjectId, subjects)))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(200)
    .all();
  const doorEvents = lockEventViews(db, accountId, { stayId: stay.id, limit: 50 });
  return { stay, property, codes, messages: msgs, audit, doorEvents };
}
