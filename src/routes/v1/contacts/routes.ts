import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client";
import { contacts, propertyCleaners } from "../../../db/schema";
import type { SecretBox } from "../../../lib/crypto";
import { newId } from "../../../lib/ids";
import { openContact, sealContactDetails } from "../../../services/contact-details/contact-details";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { listAccountPage } from "../../../db/account-page";
import { badRequest, notFound } from "../../problem";
import { toWire } from "../../serialize";
import type { V1Deps } from "../hooks";
import { contact, contactInput, contactListQuery, contactPatch, reachable } from "./schema";

const tags = ["Contacts"];
const params = idParam("Contact", "ctc_0abc");

export function findContact(db: Db, accountId: string, id: string) {
  const row = db.select().from(contacts).where(and(eq(contacts.id, id), eq(contacts.accountId, accountId))).get();
  if (!row) throw notFound(`contact ${id}`);
  return row;
}

type ContactRow = typeof contacts.$inferSelect;

/** Contacts with their assigned properties, read in one query for the whole page rather than one per contact. */
function present({ db, box }: { db: Db; box: SecretBox }, rows: ContactRow[]) {
  const assigned = rows.length
    ? db.select().from(propertyCleaners).where(inArray(propertyCleaners.contactId, rows.map((r) => r.id))).all()
    : [];
  return rows.map((row) => {
    const { icalTokenHash, accountId, ...rest } = openContact(box, row);
    const propertyIds = assigned.filter((a) => a.contactId === rest.id).map((a) => a.propertyId);
    return toWire({ ...rest, hasIcalFeed: icalTokenHash !== null, propertyIds });
  });
}

const presentOne = (deps: { db: Db; box: SecretBox }, row: ContactRow) => present(deps, [row])[0]!;

export function registerContacts(app: ApiApp, deps: V1Deps) {
  const { db, box, clock } = deps;

  app.openapi(
    createRoute({ method: "get", path: "/contacts", tags, request: { query: listQuery(contactListQuery) }, responses: { 200: jsonResponse(pageOf(contact), "Contacts"), ...errorResponses } }),
    (c) => {
      const { limit, cursor, role } = c.req.valid("query");
      const p = listAccountPage(db, contacts, c.get("auth").accountId, [role ? eq(contacts.role, role) : undefined], { limit: limit, cursor: cursor });
      return c.json({ data: present(deps, p.data), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/contacts", tags, request: jsonBody(contactInput), responses: { 201: jsonResponse(contact, "Created"), ...errorResponses } }),
    (c) => {
      const { phone, email, ...input } = c.req.valid("json");
      const { accountId } = c.get("auth");
      const now = clock.now();
      const id = newId("ctc");
      db.insert(contacts).values({ ...input, ...sealContactDetails(box, id, { phone: phone ?? null, email: email ?? null }), id, accountId, createdAt: now, updatedAt: now }).run();
      return c.json(presentOne(deps, findContact(db, accountId, id)), 201);
    },
  );

  app.openapi(
    createRoute({ method: "get", path: "/contacts/{id}", tags, request: { params }, responses: { 200: jsonResponse(contact, "Contact"), ...errorResponses } }),
    (c) => c.json(presentOne(deps, findContact(db, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/contacts/{id}", tags, request: { params, ...jsonBody(contactPatch) }, responses: { 200: jsonResponse(contact, "Updated"), ...errorResponses } }),
    (c) => {
      const { accountId } = c.get("auth");
      const existing = findContact(db, accountId, c.req.valid("param").id);
      const patch = c.req.valid("json");
      if (!reachable({ ...openContact(box, existing), ...patch })) {
        throw badRequest("a contact must keep a phone or an email", [{ path: "phone", message: "give a phone or an email" }]);
      }
      db.transaction((tx) => {
        const { phone, email, ...fields } = patch;
        tx.update(contacts).set({ ...fields, ...sealContactDetails(box, existing.id, { phone, email }), updatedAt: clock.now() }).where(eq(contacts.id, existing.id)).run();
        // Only cleaners are assigned to properties; an alerts-only contact gets no turnover codes.
        if (patch.role === "alerts") tx.delete(propertyCleaners).where(eq(propertyCleaners.contactId, existing.id)).run();
      });
      return c.json(presentOne(deps, findContact(db, accountId, existing.id)), 200);
    },
  );

  app.openapi(
    createRoute({ method: "delete", path: "/contacts/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      const existing = findContact(db, c.get("auth").accountId, c.req.valid("param").id);
      // Property assignments cascade; codes already issued to this cleaner keep running to their end (contact_id is set null).
      db.delete(contacts).where(eq(contacts.id, existing.id)).run();
      return c.body(null, 204);
    },
  );
}
