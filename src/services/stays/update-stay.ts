import { and, eq } from "drizzle-orm";
import type { PropertyRow } from "../../db/rows";
import { stays } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { ServiceDeps } from "../deps";
import { phoneLast4 } from "../../domain/access";
import { recordAudit } from "../audit/record-audit";
import { openStay, sealGuestContact, type GuestContact } from "../contact-details/contact-details";
import { findProperty, findStay } from "../lookups";
import { followsFeed, StayChangeRefused, type StayRow } from "./stay-record";
import { checkDates, checkOverrides, manualStayInstants, resolveOverride } from "./stay-times";

/** A change to a stay: any field left out stays as it is, null clears it. Overrides are instants or local `HH:MM`. */
export interface StayPatch {
  checkInDate?: string;
  checkOutDate?: string;
  guestName?: string | null;
  guestPhone?: string | null;
  guestEmail?: string | null;
  earlyCheckInAt?: string | null;
  lateCheckOutAt?: string | null;
}

const CONTACT_FIELDS = ["guestName", "guestPhone", "guestEmail"] as const;

/**
 * How a change is recorded in the audit trail, by where it came from: the API's PATCH (the fields sent), the
 * dashboard's overrides form (the new overrides) or its guest contact form (the fields that changed). Never a value
 * of the guest's contact: the audit trail must not hold a phone number.
 */
const AUDIT_DETAIL = {
  "stay.update": (input: StayPatch) => ({ fields: Object.keys(input).sort() }),
  "stay.override": (input: StayPatch) => ({ earlyCheckInAt: input.earlyCheckInAt ?? null, lateCheckOutAt: input.lateCheckOutAt ?? null }),
  "stay.guest_contact": (input: StayPatch, told: GuestContact & { guestName: string | null }) => ({
    fields: CONTACT_FIELDS.filter((k) => (input[k] ?? null) !== (told[k] ?? null)),
  }),
} satisfies Record<string, (input: StayPatch, told: GuestContact & { guestName: string | null }) => Record<string, unknown>>;

export type StayEdit = keyof typeof AUDIT_DETAIL;

/**
 * The one way a host changes a stay (API PATCH, the dashboard's overrides and guest contact forms). A cancelled stay
 * takes no change, and a stay that follows its feed takes overrides and guest contact but not new dates. The change
 * and its audit row are written in one transaction, and only when something changed: `version` is bumped then, so
 * stale jobs notice real changes and a no-op wakes nobody. A change is announced (`stay.changed`) once committed.
 */
export async function updateStay(
  deps: Pick<ServiceDeps, "db" | "box" | "clock" | "events">,
  accountId: string,
  stayId: string,
  input: StayPatch,
  by: { actor: string; edit: StayEdit },
): Promise<{ stay: StayRow; changed: boolean }> {
  const { db, box, clock } = deps;
  const existing = findStay(db, accountId, stayId);
  if (existing.status === "cancelled") throw new StayChangeRefused("cancelled", "this stay is cancelled");
  if ((input.checkInDate || input.checkOutDate) && followsFeed(existing)) {
    throw new StayChangeRefused("follows_feed", "this stay's dates follow its calendar feed; use earlyCheckInAt / lateCheckOutAt to widen it");
  }
  const property = findProperty(db, accountId, existing.propertyId);
  const changed = db.transaction(() => {
    const wrote = applyStayPatch(deps, existing, property, input);
    if (wrote) {
      const detail = AUDIT_DETAIL[by.edit](input, openStay(box, existing));
      recordAudit(db, clock, { accountId, actor: by.actor, action: by.edit, subjectType: "stay", subjectId: existing.id, detail });
    }
    return wrote;
  });
  if (changed) await deps.events.emit({ type: "stay.changed", stayId: existing.id });
  return { stay: findStay(db, accountId, existing.id), changed };
}

const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);

/** Merges a patch into a stay and writes it when something changed; a sync that wrote the stay meanwhile wins. */
function applyStayPatch(
  { db, box, clock }: Pick<CoreDeps, "db" | "box" | "clock">,
  existing: StayRow,
  property: Pick<PropertyRow, "timezone" | "checkInTime" | "checkOutTime">,
  input: StayPatch,
): boolean {
  const checkInDate = input.checkInDate ?? existing.checkInDate;
  const checkOutDate = input.checkOutDate ?? existing.checkOutDate;
  checkDates({ checkInDate, checkOutDate });
  const times = !followsFeed(existing) ? manualStayInstants(property, checkInDate, checkOutDate) : { checkInAt: existing.checkInAt, checkOutAt: existing.checkOutAt };
  const early = resolveOverride(input.earlyCheckInAt, checkInDate, property.timezone);
  const late = resolveOverride(input.lateCheckOutAt, checkOutDate, property.timezone);
  const next: Partial<StayRow> = {
    checkInDate,
    checkOutDate,
    ...times,
    earlyCheckInAt: early === undefined ? existing.earlyCheckInAt : early,
    lateCheckOutAt: late === undefined ? existing.lateCheckOutAt : late,
    guestName: input.guestName === undefined ? existing.guestName : input.guestName,
    // A feed may know only the last four digits; clearing the override must not forget them.
    guestPhoneLast4: input.guestPhone ? phoneLast4(input.guestPhone) ?? null : input.guestPhone === null && !followsFeed(existing) ? null : existing.guestPhoneLast4,
  };
  checkOverrides({ ...existing, ...next } as StayRow);
  // Compared opened, and only what changed is sealed again: a new ciphertext of the same number is no change.
  const told = openStay(box, existing);
  const contact: Partial<GuestContact> = {};
  if (input.guestPhone !== undefined && input.guestPhone !== told.guestPhone) contact.guestPhone = input.guestPhone;
  if (input.guestEmail !== undefined && input.guestEmail !== told.guestEmail) contact.guestEmail = input.guestEmail;
  const changed = Object.keys(contact).length > 0 || (Object.keys(next) as (keyof StayRow)[]).some((k) => !same(next[k], existing[k]));
  if (!changed) return false;
  const res = db
    .update(stays)
    .set({ ...next, ...sealGuestContact(box, existing.id, contact), ...contactSource(told, contact), version: existing.version + 1, updatedAt: clock.now() })
    .where(and(eq(stays.id, existing.id), eq(stays.version, existing.version)))
    .run();
  if (res.changes === 0) throw new StayChangeRefused("changed_meanwhile", "this stay changed while you were editing it; read it again and retry");
  return true;
}

/**
 * A contact the host writes is the host's from then on: a feed's later DESCRIPTION no longer replaces it
 * (domain/calendar/guest-contact.ts `feedContactChange`). Cleared to nothing, it has no source.
 */
function contactSource(told: GuestContact, written: Partial<GuestContact>): Pick<StayRow, "guestContactSource"> | Record<string, never> {
  if (Object.keys(written).length === 0) return {};
  const phone = written.guestPhone !== undefined ? written.guestPhone : told.guestPhone;
  const email = written.guestEmail !== undefined ? written.guestEmail : told.guestEmail;
  return { guestContactSource: phone || email ? "host" : null };
}
