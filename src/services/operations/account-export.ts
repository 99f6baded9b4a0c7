import { eq } from "drizzle-orm";
import {
  accessCodes, accessGrants, accounts, alerts, auditEvents, batteryReadings, contacts, feeds, lockEvents, locks, messages, properties, providerConnections, stays,
} from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { openContact, openStay } from "../contact-details/contact-details";
import { notFound } from "../errors";

export const EXPORT_FORMAT = { name: "staykey-account-export", version: 1 } as const;

/**
 * Sealed and hashed columns (PINs, feed URLs, credentials, message bodies, keyed lookup hashes) never leave in an
 * export: they are secrets, or useless without this install's key. Dropped by name, so a column added later with
 * such a name is left out without anyone remembering to.
 */
function withoutSecrets<T extends object>(row: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    // legacy*: plaintext columns an old version wrote, emptied when they were sealed.
    if (/(Enc|Hash|Token|Secret)$/.test(key) || key.startsWith("legacy") || key === "etag" || key === "lastModified") continue;
    out[key] = value;
  }
  return out as Partial<T>;
}

/**
 * Everything an account holds, as one JSON document the host can keep or take elsewhere: properties, locks, lock
 * connections (without credentials), calendars (URLs redacted), stays and contacts with their guests' and cleaners'
 * contact details opened, codes (without PINs), messages (without bodies), alerts, the audit log, the door activity and
 * the locks' battery history.
 * PINs stay out: a PIN is read one at a time, audited, through the API.
 */
export function exportAccount(deps: Pick<CoreDeps, "db" | "box" | "clock">, accountId: string) {
  const { db, box } = deps;
  const account = db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!account) throw notFound("account");
  const rows = <T extends object>(list: T[]) => list.map(withoutSecrets);
  return {
    format: EXPORT_FORMAT.name,
    version: EXPORT_FORMAT.version,
    exportedAt: deps.clock.now(),
    account: withoutSecrets(account),
    properties: rows(db.select().from(properties).where(eq(properties.accountId, accountId)).all()),
    connections: rows(db.select().from(providerConnections).where(eq(providerConnections.accountId, accountId)).all()),
    locks: rows(db.select().from(locks).where(eq(locks.accountId, accountId)).all()),
    feeds: rows(db.select().from(feeds).where(eq(feeds.accountId, accountId)).all()),
    stays: rows(db.select().from(stays).where(eq(stays.accountId, accountId)).all().map((s) => openStay(box, s))),
    contacts: rows(db.select().from(contacts).where(eq(contacts.accountId, accountId)).all().map((c) => openContact(box, c))),
    accessGrants: rows(db.select().from(accessGrants).where(eq(accessGrants.accountId, accountId)).all()),
    accessCodes: rows(db.select().from(accessCodes).where(eq(accessCodes.accountId, accountId)).all()),
    messages: rows(db.select().from(messages).where(eq(messages.accountId, accountId)).all()),
    alerts: rows(db.select().from(alerts).where(eq(alerts.accountId, accountId)).all()),
    auditEvents: rows(db.select().from(auditEvents).where(eq(auditEvents.accountId, accountId)).all()),
    lockEvents: rows(db.select().from(lockEvents).where(eq(lockEvents.accountId, accountId)).all()),
    batteryReadings: rows(db.select().from(batteryReadings).where(eq(batteryReadings.accountId, accountId)).all()),
  };
}
