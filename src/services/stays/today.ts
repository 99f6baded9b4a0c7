import { and, asc, eq, gte, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { unindexed } from "../../db/column-filters";
import type { StayRow } from "../../db/rows";
import { accessCodes, contacts, lockProperties, locks, messages, properties, propertyCleaners, stays, turnovers } from "../../db/schema";
import type { CodeState } from "../../domain/access/code-states";
import { ownerBlockNote, stayTitle } from "../../domain/stays/stay-title";
import { daysBetween, localDayOf } from "../../domain/time";
import type { CoreDeps } from "../../deps";
import { policyOf, type AlertPolicy } from "../alerts/alert-policy";
import { hasGuestContact } from "../contact-details/contact-details";
import { batteryConcern, type BatteryConcern } from "../health/battery-concern";

/** Where a stay's code stands on its locks, worst first: any lock failed, still being set, none planned, all confirmed. */
export type CodeSummary = "failed" | "programming" | "none" | "confirmed" | "no_lock";
/** Whether the guest has the code: delivered, handed to the carrier, not reachable (a failed send), no phone or email, not sent yet. */
export type GuestReach = "delivered" | "sent" | "unreachable" | "no_contact" | "not_yet";

export interface LockState {
  id: string;
  name: string;
  online: boolean | null;
  batteryLevel: number | null;
  battery: BatteryConcern;
}

export interface CleanerState {
  contactId: string;
  name: string;
  code: CodeSummary;
  /** The turnover's notice reached them (sent or delivered). */
  told: boolean;
}

export interface DayItem {
  kind: "arrival" | "departure" | "turnover" | "block";
  at: Date;
  /** The end of what the item is about: a stay's checkout, a turnover's end, a block's end. */
  until: Date;
  property: { id: string; name: string; timezone: string; locale: string };
  stayId: string;
  turnoverId: string | null;
  /** The guest's name, or what the calendar called the stay. */
  title: string;
  code: CodeSummary | null;
  guest: GuestReach | null;
  cleaners: CleanerState[] | null;
  locks: LockState[];
  /** What needs the host, in words; empty when all is well. */
  problems: string[];
}

export interface DayGroup {
  key: "today" | "tomorrow" | "week";
  label: string;
  items: DayItem[];
}

/** How far ahead the board looks, in local days after today: tomorrow, then the 7 days after it. */
export const WEEK_DAYS = 8;

const LIVE: CodeState[] = ["planned", "programming", "active", "failed"];

/** The worst state over locks: one code per lock is expected; a lock without a live code counts as none yet. */
function summarise(lockIds: string[], codes: { lockId: string; state: CodeState }[]): CodeSummary {
  if (lockIds.length === 0) return "no_lock";
  let worst: CodeSummary = "confirmed";
  const rank: Record<CodeSummary, number> = { failed: 4, programming: 3, none: 2, confirmed: 1, no_lock: 0 };
  for (const lockId of lockIds) {
    const on = codes.filter((c) => c.lockId === lockId);
    const s: CodeSummary = on.some((c) => c.state === "active")
      ? "confirmed"
      : on.some((c) => c.state === "failed")
        ? "failed"
        : on.some((c) => c.state === "planned" || c.state === "programming")
          ? "programming"
          : "none";
    if (rank[s] > rank[worst]) worst = s;
  }
  return worst;
}

/**
 * Whether the guest has the code. Unreachable is either every message to them failed, or the code is on the lock and
 * nobody can hand it over: no phone, no email and the guest page never opened (guest-reach's rule, which alerts the
 * host); a guest who opened the guest page sees the code there.
 */
type BoardStay = Pick<StayRow, "id" | "propertyId" | "kind" | "guestName" | "summary" | "checkInAt" | "checkOutAt" | "earlyCheckInAt" | "lateCheckOutAt" | "guestPhoneEnc" | "guestEmailEnc" | "guestPageOpenedAt">;

function reach(stay: BoardStay, statuses: string[], codeConfirmed: boolean): GuestReach {
  if (statuses.some((s) => s === "delivered")) return "delivered";
  if (statuses.some((s) => s === "sent")) return "sent";
  if (!hasGuestContact(stay)) return stay.guestPageOpenedAt ? "not_yet" : codeConfirmed ? "unreachable" : "no_contact";
  if (statuses.length > 0 && statuses.every((s) => s === "failed" || s === "undelivered")) return "unreachable";
  return "not_yet";
}

function lockProblems(items: LockState[]): string[] {
  return items.flatMap((l) => [
    ...(l.online === false ? [`${l.name} is offline`] : []),
    ...(l.battery === "low" || l.battery === "critical" ? [`${l.name} battery ${l.batteryLevel === null ? l.battery : `${l.batteryLevel}%`}`] : []),
  ]);
}

/**
 * The host's day across every property: arrivals, departures, owner blocks and turnovers for today, tomorrow and the
 * rest of the week, each day read in its property's own zone, with the state of the code on the locks, whether the
 * guest has it, the cleaners assigned and told, and the locks' health. Items with a problem come first in each day.
 * A fixed number of queries for the whole board, whatever the number of properties.
 */
export function todayBoard(deps: Pick<CoreDeps, "db" | "clock"> & { alertPolicy?: Partial<AlertPolicy> }, accountId: string): DayGroup[] {
  const { db } = deps;
  const now = deps.clock.now();
  const policy = policyOf(deps);
  const q = boardQueries(db);
  // Wide enough for any zone's today and the week after it; each item is then placed by its property's local date.
  const window = { accountId, lo: now.getTime() - 36 * 3600_000, hi: now.getTime() + (WEEK_DAYS + 2) * 86400_000 };
  const props = new Map(q.properties.all({ accountId }).map((p) => [p.id, p]));
  const rows = q.stays.all(window);
  const turns = q.turnovers.all(window);
  const ids = { accountId, stayIds: JSON.stringify(rows.map((s) => s.id)), turnIds: JSON.stringify(turns.map((t) => t.id)) };

  const lockStates = groupBy(q.locks.all({ accountId }), (l) => l.propertyId);
  const locksAt = (propertyId: string): LockState[] =>
    (lockStates.get(propertyId) ?? []).map((l) => ({ id: l.id, name: l.name, online: l.online, batteryLevel: l.batteryLevel, battery: batteryConcern(l.batteryLevel, l.batteryStatus, policy) }));
  const codes = rows.length || turns.length ? q.codes.all(ids) : [];
  const msgs = rows.length || turns.length ? q.messages.all(ids) : [];
  const cleanersAt = q.cleaners.all({ accountId });

  // Grouped once, so the board is linear in its rows whatever the account's size.
  const codesOfStay = groupBy(codes.filter((c) => c.purpose === "guest" || c.purpose === "backup"), (c) => c.assignedStayId ?? c.stayId);
  const codesOfTurn = groupBy(codes, (c) => c.turnoverId);
  const guestMsgs = groupBy(msgs.filter((m) => m.purpose.startsWith("guest_")), (m) => m.stayId);
  const turnMsgs = groupBy(msgs, (m) => m.turnoverId);
  const cleanersOf = groupBy(cleanersAt, (c) => c.propertyId);
  const stayById = new Map(rows.map((s) => [s.id, s]));
  const items: DayItem[] = [];
  // Items are built whole, in one shape (`{ ...common, kind }` spreads cost ~30 µs an item here, most of the board).
  const item = (stay: BoardStay, kind: DayItem["kind"], at: Date, until: Date, title: string, locks: LockState[], state: Pick<DayItem, "code" | "guest" | "problems">): DayItem => ({
    kind, at, until, property: props.get(stay.propertyId)!, stayId: stay.id, turnoverId: null, title, code: state.code, guest: state.guest, cleaners: null, locks, problems: state.problems,
  });
  for (const stay of rows) {
    if (!props.has(stay.propertyId)) continue;
    const checkIn = stay.earlyCheckInAt ?? stay.checkInAt;
    const checkOut = stay.lateCheckOutAt ?? stay.checkOutAt;
    const lockStates = locksAt(stay.propertyId);
    if (stay.kind === "block") {
      items.push(item(stay, "block", checkIn, checkOut, ownerBlockNote(stay.summary) ?? "Owner block", lockStates, { code: null, guest: null, problems: [] }));
      continue;
    }
    const code = summarise(lockStates.map((l) => l.id), codesOfStay.get(stay.id) ?? []);
    const guest = reach(stay, (guestMsgs.get(stay.id) ?? []).map((m) => m.status), (codesOfStay.get(stay.id) ?? []).some((c) => c.state === "active"));
    const problems = [
      ...(code === "failed" ? ["the lock refused the code"] : []),
      ...(code === "no_lock" ? ["no lock is set up"] : []),
      ...(guest === "unreachable" ? [hasGuestContact(stay) ? "the guest could not be reached" : "nobody can give the guest the code: no phone, no email, guest page never opened"] : []),
      ...(guest === "no_contact" ? ["no guest phone or email"] : []),
      ...lockProblems(lockStates),
    ];
    const title = stayTitle(stay);
    items.push(item(stay, "arrival", checkIn, checkOut, title, lockStates, { code, guest, problems }));
    items.push(item(stay, "departure", checkOut, checkOut, title, lockStates, { code: null, guest: null, problems: [] }));
  }
  for (const t of turns) {
    const p = props.get(t.propertyId);
    if (!p) continue;
    const lockStates = locksAt(t.propertyId);
    const assigned = cleanersOf.get(t.propertyId) ?? [];
    const cleaners = assigned.map((c) => ({
      contactId: c.contactId,
      name: c.name,
      code: summarise(lockStates.map((l) => l.id), (codesOfTurn.get(t.id) ?? []).filter((x) => x.contactId === c.contactId)),
      told: (turnMsgs.get(t.id) ?? []).some((m) => m.contactId === c.contactId && (m.status === "sent" || m.status === "delivered")),
    }));
    const problems = [
      ...(cleaners.length === 0 ? ["no cleaner assigned"] : []),
      ...cleaners.filter((c) => c.code === "failed").map((c) => `the lock refused ${c.name}'s code`),
      ...lockProblems(lockStates),
    ];
    const after = stayById.get(t.afterStayId);
    items.push({ kind: "turnover", at: t.startsAt, until: t.endsAt, property: p, stayId: t.afterStayId, turnoverId: t.id, title: after?.guestName ? `After ${after.guestName}` : "Turnover", code: null, guest: null, cleaners, locks: lockStates, problems });
  }

  const groups: DayGroup[] = [
    { key: "today", label: "Today", items: [] },
    { key: "tomorrow", label: "Tomorrow", items: [] },
    { key: "week", label: `Next ${WEEK_DAYS - 1} days`, items: [] },
  ];
  const todayIn = new Map<string, string>();
  for (const item of items) {
    const zone = item.property.timezone;
    let today = todayIn.get(zone);
    if (today === undefined) todayIn.set(zone, (today = localDayOf(now, zone)));
    const day = daysBetween(today, localDayOf(item.at, zone));
    if (day < 0 || day > WEEK_DAYS) continue;
    groups[day === 0 ? 0 : day === 1 ? 1 : 2]!.items.push(item);
  }
  for (const g of groups) g.items.sort((a, b) => Number(b.problems.length > 0) - Number(a.problems.length > 0) || a.at.getTime() - b.at.getTime() || byKind(a.kind, b.kind));
  return groups;
}

// The kinds are plain ASCII words: compared as strings, without the cost of a locale-aware compare on every tie.
const byKind = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const p = sql.placeholder;
const ids = (name: string) => sql`(select value from json_each(${p(name)}))`;

/**
 * The board's queries, built and prepared once per database: building them through the ORM cost as much as running
 * them. Id lists go in as one JSON parameter (json_each), so the statements stay prepared whatever the week holds.
 * Placeholders in WHERE are not mapped by drizzle, so instants are passed as epoch milliseconds.
 */
const boardQueries = preparedOnce((db: Db) => ({
  properties: db.select({ id: properties.id, name: properties.name, timezone: properties.timezone, locale: properties.locale })
    .from(properties).where(eq(properties.accountId, p("accountId"))).prepare(),
  // Stays that overlap the window: every stay arriving or leaving in it, read listing by listing through
  // stays_property_span_idx (the account's listings, then each one's range of checkouts). A stay spanning the whole
  // window adds nothing, as its arrival and departure fall outside the days the board shows.
  stays: db.select({
    id: stays.id, propertyId: stays.propertyId, kind: stays.kind, guestName: stays.guestName, summary: stays.summary,
    checkInAt: stays.checkInAt, checkOutAt: stays.checkOutAt, earlyCheckInAt: stays.earlyCheckInAt, lateCheckOutAt: stays.lateCheckOutAt,
    guestPhoneEnc: stays.guestPhoneEnc, guestEmailEnc: stays.guestEmailEnc, guestPageOpenedAt: stays.guestPageOpenedAt,
  })
    .from(stays)
    .where(and(
      inArray(stays.propertyId, db.select({ id: properties.id }).from(properties).where(eq(properties.accountId, p("accountId")))),
      eq(unindexed(stays.accountId), p("accountId")), eq(stays.status, "confirmed"), isNull(stays.echoOfStayId),
      gte(stays.checkOutAt, p("lo")), lte(unindexed(stays.checkInAt), p("hi")),
      or(and(gte(stays.checkInAt, p("lo")), lte(stays.checkInAt, p("hi"))), and(gte(stays.checkOutAt, p("lo")), lte(stays.checkOutAt, p("hi")))),
    ))
    .orderBy(asc(stays.checkInAt)).prepare(),
  turnovers: db.select({ id: turnovers.id, propertyId: turnovers.propertyId, afterStayId: turnovers.afterStayId, startsAt: turnovers.startsAt, endsAt: turnovers.endsAt })
    .from(turnovers)
    .where(and(eq(turnovers.accountId, p("accountId")), eq(turnovers.status, "scheduled"), gte(turnovers.startsAt, p("lo")), lte(turnovers.startsAt, p("hi"))))
    .prepare(),
  locks: db.select({ propertyId: lockProperties.propertyId, id: locks.id, name: locks.name, online: locks.online, batteryLevel: locks.batteryLevel, batteryStatus: locks.batteryStatus })
    .from(lockProperties)
    .innerJoin(locks, eq(locks.id, lockProperties.lockId))
    .where(eq(locks.accountId, p("accountId")))
    .orderBy(asc(locks.name)).prepare(),
  codes: db.select({ stayId: accessCodes.stayId, assignedStayId: accessCodes.assignedStayId, turnoverId: accessCodes.turnoverId, contactId: accessCodes.contactId, lockId: accessCodes.lockId, state: accessCodes.state, purpose: accessCodes.purpose })
    .from(accessCodes)
    .where(and(
      eq(accessCodes.accountId, p("accountId")), inArray(accessCodes.state, LIVE),
      or(inArray(accessCodes.stayId, ids("stayIds")), inArray(accessCodes.assignedStayId, ids("stayIds")), inArray(accessCodes.turnoverId, ids("turnIds"))),
    )).prepare(),
  messages: db.select({ stayId: messages.stayId, turnoverId: messages.turnoverId, contactId: messages.contactId, purpose: messages.purpose, status: messages.status })
    .from(messages)
    .where(and(eq(messages.accountId, p("accountId")), or(inArray(messages.stayId, ids("stayIds")), inArray(messages.turnoverId, ids("turnIds")))))
    .prepare(),
  cleaners: db.select({ propertyId: propertyCleaners.propertyId, contactId: contacts.id, name: contacts.name })
    .from(propertyCleaners)
    .innerJoin(contacts, eq(contacts.id, propertyCleaners.contactId))
    .where(eq(contacts.accountId, p("accountId")))
    .orderBy(asc(contacts.name)).prepare(),
}));

function groupBy<T>(rows: T[], key: (row: T) => string | null | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    if (k == null) continue;
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
