import type Database from "better-sqlite3";
import { stays } from "../../db/schema";
import { preparedOnce } from "../../db/prepared-once";
import { updateById } from "../../db/update-by-id";
import type { CandidateStay, ReconcilePlan } from "../../domain/calendar";
import { feedContactChange } from "../../domain/calendar/guest-contact";
import type { GuestContactSource } from "../../domain/calendar/types";
import type { SecretBox } from "../../lib/crypto";
import { openStay, sealGuestContact } from "../contact-details/contact-details";
import type { StoredFeedStay } from "./feed-stays";
import type { TouchedStay } from "./sync-tx";

interface ContactRow {
  id: string;
  version: number;
  status: string;
  checkOutAt: number;
  guestPhoneEnc: string | null;
  guestEmailEnc: string | null;
  guestContactSource: GuestContactSource | null;
  guestCount: number | null;
}

const contactQuery = preparedOnce((sqlite: Database.Database) =>
  sqlite.prepare(
    `SELECT "id", "version", "status", "check_out_at" AS "checkOutAt", "guest_phone_enc" AS "guestPhoneEnc", "guest_email_enc" AS "guestEmailEnc",
            "guest_contact_source" AS "guestContactSource", "guest_count" AS "guestCount"
       FROM "stays" WHERE "id" = ?`,
  ),
);

/**
 * Inside the sync's transaction, after its plan is written: the bookings this feed already had whose DESCRIPTION now
 * carries a guest phone, email or head count the stay does not hold (a PMS exports the phone once the guest gave it,
 * or a corrected one). `feedContactChange` decides what a feed may write; a new contact bumps the stay's version, so
 * the planner takes it up as it does a host's edit (the guest who could not be reached gets their code). Only
 * candidates that carry a contact are looked at, so Airbnb, VRBO and Booking.com feeds pay nothing. Returns the stays
 * whose contact or count changed.
 */
export function refreshFeedContacts(
  sqlite: Database.Database,
  box: SecretBox,
  now: Date,
  candidates: readonly CandidateStay[],
  stored: readonly StoredFeedStay[],
  plan: Pick<ReconcilePlan, "creates" | "updates">,
  touched: TouchedStay[],
): number {
  const offering = candidates.filter((c) => c.guestPhone || c.guestEmail || c.guestCount !== undefined);
  if (offering.length === 0) return 0;
  const created = new Set(plan.creates.map((c) => c.uid));
  const stayOfUid = new Map<string, string>();
  for (const stay of stored) {
    stayOfUid.set(stay.externalUid, stay.id);
    for (const alias of stay.uidAliases) if (!stayOfUid.has(alias)) stayOfUid.set(alias, stay.id);
  }
  for (const update of plan.updates) stayOfUid.set(update.uid, update.stayId);

  let changed = 0;
  for (const candidate of offering) {
    const stayId = created.has(candidate.uid) ? undefined : stayOfUid.get(candidate.uid);
    const row = stayId === undefined ? undefined : (contactQuery(sqlite).get(stayId) as ContactRow | undefined);
    if (!row || row.status !== "confirmed" || row.checkOutAt <= now.getTime()) continue;
    const opened = openStay(box, row);
    const change = feedContactChange(
      { source: row.guestContactSource, guestPhone: opened.guestPhone, guestEmail: opened.guestEmail, guestCount: row.guestCount },
      candidate,
    );
    const contact = { ...(change.guestPhone ? { guestPhone: change.guestPhone } : {}), ...(change.guestEmail ? { guestEmail: change.guestEmail } : {}) };
    const newContact = Object.keys(contact).length > 0;
    if (!newContact && change.guestCount === undefined) continue;
    // One new version per sync: a stay this sync already moved (its phone's last 4 digits changed with it) keeps it.
    const seen = touched.find((t) => t.id === row.id);
    const version = newContact && !seen ? row.version + 1 : row.version;
    updateById(sqlite, stays, row.id, {
      ...sealGuestContact(box, row.id, contact),
      ...(change.guestPhone ? { guestPhoneLast4: change.guestPhone.slice(-4) } : {}),
      ...(newContact ? { guestContactSource: "feed" as const, version } : {}),
      ...(change.guestCount !== undefined ? { guestCount: change.guestCount } : {}),
      updatedAt: now,
    });
    if (newContact && !seen) touched.push({ id: row.id, version });
    changed++;
  }
  return changed;
}
