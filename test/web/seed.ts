import { accessCodes, alerts, contacts, locks, messages, properties, propertyCleaners, stays, turnovers, users } from "../../src/db/schema";
import type { CoreDeps } from "../../src/deps";
import { newId } from "../../src/lib/ids";
import { hashPassword } from "../../src/lib/password";
import { createAccount } from "../../src/services/accounts/create-account";
import { sealGuestContact, sealRecipient, sealUserEmail } from "../../src/services/contact-details/contact-details";

/** Rows the dashboard reads, written straight to the database the way the services will write them. */
export function seeder(deps: CoreDeps) {
  const { db, box, clock } = deps;
  const now = () => clock.now();
  return {
    async account(email: string, password: string) {
      return createAccount(deps, { name: email, ownerEmail: email, password });
    },
    property(accountId: string, name: string, timezone = "Europe/Lisbon") {
      const id = newId("prop");
      db.insert(properties).values({ id, accountId, name, timezone, createdAt: now(), updatedAt: now() }).run();
      return id;
    },
    lock(accountId: string, propertyId: string, name: string, health: { online?: boolean; batteryLevel?: number } = {}) {
      const id = newId("lock");
      db.insert(locks)
        .values({ id, accountId, propertyId, name, provider: "simulated", providerDeviceId: id, online: health.online ?? true, batteryLevel: health.batteryLevel ?? 80, createdAt: now(), updatedAt: now() })
        .run();
      return id;
    },
    stay(accountId: string, propertyId: string, s: { checkIn: string; checkOut: string; guestName: string; guestPhone?: string }) {
      const id = newId("stay");
      db.insert(stays)
        .values({
          id, accountId, propertyId, kind: "reservation", checkInDate: s.checkIn.slice(0, 10), checkOutDate: s.checkOut.slice(0, 10),
          checkInAt: new Date(s.checkIn), checkOutAt: new Date(s.checkOut), guestName: s.guestName, ...sealGuestContact(box, id, { guestPhone: s.guestPhone ?? null }), createdAt: now(), updatedAt: now(),
        })
        .run();
      return id;
    },
    turnover(accountId: string, propertyId: string, afterStayId: string, startsAt: string, endsAt: string) {
      const id = newId("turn");
      db.insert(turnovers).values({ id, accountId, propertyId, afterStayId, startsAt: new Date(startsAt), endsAt: new Date(endsAt), createdAt: now(), updatedAt: now() }).run();
      return id;
    },
    code(c: { accountId: string; propertyId: string; lockId: string; pin: string; state: (typeof accessCodes.$inferSelect)["state"]; from: string; to: string; stayId?: string; turnoverId?: string; contactId?: string }) {
      const id = newId("code");
      db.insert(accessCodes)
        .values({
          id, accountId: c.accountId, propertyId: c.propertyId, lockId: c.lockId, purpose: c.turnoverId ? "cleaner" : "guest",
          stayId: c.stayId ?? null, turnoverId: c.turnoverId ?? null, contactId: c.contactId ?? null,
          pinEnc: box.encrypt(c.pin, `code:${id}`), pinHash: box.hash(`${c.lockId}:${c.pin}`), pinLength: c.pin.length,
          validFrom: new Date(c.from), validTo: new Date(c.to), state: c.state, createdAt: now(), updatedAt: now(),
        })
        .run();
      return id;
    },
    /** `maskedBody` as delivery renders it since masked bodies exist; without it, a row from before. */
    message(m: { accountId: string; stayId?: string; body: string; maskedBody?: string; status?: (typeof messages.$inferSelect)["status"]; recipient?: string }) {
      const id = newId("msg");
      db.insert(messages)
        .values({
          id, accountId: m.accountId, stayId: m.stayId ?? null, channel: "sms", provider: "outbox", recipientEnc: sealRecipient(box, id, m.recipient ?? "+351912345678"), purpose: "guest_code",
          bodyEnc: box.encrypt(m.body, `message:${id}`), bodyMaskedEnc: m.maskedBody === undefined ? null : box.encrypt(m.maskedBody, `message-masked:${id}`),
          status: m.status ?? "sent", idempotencyKey: id, createdAt: now(), updatedAt: now(),
        })
        .run();
      return id;
    },
    async cleaner(accountId: string, email: string, password: string, name: string, propertyIds: string[]) {
      const contactId = newId("ctc");
      const userId = newId("user");
      db.insert(contacts).values({ id: contactId, accountId, role: "cleaner", name, createdAt: now(), updatedAt: now() }).run();
      db.insert(users).values({ id: userId, accountId, ...sealUserEmail(box, userId, email), role: "cleaner", name, contactId, passwordHash: await hashPassword(password), createdAt: now() }).run();
      for (const propertyId of propertyIds) db.insert(propertyCleaners).values({ propertyId, contactId }).run();
      return { contactId, userId };
    },
    alert(accountId: string, subjectId: string, title: string) {
      const id = newId("alrt");
      db.insert(alerts)
        .values({ id, accountId, kind: "battery_low", severity: "warning", subjectType: "lock", subjectId, dedupeKey: `battery_low:${subjectId}`, title, openedAt: now(), createdAt: now(), updatedAt: now() })
        .run();
      return id;
    },
  };
}
