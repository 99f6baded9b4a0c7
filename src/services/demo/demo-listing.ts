import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts, lockProperties, locks, properties, propertyCleaners, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { findUserByEmail } from "../accounts/create-account";
import { sealContactDetails, sealUserEmail } from "../contact-details/contact-details";

export const DEMO_PROPERTY_NAME = "Seaside Cottage";
export const DEMO_TIMEZONE = "Europe/Lisbon";
export const DEMO_LOCK_DEVICE = "demo-front-door";
export const DEMO_CLEANER_EMAIL = "cleaner@staykey.local";

/**
 * Four days, instead of the usual one: both near sample stays then get their codes programmed and their messages
 * sent as soon as the demo starts, while the later stay shows a code that is planned but not yet due.
 */
const DEMO_LEAD_MINUTES = 4 * 1440;

/** The demo property, found by name in the demo account or created with settings that make the first minute show everything. */
export function ensureProperty(db: Db, clock: Clock, accountId: string) {
  const found = db.select().from(properties)
    .where(and(eq(properties.accountId, accountId), eq(properties.name, DEMO_PROPERTY_NAME))).orderBy(asc(properties.id)).get();
  if (found) return found;
  const now = clock.now();
  const id = newId("prop");
  db.insert(properties).values({
    id, accountId, name: DEMO_PROPERTY_NAME, address: "4 Harbour Lane, Ericeira", timezone: DEMO_TIMEZONE,
    messageLeadMinutes: DEMO_LEAD_MINUTES, programLeadMinutes: DEMO_LEAD_MINUTES,
    wifiName: "SeasideGuest", wifiPassword: "sea-breeze-42",
    checkInInstructions: "The front door is the blue one facing the harbour; the keypad lights up when touched.",
    createdAt: now, updatedAt: now,
  }).run();
  return db.select().from(properties).where(eq(properties.id, id)).get()!;
}

/** The property's simulated front-door lock (the simulated provider confirms codes at once, so the demo shows them active). */
export function ensureLock(db: Db, clock: Clock, accountId: string, propertyId: string): string {
  const found = db.select({ id: locks.id }).from(locks)
    .where(and(eq(locks.accountId, accountId), eq(locks.provider, "simulated"), eq(locks.providerDeviceId, DEMO_LOCK_DEVICE))).get();
  if (found) return found.id;
  const now = clock.now();
  const id = newId("lock");
  db.insert(locks).values({
    id, accountId, propertyId, name: "Front door", provider: "simulated", providerDeviceId: DEMO_LOCK_DEVICE,
    online: true, batteryLevel: 100, lastSeenAt: now, createdAt: now, updatedAt: now,
  }).run();
  db.insert(lockProperties).values({ lockId: id, propertyId, createdAt: now }).run();
  return id;
}

/**
 * The cleaner: a contact that receives turnover codes, a cleaner user linked to it (their portal sign-in), and the
 * assignment to the property. An existing cleaner user only gets the new password hash.
 */
export function ensureCleaner(deps: Pick<CoreDeps, "db" | "box" | "clock">, accountId: string, propertyId: string, passwordHash: string): string {
  const { db, box, clock } = deps;
  const now = clock.now();
  const user = findUserByEmail(deps, DEMO_CLEANER_EMAIL);
  let contactId = user?.contactId ?? null;
  if (user && (user.accountId !== accountId || user.role !== "cleaner" || !contactId)) {
    throw new Error(`${DEMO_CLEANER_EMAIL} already belongs to another account or role; remove it or use another data directory`);
  }
  if (user) {
    db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
  } else {
    contactId = newId("ctc");
    const userId = newId("user");
    db.insert(contacts).values({
      id: contactId, accountId, role: "cleaner", name: "Sam Rivera", ...sealContactDetails(box, contactId, { phone: "+15555550188", email: DEMO_CLEANER_EMAIL }), createdAt: now, updatedAt: now,
    }).run();
    db.insert(users).values({ id: userId, accountId, ...sealUserEmail(box, userId, DEMO_CLEANER_EMAIL), name: "Sam Rivera", role: "cleaner", contactId, passwordHash, createdAt: now }).run();
  }
  db.insert(propertyCleaners).values({ propertyId, contactId: contactId! }).onConflictDoNothing().run();
  return contactId!;
}
