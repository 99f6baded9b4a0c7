import { eq, getTableColumns, gte, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accountPageQuery } from "../../db/account-page";
import type { PageQuery } from "../../db/column-filters";
import { stays } from "../../db/schema";

export interface StayListQuery extends PageQuery {
  propertyId?: string;
  feedId?: string;
  status?: "confirmed" | "cancelled";
  kind?: "reservation" | "block" | "manual";
  /** "false": leave out other platforms' echoes of a booking; "true": only echoes. */
  echo?: "true" | "false";
  echoOf?: string;
  /** Stays checking out on or after this local date (`YYYY-MM-DD`) or instant. */
  from?: string;
  /** Stays checking in on or before this local date or instant. */
  to?: string;
  /** The platform's reservation code, exactly (letter case aside). */
  reservationCode?: string;
  /** Stays whose guest name contains this text (letter case aside). */
  guestName?: string;
}

// What the list answers with, and no more: not the account (the caller's own), the UID aliases, the missing count, the
// planner's bookkeeping (planned version, PIN generation), the legacy plaintext columns, and of the sealed phone only whether there is one (the list shows its last 4 digits;
// `unreachable` needs to know it exists). The email is still sealed: the caller opens it.
const { accountId: _account, uidAliases: _aliases, missingCount: _missing, plannedVersion: _planned, pinGeneration: _generation, guestPhoneEnc: _phone, legacyGuestPhone: _lp, legacyGuestEmail: _le, ...listed } =
  getTableColumns(stays);
const listColumns = { ...listed, hasGuestPhone: sql<number>`${stays.guestPhoneEnc} is not null`.as("has_guest_phone") };


/** LIKE treats % and _ as wildcards: a name typed by a host matches only itself. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

const staysPage = accountPageQuery(
  stays,
  {
    propertyId: (v) => eq(stays.propertyId, v),
    feedId: (v) => eq(stays.feedId, v),
    status: (v) => eq(stays.status, v),
    kind: (v) => eq(stays.kind, v),
    echoOf: (v) => eq(stays.echoOfStayId, v),
    echoesOnly: () => isNotNull(stays.echoOfStayId),
    noEchoes: () => isNull(stays.echoOfStayId),
    fromDate: (v) => gte(stays.checkOutDate, v),
    fromInstant: (v) => gte(stays.checkOutAt, v),
    toDate: (v) => lte(stays.checkInDate, v),
    toInstant: (v) => lte(stays.checkInAt, v),
    reservationCode: (v) => sql`lower(${stays.reservationCode}) = lower(${v})`,
    guestName: (v) => sql`${stays.guestName} LIKE ${v} ESCAPE '\\'`,
  },
  listColumns,
);

export type StayListRow = ReturnType<typeof staysPage>["data"][number];

/** One page of the account's stays (the API's list), in the columns `StayListRow` names. */
export function listStays(db: Db, accountId: string, q: StayListQuery) {
  const { from, to, echo, guestName } = q;
  return staysPage(db, accountId, {
    propertyId: q.propertyId, feedId: q.feedId, status: q.status, kind: q.kind, echoOf: q.echoOf,
    echoesOnly: echo === "true" || undefined, noEchoes: echo === "false" || undefined,
    fromDate: from !== undefined && isDate(from) ? from : undefined,
    fromInstant: from !== undefined && !isDate(from) ? stays.checkOutAt.mapToDriverValue(new Date(from)) : undefined,
    toDate: to !== undefined && isDate(to) ? to : undefined,
    toInstant: to !== undefined && !isDate(to) ? stays.checkInAt.mapToDriverValue(new Date(to)) : undefined,
    reservationCode: q.reservationCode,
    guestName: guestName === undefined ? undefined : likeText(guestName),
  }, q);
}
