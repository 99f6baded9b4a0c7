import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { properties, stays } from "../../db/schema";
import { notFoundPage } from "../web-error";

// Another account's id answers exactly like a missing one: the page must not confirm it exists.
export function findOwnProperty(db: Db, accountId: string, id: string) {
  const row = db.select().from(properties).where(and(eq(properties.id, id), eq(properties.accountId, accountId))).get();
  if (!row) throw notFoundPage("That property");
  return row;
}

export function findOwnStay(db: Db, accountId: string, id: string) {
  const row = db.select().from(stays).where(and(eq(stays.id, id), eq(stays.accountId, accountId))).get();
  if (!row) throw notFoundPage("That stay");
  return row;
}
