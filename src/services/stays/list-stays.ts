import { gte, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { equalFilters, type PageQuery } from "../../db/column-filters";
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

/** LIKE treats % and _ as wildcards: a name typed by a host matches only itself. */
const likeText = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** One page of the account's stays (the API's list). */
export function listStays(db: Db, accountId: string, q: StayListQuery) {
  const from = q.from === undefined ? undefined : isDate(q.from) ? gte(stays.checkOutDate, q.from) : gte(stays.checkOutAt, new Date(q.from));
  const to = q.to === undefined ? undefined : isDate(q.to) ? lte(stays.checkInDate, q.to) : lte(stays.checkInAt, new Date(q.to));
  const echo = q.echo === undefined ? undefined : q.echo === "true" ? isNotNull(stays.echoOfStayId) : isNull(stays.echoOfStayId);
  const code = q.reservationCode === undefined ? undefined : sql`lower(${stays.reservationCode}) = lower(${q.reservationCode})`;
  const name = q.guestName === undefined ? undefined : sql`${stays.guestName} LIKE ${likeText(q.guestName)} ESCAPE '\\'`;
  const { propertyId, feedId, status, kind, echoOfStayId: echoOf } = stays;
  return listAccountPage(db, stays, accountId, [...equalFilters({ propertyId, feedId, status, kind, echoOf }, q), echo, from, to, code, name], q);
}
