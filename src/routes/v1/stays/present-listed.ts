import type { Context } from "hono";
import { openGuestEmail } from "../../../services/contact-details/contact-details";
import type { ServiceDeps } from "../../../services/deps";
import { stayGuestPath } from "../../../services/guests/guest-links";
import { unreachableStays } from "../../../services/guests/guest-reach";
import type { StayListRow } from "../../../services/stays/list-stays";
import { guestLinkUrl } from "../../guest-link-url";

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * A page of the stays list on the wire: the same object, key for key and in the same order, as one stay's answer
 * without its phone (test/api/stays-list-shape.test.ts compares them), written out field by field because the
 * generic open → omit → toWire path cost more than the page's query. Only the email is opened: the list has no phone.
 */
export function presentListedStays(deps: Pick<ServiceDeps, "db" | "box" | "config">, c: Context, accountId: string, rows: StayListRow[]) {
  const unreachable = unreachableStays(deps.db, rows);
  const origin = guestLinkUrl(deps, c, "");
  return rows.map((row) => ({
    id: row.id,
    propertyId: row.propertyId,
    feedId: row.feedId,
    externalUid: row.externalUid,
    kind: row.kind,
    status: row.status,
    checkInDate: row.checkInDate,
    checkOutDate: row.checkOutDate,
    checkInAt: row.checkInAt.toISOString(),
    checkOutAt: row.checkOutAt.toISOString(),
    earlyCheckInAt: iso(row.earlyCheckInAt),
    lateCheckOutAt: iso(row.lateCheckOutAt),
    summary: row.summary,
    guestName: row.guestName,
    guestPhoneLast4: row.guestPhoneLast4,
    reservationCode: row.reservationCode,
    guestCount: row.guestCount,
    guestContactSource: row.guestContactSource,
    guestLocale: row.guestLocale,
    guestPageOpenedAt: iso(row.guestPageOpenedAt),
    conflict: row.conflict,
    version: row.version,
    cancelledAt: iso(row.cancelledAt),
    checkedInAt: iso(row.checkedInAt),
    checkedOutAt: iso(row.checkedOutAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    guestEmail: openGuestEmail(deps.box, row),
    echoOf: row.echoOfStayId,
    presence: row.checkedOutAt ? ("checked_out" as const) : row.checkedInAt ? ("checked_in" as const) : ("expected" as const),
    guestLink: row.kind === "block" || row.echoOfStayId ? null : `${origin}${stayGuestPath(deps.box, { id: row.id, accountId })}`,
    unreachable: unreachable.has(row.id),
  }));
}
