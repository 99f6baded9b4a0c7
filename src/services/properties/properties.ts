import { and, eq, inArray, sql } from "drizzle-orm";
import { accountPageQuery } from "../../db/account-page";
import { preparedOnce } from "../../db/prepared-once";
import type { Db } from "../../db/client";
import type { PropertyInsert, PropertyRow } from "../../db/rows";
import { accessCodes, properties, propertyCleaners } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { ON_LOCK_CODE_STATES } from "../../domain/access";
import { newId } from "../../lib/ids";
import { updatePropertySettings } from "../calendar/property-times";
import { conflict } from "../errors";
import { findProperty } from "../lookups";

export type { PropertyRow };
/** A new property as the API's `propertyInput` and the dashboard's form both produce it (defaults filled in). */
export type PropertyInput = Omit<PropertyInsert, "id" | "accountId" | "createdAt" | "updatedAt">;
/** Only the fields given change: a partial update must not reset the others. */
export type PropertyPatch = Partial<PropertyInput>;
export type PropertyWithCleaners = PropertyRow & { cleanerIds: string[] };

// Asked for every page of the properties list: prepared once, the ids bound as a JSON array.
const cleanersOf = preparedOnce((db: Db) =>
  db.select({ propertyId: propertyCleaners.propertyId, contactId: propertyCleaners.contactId }).from(propertyCleaners)
    .where(sql`${propertyCleaners.propertyId} IN (SELECT value FROM json_each(${sql.placeholder("ids")}))`)
    .prepare(),
);

/** Properties with their assigned cleaners, read in one query for the whole page rather than one per property. */
function withCleaners(db: Db, rows: PropertyRow[]): PropertyWithCleaners[] {
  const byProperty = new Map<string, string[]>();
  if (rows.length) {
    for (const a of cleanersOf(db).all({ ids: JSON.stringify(rows.map((r) => r.id)) })) {
      const list = byProperty.get(a.propertyId);
      if (list) list.push(a.contactId);
      else byProperty.set(a.propertyId, [a.contactId]);
    }
  }
  return rows.map((row) => ({ ...row, cleanerIds: byProperty.get(row.id) ?? [] }));
}

const propertiesPage = accountPageQuery(properties, {
  /** A member limited to some properties: their ids, as a JSON array. */
  scope: (ids) => sql`${properties.id} IN (SELECT value FROM json_each(${ids}))`,
});

/** `propertyIds`: a member limited to some properties lists only those (null: all of the account's). */
export function listProperties(deps: Pick<CoreDeps, "db">, accountId: string, page: { limit: number; cursor?: string; propertyIds?: string[] | null }) {
  const p = propertiesPage(deps.db, accountId, { scope: page.propertyIds ? JSON.stringify(page.propertyIds) : undefined }, page);
  return { data: withCleaners(deps.db, p.data), nextCursor: p.nextCursor };
}

export function getProperty(deps: Pick<CoreDeps, "db">, accountId: string, id: string): PropertyWithCleaners {
  return withCleaners(deps.db, [findProperty(deps.db, accountId, id)])[0]!;
}

/** The one way a property is added (API and dashboard). */
export function createProperty(deps: Pick<CoreDeps, "db" | "clock">, accountId: string, input: PropertyInput): PropertyWithCleaners {
  const now = deps.clock.now();
  const id = newId("prop");
  deps.db.insert(properties).values({ ...input, id, accountId, createdAt: now, updatedAt: now }).run();
  return getProperty(deps, accountId, id);
}

/** Saves settings (API PATCH, dashboard form); a new zone or check-in/checkout time moves the stays with it. */
export function updateProperty(deps: Pick<CoreDeps, "db" | "clock">, accountId: string, id: string, patch: PropertyPatch): PropertyWithCleaners {
  updatePropertySettings(deps.db, deps.clock, findProperty(deps.db, accountId, id), patch);
  return getProperty(deps, accountId, id);
}

export function deleteProperty(deps: Pick<CoreDeps, "db">, accountId: string, id: string): void {
  const { db } = deps;
  const existing = findProperty(db, accountId, id);
  const onLock = db
    .select({ id: accessCodes.id })
    .from(accessCodes)
    .where(and(eq(accessCodes.propertyId, existing.id), inArray(accessCodes.state, [...ON_LOCK_CODE_STATES])))
    .get();
  // Deleting would orphan PINs that still open the door; they must be revoked first.
  if (onLock) throw conflict("this property still has codes on its locks; remove its locks or wait for the codes to be revoked first");
  db.delete(properties).where(eq(properties.id, existing.id)).run();
}

