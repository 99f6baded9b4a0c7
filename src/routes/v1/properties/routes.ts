import { createRoute, z } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { CoreDeps } from "../../../deps";
import type { Db } from "../../../db/client";
import { accessCodes, contacts, properties, propertyCleaners } from "../../../db/schema";
import { newId } from "../../../lib/ids";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { conflict, notFound } from "../../problem";
import { toWire } from "../../serialize";
import { property, propertyInput, propertyPatch } from "./schema";
import { updatePropertySettings } from "../../../services/calendar/property-times";

const tags = ["Properties"];
const params = idParam("Property", "prop_0abc");

/** The one place a property is looked up for a caller: another account's id is indistinguishable from a missing one. */
export function findProperty(db: Db, accountId: string, id: string) {
  const row = db.select().from(properties).where(and(eq(properties.id, id), eq(properties.accountId, accountId))).get();
  if (!row) throw notFound(`property ${id}`);
  return row;
}

type PropertyRow = typeof properties.$inferSelect;

/** Properties with their assigned cleaners, read in one query for the whole page rather than one per property. */
function present(db: Db, rows: PropertyRow[]) {
  const assigned = rows.length
    ? db.select().from(propertyCleaners).where(inArray(propertyCleaners.propertyId, rows.map((r) => r.id))).all()
    : [];
  return rows.map((row) => {
    const cleanerIds = assigned.filter((a) => a.propertyId === row.id).map((a) => a.contactId);
    return toWire({ ...row, address: row.address ?? null, cleanerIds });
  });
}

const presentOne = (db: Db, row: PropertyRow) => present(db, [row])[0]!;

export function registerProperties(app: ApiApp, deps: CoreDeps) {
  const { db, clock } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/properties", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(property), "Properties"), ...errorResponses } }),
    (c) => {
      const { limit, cursor } = c.req.valid("query");
      const { accountId } = c.get("auth");
      const p = listAccountPage(db, properties, accountId, [], { limit: limit, cursor: cursor });
      return c.json({ data: present(db, p.data), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/properties", tags, request: jsonBody(propertyInput), responses: { 201: jsonResponse(property, "Created"), ...errorResponses } }),
    (c) => {
      const input = c.req.valid("json");
      const now = clock.now();
      const row = { ...input, id: newId("prop"), accountId: c.get("auth").accountId, createdAt: now, updatedAt: now };
      db.insert(properties).values(row).run();
      return c.json(presentOne(db, findProperty(db, row.accountId, row.id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/properties/{id}", tags, request: { params }, responses: { 200: jsonResponse(property, "Property"), ...errorResponses } }),
    (c) => c.json(presentOne(db, findProperty(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/properties/{id}", tags, request: { params, ...jsonBody(propertyPatch) }, responses: { 200: jsonResponse(property, "Updated"), ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findProperty(db, accountId, c.req.valid("param").id);
      const patch = c.req.valid("json");
      updatePropertySettings(db, clock, existing, patch);
      return c.json(presentOne(db, findProperty(db, accountId, existing.id)), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/properties/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      const existing = findProperty(db, c.get("auth").accountId, c.req.valid("param").id);
      const live = db
        .select({ id: accessCodes.id })
        .from(accessCodes)
        .where(and(eq(accessCodes.propertyId, existing.id), inArray(accessCodes.state, ["programming", "active", "revoking"])))
        .get();
      // Deleting would orphan PINs that still open the door; they must be revoked first.
      if (live) throw conflict("this property still has codes on its locks; remove its locks or wait for the codes to be revoked first");
      db.delete(properties).where(eq(properties.id, existing.id)).run();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/properties/{id}/cleaners",
      tags,
      summary: "Assign the cleaners who get codes for this property's turnovers",
      request: { params, ...jsonBody(z.object({ contactIds: z.array(z.string().max(64)).max(50) }).strict()) },
      responses: { 200: jsonResponse(property, "Updated"), ...errorResponses },
    }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findProperty(db, accountId, c.req.valid("param").id);
      const ids = [...new Set(c.req.valid("json").contactIds)];
      const found = ids.length
        ? db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.role, "cleaner"), inArray(contacts.id, ids))).all()
        : [];
      const missing = ids.filter((id) => !found.some((f) => f.id === id));
      if (missing.length) throw notFound(`cleaner ${missing[0]}`);
      db.transaction((tx) => {
        tx.delete(propertyCleaners).where(eq(propertyCleaners.propertyId, existing.id)).run();
        for (const contactId of ids) tx.insert(propertyCleaners).values({ propertyId: existing.id, contactId }).run();
      });
      return c.json(presentOne(db, existing), 200);
    },
  );
}
