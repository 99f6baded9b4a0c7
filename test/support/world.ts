import { eq } from "drizzle-orm";
import type { Db } from "../../src/db/client";
import type { AlertRow, CodeInsert, CodeRow, ConnectionRow, ContactRow, FeedRow, LockRow, MessageRow, PropertyRow, StayInsert, StayRow, TurnoverRow, UserRow } from "../../src/db/rows";
import { accessCodes, alerts, contacts, feeds, locks, messages, properties, propertyCleaners, providerConnections, stays, turnovers, users } from "../../src/db/schema";
import { guestCodeWindow, phoneLast4, turnoverWindow } from "../../src/domain/access";
import { addDays, localDateOf } from "../../src/domain/calendar/local-time";
import type { Clock } from "../../src/lib/clock";
import type { SecretBox } from "../../src/lib/crypto";
import { newId } from "../../src/lib/ids";
import { hashPassword } from "../../src/lib/password";
import { connectionAad } from "../../src/providers/locks/connection-config";
import { codePinAd, pinHashFor, pinPrefixHashFor } from "../../src/services/access/code-records";
import { createAccount } from "../../src/services/accounts/create-account";
import { raiseAlert, type AlertInput } from "../../src/services/alerts/alert-store";
import { recordAudit, type AuditInput } from "../../src/services/audit/record-audit";
import { createFeed, type FeedInput } from "../../src/services/calendar/feeds";
import { sealContactDetails, sealGuestContact, sealRecipient, sealUserEmail, type ContactDetails, type GuestContact } from "../../src/services/contact-details/contact-details";
import { createContact, reachable, type ContactInput } from "../../src/services/contacts/contacts";
import { maskedBodyAssociatedData, messageBodyAssociatedData } from "../../src/services/delivery/message-rows";
import { insertLock, type LockInput } from "../../src/services/locks/locks";
import { createProperty, type PropertyInput } from "../../src/services/properties/properties";
import { manualStayInstants } from "../../src/services/stays/stay-times";

/** What seeding needs: the database, the secret box rows are sealed with, and the clock that stamps them. */
export interface WorldDeps {
  db: Db;
  box: SecretBox;
  clock: Clock;
}

type Instant = Date | string;
const DAY_MS = 86_400_000;

/** What lock-health writes after it has heard from the lock: the service that adds a lock never sets these. */
export type LockHealth = Partial<Pick<LockRow, "online" | "batteryLevel" | "batteryStatus" | "lastSeenAt" | "lastHealthAt">>;
/** What a sync leaves on a feed after it is added (status, validators, counters, the last error). */
export type FeedState = Partial<Omit<FeedRow, "id" | "accountId" | "propertyId" | "name" | "urlEnc" | "urlHash" | "urlRedacted" | "syncIntervalMinutes" | "createdAt">>;
export type StaySeed = Partial<Omit<StayInsert, "accountId" | "propertyId" | "checkInAt" | "checkOutAt" | "guestPhoneEnc" | "guestEmailEnc">> &
  Partial<GuestContact> & { checkInAt?: Instant; checkOutAt?: Instant };
export type CodeSeed = Partial<Omit<CodeInsert, "accountId" | "propertyId" | "lockId" | "pinEnc" | "pinHash" | "pinPrefixHash" | "pinLength" | "validFrom" | "validTo">> & {
  pin?: string;
  validFrom?: Instant;
  validTo?: Instant;
};
export type MessageSeed = Partial<Omit<MessageRow, "accountId" | "recipientEnc" | "legacyRecipient" | "bodyEnc" | "bodyMaskedEnc">> & {
  recipient?: string | null;
  body?: string;
  /** The body as listings show it (PIN masked); left out, the row is one from before masked bodies existed. */
  maskedBody?: string;
};

/**
 * The one set of seed helpers every test harness uses. Rows are written by the service that writes them in
 * production where one exists (createAccount, createProperty, createLock, createFeed, createContact, raiseAlert,
 * recordAudit), so a seeded row is indistinguishable from a real one; rows only workers write (stays with given
 * instants, turnovers, codes in any state, messages) are inserted here, sealed exactly as the services seal them.
 * Defaults are relative to the injected clock.
 */
