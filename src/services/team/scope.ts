import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { userProperties } from "../../db/schema";
import type { ActingRole } from "../../domain/team";
import { forbidden, notFound } from "../errors";
import { lookups } from "../lookups";

/**
 * Who a request acts for: the account, the member (null for a key made by `staykey create-api-key`), the role it acts
 * with and, for a member limited to some properties, those properties (null: every property of the account).
 */
export interface Actor {
  accountId: string;
  userId: string | null;
  role: ActingRole;
  propertyIds: string[] | null;
}

/** The properties a member is limited to, or null when they reach every property of the account. */
export function memberPropertyIds(db: Db, userId: string | null): string[] | null {
  if (!userId) return null;
  const rows = db.select({ propertyId: userProperties.propertyId }).from(userProperties).where(eq(userProperties.userId, userId)).all();
  return rows.length ? rows.map((r) => r.propertyId) : null;
}

/** Resources that belong to one property, by the API's (and dashboard's) path segment, with the words for a 404. */
const PROPERTY_RESOURCES = {
  properties: { what: "property", propertyOf: (db: Db, a: string, id: string) => lookups.property.maybe(db, a, id)?.id },
  stays: { what: "stay", propertyOf: (db: Db, a: string, id: string) => lookups.stay.maybe(db, a, id)?.propertyId },
  locks: { what: "lock", propertyOf: (db: Db, a: string, id: string) => lookups.lock.maybe(db, a, id)?.propertyId },
  feeds: { what: "feed", propertyOf: (db: Db, a: string, id: string) => lookups.feed.maybe(db, a, id)?.propertyId },
  "access-codes": { what: "access code", propertyOf: (db: Db, a: string, id: string) => lookups.accessCode.maybe(db, a, id)?.propertyId },
  messages: { what: "message", propertyOf: (db: Db, a: string, id: string) => lookups.message.maybe(db, a, id)?.propertyId ?? undefined },
  turnovers: { what: "turnover", propertyOf: (db: Db, a: string, id: string) => lookups.turnover.maybe(db, a, id)?.propertyId },
} as const;
export type PropertyResource = keyof typeof PROPERTY_RESOURCES;
export const isPropertyResource = (area: string): area is PropertyResource => Object.hasOwn(PROPERTY_RESOURCES, area);

export const reachesProperty = (actor: Pick<Actor, "propertyIds">, propertyId: string) => actor.propertyIds === null || actor.propertyIds.includes(propertyId);

/**
 * Refuses a resource outside the actor's properties exactly like a missing one (404: a manager of property A cannot
 * even tell that property B's stay exists). Account-wide actors pass untouched.
 */
export function assertReaches(db: Db, actor: Actor, resource: PropertyResource, id: string): void {
  if (actor.propertyIds === null) return;
  const { what, propertyOf } = PROPERTY_RESOURCES[resource];
  const propertyId = propertyOf(db, actor.accountId, id);
  if (!propertyId || !reachesProperty(actor, propertyId)) throw notFound(`${what} ${id}`);
}

/** A property id sent in a query or body: one outside the actor's properties reads as missing. */
export function assertReachesProperty(actor: Actor, propertyId: string): void {
  if (!reachesProperty(actor, propertyId)) throw notFound(`property ${propertyId}`);
}

/** Account-wide things (connections, contacts, the audit log, listings across properties) are not a scoped member's. */
export function assertAccountWide(actor: Actor, what: string): void {
  if (actor.propertyIds !== null) throw forbidden(`${what} spans the whole account; this sign-in is limited to some properties`);
}
