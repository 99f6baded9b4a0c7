import { and, asc, count, eq, gt, inArray, isNull, lt, ne, or } from "drizzle-orm";
import { unindexed } from "../../db/column-filters";
import { accessCodes, properties, stays, turnovers } from "../../db/schema";
import type { CodeState } from "../../domain/access/code-states";
import { guestArrival, guestDeparture } from "../../domain/access/code-window";
import { dayIndexOf, layoutMonth, monthFrame, type MonthFrame, type MonthItemKind, type MonthTrack } from "../../domain/month";
import type { CoreDeps } from "../../deps";
import { ownerBlockNote, stayTitle } from "../../domain/stays/stay-title";

/** One thing drawn on a month: a stay, an owner block, a guest's code window or a cleaning, each opening its stay. */
export interface MonthEntry {
  kind: MonthItemKind;
  from: Date;
  to: Date;
  stayId: string;
  title: string;
  /** A code window's state on its locks (the worst of them), when the entry is one. */
  codeState: CodeState | null;
}

/** How many properties the all-properties calendar draws per page: a month of each is a few dozen bars. */
export const CALENDAR_PAGE = 50;

export interface PropertyMonth {
  property: { id: string; name: string; timezone: string; locale: string };
  frame: MonthFrame;
  tracks: MonthTrack<MonthEntry>[];
  /** The index of the property's local today in the month, or null when today is in another month. */
  today: number | null;
}

// Bounds wide enough for every zone's month (UTC+14 to UTC-12) and a stay's early check-in or late checkout beyond it;
// each entry is then placed exactly on its property's own frame.
const MARGIN_MS = 3 * 86_400_000;

/** Worst first: what the host has to look at. */
const CODE_RANK: Record<CodeState, number> = { failed: 7, programming: 6, planned: 5, revoking: 4, active: 3, revoked: 2, cancelled: 1 };

/**
 * The month calendar of an account's properties (or of the ones given): each property's month in its own zone, with
 * its stays, owner blocks, guests' code windows and cleanings laid out in lanes (domain/month). Four queries for the
 * whole page, each bounded by the month: stays that end after it starts and begin before it ends (an index on
 * listing, checkout, check-in), and the codes and turnovers of those stays.
 */
export function monthCalendar(
  deps: Pick<CoreDeps, "db" | "clock">, accountId: string, month: string, only: readonly string[] | null = null, page: { offset: number; limit: number } | null = null,
): PropertyMonth[] {
  const { db } = deps;
  const now = deps.clock.now();
  const query = db
    .select({ id: properties.id, name: properties.name, timezone: properties.timezone, locale: properties.locale })
    .from(properties)
    .where(and(eq(properties.accountId, accountId), only === null ? undefined : inArray(properties.id, [...only])))
    .orderBy(asc(properties.name), asc(properties.id));
  const props = page ? query.limit(page.limit).offset(page.offset).all() : query.all();
  if (props.length === 0) return [];
  // Stays are read listing by listing (stays_property_span_idx): the page's properties, or every one of the account's.
  const utcStart = Date.parse(`${month}-01T00:00:00Z`);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const lo = new Date(utcStart - MARGIN_MS);
  const hi = new Date(Date.UTC(y, m, 1) + MARGIN_MS);

  const rows = db
    .select({
      id: stays.id, propertyId: stays.propertyId, kind: stays.kind, checkInAt: stays.checkInAt, checkOutAt: stays.checkOutAt,
      earlyCheckInAt: stays.earlyCheckInAt, lateCheckOutAt: stays.lateCheckOutAt, checkedOutAt: stays.checkedOutAt, guestName: stays.guestName, summary: stays.summary,
    })
    .from(stays)
    .where(and(
      inArray(stays.propertyId, props.map((p) => p.id)),
      eq(unindexed(stays.accountId), accountId), gt(stays.checkOutAt, lo), lt(unindexed(stays.checkInAt), hi.getTime()), eq(stays.status, "confirmed"), isNull(stays.echoOfStayId),
    ))
    .all();
  const stayIds = rows.map((s) => s.id);
  const guestIds = rows.filter((s) => s.kind !== "block").map((s) => s.id);
  const codes = guestIds.length
    ? db
        .select({ stayId: accessCodes.stayId, assignedStayId: accessCodes.assignedStayId, state: accessCodes.state, validFrom: accessCodes.validFrom, validTo: accessCodes.validTo })
        .from(accessCodes)
        .where(and(
          eq(accessCodes.accountId, accountId), ne(accessCodes.state, "cancelled"),
          or(and(inArray(accessCodes.stayId, guestIds), inArray(accessCodes.purpose, ["guest", "backup"])), inArray(accessCodes.assignedStayId, guestIds)),
        ))
        .all()
    : [];
  const turns = stayIds.length
    ? db
        .select({ afterStayId: turnovers.afterStayId, propertyId: turnovers.propertyId, startsAt: turnovers.startsAt, endsAt: turnovers.endsAt })
        .from(turnovers)
        .where(and(eq(turnovers.accountId, accountId), eq(turnovers.status, "scheduled"), inArray(turnovers.afterStayId, stayIds)))
        .all()
    : [];

  const entries = new Map<string, MonthEntry[]>(props.map((p) => [p.id, []]));
  const titles = new Map<string, string>();
  for (const s of rows) {
    const title = s.kind === "block" ? ownerBlockNote(s.summary) ?? "Owner block" : stayTitle(s);
    titles.set(s.id, title);
    entries.get(s.propertyId)?.push({ kind: s.kind === "block" ? "block" : "stay", from: guestArrival(s), to: guestDeparture(s), stayId: s.id, title, codeState: null });
  }
  // One code window per stay: the span its codes work over all its locks, in the worst state among them.
  const windows = new Map<string, { from: Date; to: Date; state: CodeState }>();
  for (const c of codes) {
    const stayId = c.assignedStayId ?? c.stayId;
    if (!stayId) continue;
    const w = windows.get(stayId);
    if (!w) windows.set(stayId, { from: c.validFrom, to: c.validTo, state: c.state });
    else windows.set(stayId, {
      from: c.validFrom < w.from ? c.validFrom : w.from,
      to: c.validTo > w.to ? c.validTo : w.to,
      state: CODE_RANK[c.state] > CODE_RANK[w.state] ? c.state : w.state,
    });
  }
  const propertyOf = new Map(rows.map((s) => [s.id, s.propertyId]));
  for (const [stayId, w] of windows) {
    entries.get(propertyOf.get(stayId) ?? "")?.push({ kind: "code", from: w.from, to: w.to, stayId, title: titles.get(stayId) ?? "Guest", codeState: w.state });
  }
  for (const t of turns) {
    entries.get(t.propertyId)?.push({ kind: "turnover", from: t.startsAt, to: t.endsAt, stayId: t.afterStayId, title: titles.get(t.afterStayId) ?? "Turnover", codeState: null });
  }

  const frames = new Map<string, MonthFrame>();
  return props.map((p) => {
    let frame = frames.get(p.timezone);
    if (!frame) frames.set(p.timezone, (frame = monthFrame(month, p.timezone)));
    return { property: p, frame, tracks: layoutMonth(frame, entries.get(p.id) ?? []), today: dayIndexOf(frame, now) };
  });
}

/** How many properties the calendar has to page through: the account's, or the ones given. */
export function calendarPropertyCount(deps: Pick<CoreDeps, "db">, accountId: string, only: readonly string[] | null = null): number {
  return deps.db.select({ n: count() }).from(properties)
    .where(and(eq(properties.accountId, accountId), only === null ? undefined : inArray(properties.id, [...only]))).get()?.n ?? 0;
}
