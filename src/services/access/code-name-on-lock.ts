import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { CodeRow } from "../../db/rows";
import { accessGrants, contacts, properties, stays } from "../../db/schema";
import { legacyCodeName, personCodeName } from "../../domain/access/code-name";
import { PERSON_CODE_NAME_LIMITS } from "../../providers/locks/code-names";
import type { LockRow } from "../deps";

/**
 * What a code is called on its lock. Where the vendor's app shows names to people, the person it is for and a token
 * staykey recognises it by ("Maya Chen · HMQ7TZ2KWA"); elsewhere `staykey <code id>`. The PIN is never in it.
 */
export function codeNameOnLock(db: Db, code: Pick<CodeRow, "id" | "purpose" | "stayId" | "contactId" | "grantId" | "propertyId">, lock: Pick<LockRow, "provider">): string {
  const limit = PERSON_CODE_NAME_LIMITS[lock.provider];
  return limit === undefined ? legacyCodeName(code.id) : personCodeName(codeHolder(db, code), code.id, limit);
}

/** Who a code is for, as a host would say it: the guest, the cleaner, the grant's person; a stay with no name is the property's guest. */
function codeHolder(db: Db, code: Pick<CodeRow, "purpose" | "stayId" | "contactId" | "grantId" | "propertyId">): string {
  const contactName = () => (code.contactId ? db.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, code.contactId)).get()?.name?.trim() : undefined);
  switch (code.purpose) {
    case "guest": {
      const guest = code.stayId ? db.select({ name: stays.guestName }).from(stays).where(eq(stays.id, code.stayId)).get()?.name?.trim() : undefined;
      if (guest) return guest;
      const property = db.select({ name: properties.name }).from(properties).where(eq(properties.id, code.propertyId)).get()?.name?.trim();
      return property ? `${property} guest` : "Guest";
    }
    case "cleaner":
      return contactName() || "Cleaner";
    case "grant": {
      const grant = code.grantId ? db.select({ name: accessGrants.name }).from(accessGrants).where(eq(accessGrants.id, code.grantId)).get()?.name?.trim() : undefined;
      return grant || contactName() || "Guest";
    }
    case "backup":
      return "Backup code";
  }
}
