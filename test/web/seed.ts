import type { CodeRow, MessageRow } from "../../src/db/rows";
import type { CoreDeps } from "../../src/deps";
import { testWorld } from "../support/world";

/** The dashboard tests' vocabulary over the test world: ids in, ids out, instants as ISO strings. */
export function seeder(deps: CoreDeps) {
  const world = testWorld(deps);
  return {
    async account(email: string, password: string) {
      return world.account({ email, password });
    },
    property(accountId: string, name: string, timezone = "Europe/Lisbon") {
      return world.property(accountId, { name, timezone }).id;
    },
    /** A lock lock-health has heard from: online at 80% unless told otherwise. */
    lock(_accountId: string, propertyId: string, name: string, health: { online?: boolean; batteryLevel?: number } = {}) {
      return world.lock(propertyId, { name, health: { online: health.online ?? true, batteryLevel: health.batteryLevel ?? 80 } }).id;
    },
    /** A reservation, or with `kind: "block"` the owner's block (no guest). */
    stay(_accountId: string, propertyId: string, s: { checkIn: string; checkOut: string; guestName?: string; guestPhone?: string; kind?: "reservation" | "block"; summary?: string }) {
      return world.stay(propertyId, { checkInAt: s.checkIn, checkOutAt: s.checkOut, guestName: s.guestName ?? null, guestPhone: s.guestPhone ?? null, kind: s.kind ?? "reservation", summary: s.summary ?? null }).id;
    },
    turnover(_accountId: string, _propertyId: string, afterStayId: string, startsAt: string, endsAt: string) {
      return world.turnover(afterStayId, { startsAt, endsAt }).id;
    },
    code(c: { accountId: string; propertyId: string; lockId: string; pin: string; state: CodeRow["state"]; from: string; to: string; stayId?: string; turnoverId?: string; contactId?: string }) {
      const { lockId, from, to, accountId: _a, propertyId: _p, ...rest } = c;
      return world.code(lockId, { ...rest, validFrom: from, validTo: to }).id;
    },
    /** `maskedBody` as delivery renders it since masked bodies exist; without it, a row from before. */
    message(m: { accountId: string; stayId?: string; body: string; maskedBody?: string; status?: MessageRow["status"]; recipient?: string }) {
      const { accountId, recipient, status, ...rest } = m;
      return world.message(accountId, { ...rest, recipient: recipient ?? "+351912345678", status: status ?? "sent" }).id;
    },
    /** A cleaner contact with a portal sign-in, assigned to `propertyIds`. */
    async cleaner(accountId: string, email: string, password: string, name: string, propertyIds: string[]) {
      const contact = propertyIds.length ? world.cleaner(propertyIds, { name }) : world.contact(accountId, { role: "cleaner", name });
      const user = await world.user(accountId, { email, password, name, role: "cleaner", contactId: contact.id });
      return { contactId: contact.id, userId: user.id };
    },
    /** A Seam connection (its credentials sealed) that the lock form offers. */
    connection(accountId: string, name: string, id?: string) {
      return world.connection(accountId, { provider: "seam", name, ...(id ? { id } : {}) }).id;
    },
    alert(accountId: string, subjectId: string, title: string) {
      return world.alert(accountId, { subjectId, title }).id;
    },
  };
}
