import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { StayRow } from "../../db/rows";
import { accessCodes, lockProperties, locks, messages } from "../../db/schema";
import { hasGuestContact } from "../contact-details/contact-details";


/**
 * What a stay checking in soon still lacks, in words a host can act on. Never names the PIN or the guest's phone:
 * only which lock has no confirmed code and which step of the message is missing.
 */
export function missingForCheckIn(db: Db, stay: StayRow): string[] {
  const missing: string[] = [];
  const propertyLocks = db.select({ id: locks.id, name: locks.name }).from(locks).innerJoin(lockProperties, eq(lockProperties.lockId, locks.id))
    .where(eq(lockProperties.propertyId, stay.propertyId)).orderBy(locks.id).all();
  if (propertyLocks.length === 0) missing.push("no lock is set up for this property");
  const confirmedOn = new Set(
    db.select({ lockId: accessCodes.lockId }).from(accessCodes)
      .where(and(
        or(eq(accessCodes.stayId, stay.id), eq(accessCodes.assignedStayId, stay.id)),
        inArray(accessCodes.purpose, ["guest", "backup"]),
        eq(accessCodes.state, "active"),
      )).all().map((c) => c.lockId),
  );
  for (const lock of propertyLocks) {
    if (!confirmedOn.has(lock.id)) missing.push(`code not confirmed on ${lock.name}`);
  }
  if (!hasGuestContact(stay)) {
    missing.push("no guest phone or email to send the code to");
  } else {
    const sent = db.select({ id: messages.id }).from(messages)
      .where(and(eq(messages.stayId, stay.id), eq(messages.purpose, "guest_code"), inArray(messages.status, ["sent", "delivered"]))).get();
    if (!sent) missing.push("code message not sent to the guest");
  }
  return missing;
}