export function testWorld(deps: WorldDeps) {
  const { db, box, clock } = deps;
  let pins = 0;

  const propertyRow = (id: string): PropertyRow => db.select().from(properties).where(eq(properties.id, id)).get()!;
  const lockRow = (id: string): LockRow => db.select().from(locks).where(eq(locks.id, id)).get()!;
  const stayRow = (id: string): StayRow => db.select().from(stays).where(eq(stays.id, id)).get()!;
  const turnoverRow = (id: string): TurnoverRow => db.select().from(turnovers).where(eq(turnovers.id, id)).get()!;
  const contactRow = (id: string): ContactRow => db.select().from(contacts).where(eq(contacts.id, id)).get()!;

  const world = {
    db,
    /** An account and its owner, signed up as `staykey create-account` does (no password: no sign-in). */
    account(o: { email?: string; password?: string; name?: string } = {}): Promise<{ accountId: string; userId: string }> {
      const email = o.email ?? `host-${newId("user")}@example.com`;
      return createAccount(deps, { name: o.name ?? email, ownerEmail: email, ...(o.password === undefined ? {} : { password: o.password }) });
    },

    /** Another user of the account (a cleaner's portal sign-in, a manager), email sealed as sign-up seals it. */
    async user(accountId: string, o: { email: string; role?: UserRow["role"]; name?: string | null; password?: string; contactId?: string | null }): Promise<UserRow> {
      const id = newId("user");
      const passwordHash = o.password === undefined ? null : await hashPassword(o.password);
      db.insert(users)
        .values({ id, accountId, ...sealUserEmail(box, id, o.email), role: o.role ?? "cleaner", name: o.name ?? null, contactId: o.contactId ?? null, passwordHash, createdAt: clock.now() })
        .run();
      return db.select().from(users).where(eq(users.id, id)).get()!;
    },

    property(accountId: string, values: Partial<PropertyInput> = {}): PropertyRow {
      return propertyRow(createProperty(deps, accountId, { name: "Beach House", timezone: "America/New_York", ...values }).id);
    },

    /**
     * A lock added as the API adds one; `health`, when given, is what lock-health later wrote. A Seam or Home Assistant
     * lock needs a connection, as the API requires: one is made for it unless `connectionId` names one.
     */
    lock(propertyId: string, values: Partial<Omit<LockInput, "propertyId">> & { health?: LockHealth } = {}): LockRow {
      const { health, ...input } = values;
      const { accountId } = propertyRow(propertyId);
      const provider = input.provider ?? "simulated";
      const connectionId = input.connectionId ?? (provider === "simulated" ? undefined : world.connection(accountId, { provider }).id);
      const { lock } = insertLock(deps, accountId, { name: "Front door", providerDeviceId: `device-${newId("lock")}`, ...input, provider, connectionId, propertyId });
      if (health && Object.keys(health).length > 0) db.update(locks).set({ ...health, updatedAt: clock.now() }).where(eq(locks.id, lock.id)).run();
      return lockRow(lock.id);
    },

    /** Credentials sealed as createConnection seals them, without its address check (rows saved before it had one). */
    connection(accountId: string, o: { provider?: ConnectionRow["provider"]; name?: string; config?: Record<string, unknown>; id?: string } = {}): ConnectionRow {
      const id = o.id ?? newId("conn");
      const config = o.config ?? { apiKey: `seam_test_${id}` };
      db.insert(providerConnections)
        .values({ id, accountId, provider: o.provider ?? "seam", name: o.name ?? "Connection", configEnc: box.encrypt(JSON.stringify(config), connectionAad(id)), createdAt: clock.now() })
        .run();
      return db.select().from(providerConnections).where(eq(providerConnections.id, id)).get()!;
    },

    /** A feed added as the API adds one; `state` is what syncing it has written since. */
    feed(propertyId: string, values: Partial<Omit<FeedInput, "propertyId">> & { state?: FeedState } = {}): FeedRow {
      const { state, ...input } = values;
      const { accountId } = propertyRow(propertyId);
      const url = input.url ?? `https://www.airbnb.com/calendar/ical/${newId("feed").slice(5)}.ics?s=${newId("feed").slice(5)}`;
      const created = createFeed(deps, accountId, { ...input, url, propertyId });
      if (state && Object.keys(state).length > 0) db.update(feeds).set({ ...state, updatedAt: clock.now() }).where(eq(feeds.id, created.id)).run();
      return db.select().from(feeds).where(eq(feeds.id, created.id)).get()!;
    },

    /**
     * A stay as a sync or the API leaves it. Without instants it checks in tomorrow (the clock's) for three nights at
     * the property's times; given instants, its local dates are theirs in the property's zone. The guest's phone and
     * email are sealed, and the phone's last four kept, as createManualStay does.
     */
    stay(propertyId: string, seed: StaySeed = {}): StayRow {
      const { checkInAt, checkOutAt, guestPhone, guestEmail, ...values } = seed;
      const property = propertyRow(propertyId);
      const id = values.id ?? newId("stay");
      let times: { checkInAt: Date; checkOutAt: Date };
      if (checkInAt === undefined && checkOutAt === undefined) {
        const checkInDate = values.checkInDate ?? addDays(localDateOf(clock.now(), property.timezone), 1);
        times = manualStayInstants(property, checkInDate, values.checkOutDate ?? addDays(checkInDate, 3));
      } else {
        if (checkInAt === undefined || checkOutAt === undefined) throw new Error("world.stay: give both checkInAt and checkOutAt, or neither");
        times = { checkInAt: new Date(checkInAt), checkOutAt: new Date(checkOutAt) };
      }
      const now = clock.now();
      db.insert(stays)
        .values({
          kind: "reservation",
          checkInDate: localDateOf(times.checkInAt, property.timezone),
          checkOutDate: localDateOf(times.checkOutAt, property.timezone),
          guestPhoneLast4: phoneLast4(guestPhone) ?? null,
          createdAt: now,
          updatedAt: now,
          ...values,
          ...times,
          ...sealGuestContact(box, id, { guestPhone, guestEmail }),
          id,
          accountId: property.accountId,
          propertyId,
        })
        .run();
      return stayRow(id);
    },

    /** The cleaning window after a stay: by default from its checkout for the property's turnover length. */
    turnover(afterStayId: string, values: { startsAt?: Instant; endsAt?: Instant; nextStayId?: string | null; status?: TurnoverRow["status"] } = {}): TurnoverRow {
      const stay = stayRow(afterStayId);
      const window = turnoverWindow(stay.checkOutAt, null, propertyRow(stay.propertyId).turnoverMinutes);
      const id = newId("turn");
      const now = clock.now();
      db.insert(turnovers)
        .values({
          id, accountId: stay.accountId, propertyId: stay.propertyId, afterStayId, nextStayId: values.nextStayId ?? null, status: values.status ?? "scheduled",
          startsAt: new Date(values.startsAt ?? window.from), endsAt: new Date(values.endsAt ?? window.to), createdAt: now, updatedAt: now,
        })
        .run();
      return turnoverRow(id);
    },

    /**
     * A code on a lock in any state (the planner only ever writes `planned`), its PIN sealed and hashed as the planner
     * does. The window defaults to the stay's guest window, the turnover's, or a day from now; the purpose follows
     * what it is for. Without a PIN, each code of this world gets its own.
     */
    code(lockId: string, seed: CodeSeed = {}): CodeRow {
      const { pin = String(271_828 + 1_009 * pins++), validFrom, validTo, ...values } = seed;
      const lock = lockRow(lockId);
      const id = values.id ?? newId("code");
      let window = { from: clock.now(), to: new Date(clock.now().getTime() + DAY_MS) };
      if (values.stayId) window = guestCodeWindow(stayRow(values.stayId), propertyRow(lock.propertyId));
      else if (values.turnoverId) window = (({ startsAt, endsAt }) => ({ from: startsAt, to: endsAt }))(turnoverRow(values.turnoverId));
      const now = clock.now();
      db.insert(accessCodes)
        .values({
          purpose: values.turnoverId ? "cleaner" : values.assignedStayId ? "backup" : "guest",
          state: "planned",
          createdAt: now,
          updatedAt: now,
          ...values,
          id,
          accountId: lock.accountId,
          propertyId: lock.propertyId,
          lockId,
          pinEnc: box.encrypt(pin, codePinAd(id)),
          pinHash: pinHashFor(box, lockId, pin),
          pinPrefixHash: pinPrefixHashFor(box, lockId, pin),
          pinLength: pin.length,
          validFrom: new Date(validFrom ?? window.from),
          validTo: new Date(validTo ?? window.to),
        })
        .run();
      return db.select().from(accessCodes).where(eq(accessCodes.id, id)).get()!;
    },

    /** A message row in any status, recipient and bodies sealed as delivery seals them. */
    message(accountId: string, seed: MessageSeed = {}): MessageRow {
      const { recipient = "+14155550123", body = "Your door code is ready", maskedBody, ...values } = seed;
      const id = values.id ?? newId("msg");
      const now = clock.now();
      db.insert(messages)
        .values({
          channel: "sms", provider: "outbox", purpose: "guest_code", status: "queued", idempotencyKey: `test:${id}`, createdAt: now, updatedAt: now,
          ...values,
          id,
          accountId,
          recipientEnc: recipient === null ? null : sealRecipient(box, id, recipient),
          bodyEnc: box.encrypt(body, messageBodyAssociatedData(id)),
          bodyMaskedEnc: maskedBody === undefined ? null : box.encrypt(maskedBody, maskedBodyAssociatedData(id)),
        })
        .run();
      return db.select().from(messages).where(eq(messages.id, id)).get()!;
    },

    /**
     * A cleaner or alert recipient added as the API adds one. One with neither phone nor email is a state the API
     * refuses (a contact must be reachable) that older rows and some tests need: it is written with the same sealing.
     */
    contact(accountId: string, values: Partial<ContactInput> = {}): ContactRow {
      const input = { role: "cleaner" as const, name: "Robin", ...values };
      if (reachable(input)) return contactRow(createContact(deps, accountId, input).id);
      const id = newId("ctc");
      const details: Partial<ContactDetails> = { phone: input.phone ?? null, email: input.email ?? null };
      db.insert(contacts).values({ id, accountId, role: input.role, name: input.name, ...sealContactDetails(box, id, details), createdAt: clock.now(), updatedAt: clock.now() }).run();
      return contactRow(id);
    },

    /** A cleaner contact assigned to each of `propertyIds` (beside the cleaners they already have). */
    cleaner(propertyIds: string | string[], values: Partial<Omit<ContactInput, "role">> = {}): ContactRow {
      const ids = typeof propertyIds === "string" ? [propertyIds] : propertyIds;
      const accountId = propertyRow(ids[0]!).accountId;
      const contact = world.contact(accountId, { ...values, role: "cleaner" });
      for (const propertyId of ids) db.insert(propertyCleaners).values({ propertyId, contactId: contact.id }).onConflictDoNothing().run();
      return contact;
    },

    /** An open alert raised as the health checks raise one (one open per dedupe key). */
    alert(accountId: string, values: Partial<Omit<AlertInput, "accountId">> & { subjectId: string }): AlertRow {
      const kind = values.kind ?? "battery_low";
      const input: AlertInput = { kind, severity: "warning", subjectType: "lock", dedupeKey: `${kind}:${values.subjectId}`, title: "Front door battery is low", ...values, accountId };
      const { alertId } = raiseAlert(db, clock, input);
      return db.select().from(alerts).where(eq(alerts.id, alertId)).get()!;
    },

    /** An audit event recorded as every external action records one; returns its id. */
    audit(accountId: string, values: Partial<Omit<AuditInput, "accountId">> & { subjectId: string }): string {
      return recordAudit(db, clock, { actor: "system", action: "lock.health", subjectType: "lock", ...values, accountId });
    },
  };
  return world;
}

export type TestWorld = ReturnType<typeof testWorld>;
