import { eq, gte, isNotNull, isNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { stays } from "../../db/schema";

export interface StayListQuery {
  limit: number;
  cursor?: string;
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
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** One page of the account's stays (the API's list). */
export function listStays(db: Db, accountId: string, q: StayListQuery) {
  const from = q.from === undefined ? undefined : isDate(q.from) ? gte(stays.checkOutDate, q.from) : gte(stays.checkOutAt, new Date(q.from));
  const to = q.to === undefined ? undefined : isDate(q.to) ? lte(stays.checkInDate, q.to) : lte(stays.checkInAt, new Date(q.to));
  const echo = q.echo === undefined ? undefined : q.echo === "true" ? isNotNull(stays.echoOfStayId) : isNull(stays.echoOfStayId);
  const filters = [
    q.propertyId ? eq(stays.propertyId, q.propertyId) : undefined, q.feedId ? eq(stays.feedId, q.feedId) : undefined, q.status ? eq(stays.status, q.status) : undefined,
    q.kind ? eq(stays.kind, q.kind) : undefined, echo, q.echoOf ? eq(stays.echoOfStayId, q.echoOf) : undefined, from, to,
  ];
  return listAccountPage(db, stays, accountId, filters, q);
}
