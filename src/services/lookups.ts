import { and, eq, sql } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../db/client";
import { preparedOnce } from "../db/prepared-once";
import { accessCodes, alerts, apiKeys, contacts, feeds, invites, locks, messages, properties, providerConnections, stays, turnovers, users, webhookDeliveries, webhookEndpoints } from "../db/schema";
import { notFound } from "./errors";

type Owned = SQLiteTable & { id: SQLiteColumn; accountId: SQLiteColumn };

/**
 * The account-scoped lookup of one resource: `find` throws `ServiceError` not_found ("property prop_1 does not
 * exist") for a missing id and for another account's alike, so no caller can tell that it exists; `maybe` answers
 * undefined instead. One prepared statement per database.
 */
function lookup<T extends Owned>(table: T, what: string) {
  const statement = preparedOnce((db: Db) =>
    db
      .select()
      .from(table as SQLiteTable)
      .where(and(eq(table.id, sql.placeholder("id")), eq(table.accountId, sql.placeholder("accountId"))))
      .prepare(),
  );
  const maybe = (db: Db, accountId: string, id: string) => statement(db).get({ id, accountId }) as T["$inferSelect"] | undefined;
  const find = (db: Db, accountId: string, id: string): T["$inferSelect"] => {
    const row = maybe(db, accountId, id);
    if (!row) throw notFound(`${what} ${id}`);
    return row;
  };
  return { maybe, find };
}

/**
 * The one lookup per resource that the API, the dashboard and the services all use (there were seven copies, and
 * the dashboard's answered differently from the API's).
 */
export const lookups = {
  property: lookup(properties, "property"),
  feed: lookup(feeds, "feed"),
  stay: lookup(stays, "stay"),
  turnover: lookup(turnovers, "turnover"),
  lock: lookup(locks, "lock"),
  connection: lookup(providerConnections, "connection"),
  contact: lookup(contacts, "contact"),
  accessCode: lookup(accessCodes, "access code"),
  message: lookup(messages, "message"),
  alert: lookup(alerts, "alert"),
  apiKey: lookup(apiKeys, "API key"),
  invite: lookup(invites, "invite"),
  member: lookup(users, "member"),
  webhookEndpoint: lookup(webhookEndpoints, "webhook endpoint"),
  webhookDelivery: lookup(webhookDeliveries, "webhook delivery"),
};

export const findProperty = lookups.property.find;
export const findFeed = lookups.feed.find;
export const findStay = lookups.stay.find;
export const findTurnover = lookups.turnover.find;
export const findLock = lookups.lock.find;
export const findConnection = lookups.connection.find;
export const findContact = lookups.contact.find;
export const findAccessCode = lookups.accessCode.find;
export const findMessage = lookups.message.find;
export const findAlert = lookups.alert.find;
