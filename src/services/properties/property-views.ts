import { and, asc, eq, getTableColumns, gte, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import type { StayRow } from "../../db/rows";
import { properties, stays } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { propertyFeeds } from "../calendar/feeds";
import { connectionChoices } from "../locks/connections";
import { propertyLocks } from "../locks/locks";
import { findProperty } from "../lookups";
import { guestStays } from "../stays/guest-stays";
import type { PropertyRow } from "./properties";


/** The account's properties by name, for the dashboard's first page. */
export function propertiesByName(deps: Pick<CoreDeps, "db">, accountId: string): PropertyRow[] {
  return byName(deps.db).all({ accountId });
}

// Asked on every signed-in request (the session's viewer) and again by pages: prepared once per database.
const twoZones = preparedOnce((db: Db) =>
  db.selectDistinct({ zone: properties.timezone }).from(properties).where(eq(properties.accountId, sql.placeholder("accountId"))).limit(2).prepare());

const byName = preparedOnce((db: Db) => db.select().from(properties).where(eq(properties.accountId, sql.placeholder("accountId"))).orderBy(asc(properties.name)).prepare());

/**
 * Each property's next guest to arrive: blocks and other platforms' echoes of a booking are no guests. One statement,
 * prepared once per database, for the whole account: per property, the first guest stay on the (property, check-in)
 * index from now, which stops at that stay (a grouped min() read every future stay of every property, and rebuilding
 * the query through the ORM cost as much again: 200 properties, 10,000 stays, ~20 ms).
 */
export function nextCheckIns(deps: Pick<CoreDeps, "db" | "clock">, accountId: string, propertyIds: string[]): Map<string, StayRow | undefined> {
  const found = new Map<string, StayRow | undefined>(propertyIds.map((id) => [id, undefined]));
  if (propertyIds.length === 0) return found;
  for (const stay of nextGuests(deps.db).all({ accountId, now: deps.clock.now().getTime() })) if (found.has(stay.propertyId)) found.set(stay.propertyId, stay);
  return found;
}

// Placeholders in WHERE are not mapped by drizzle, so the instant is passed as epoch milliseconds.
const nextGuests = preparedOnce((db: Db) => {
  const first = db.select({ id: stays.id }).from(stays)
    .where(and(eq(stays.propertyId, properties.id), guestStays(), gte(stays.checkInAt, sql.placeholder("now"))))
    .orderBy(asc(stays.checkInAt)).limit(1);
  return db.select(getTableColumns(stays)).from(properties)
    .innerJoin(stays, eq(stays.id, sql`(${first})`))
    .where(eq(properties.accountId, sql.placeholder("accountId"))).prepare();
});

/** What a property's page shows of the property itself: its calendars (URLs redacted), locks, and the connections a new lock can use. */
export function propertySetup(deps: Pick<CoreDeps, "db" | "box">, accountId: string, id: string) {
  const property = findProperty(deps.db, accountId, id);
  return {
    property,
    feeds: propertyFeeds(deps, accountId, property.id),
    locks: propertyLocks(deps, accountId, property.id),
    connections: connectionChoices(deps, accountId),
  };
}
export type PropertySetup = ReturnType<typeof propertySetup>;

/**
 * The zone a viewer of this account most likely lives in: the one zone all its properties share, else none (every time
 * then names its zone). `zones` is 0 for an account without properties.
 */
export function accountZone(deps: Pick<CoreDeps, "db">, accountId: string): { zone: string | null; zones: number } {
  const zones = twoZones(deps.db).all({ accountId });
  return { zone: zones.length === 1 ? zones[0]!.zone : null, zones: zones.length };
}
