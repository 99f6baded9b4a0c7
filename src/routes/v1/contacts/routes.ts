import { createRoute } from "@hono/zod-openapi";
import { createContact, deleteContact, listContacts, readContact, updateContact, type ContactView } from "../../../services/contacts/contacts";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { toWire } from "../../serialize";
import type { ServiceDeps } from "../../../services/deps";
import { contact, contactInput, contactListQuery, contactPatch } from "./schema";

const tags = ["Contacts"];
const params = idParam("Contact", "ctc_0abc");

const present = ({ icalTokenHash, accountId: _accountId, ...rest }: ContactView) => toWire({ ...rest, hasIcalFeed: icalTokenHash !== null });

export function registerContacts(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/contacts", tags, request: { query: listQuery(contactListQuery) }, responses: { 200: jsonResponse(pageOf(contact), "Contacts"), ...errorResponses } }),
    (c) => {
      const p = listContacts(deps, c.get("auth").accountId, c.req.valid("query"));
      return c.json({ data: p.data.map(present), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/contacts", tags, request: jsonBody(contactInput), responses: { 201: jsonResponse(contact, "Created"), ...errorResponses } }),
    (c) => c.json(present(createContact(deps, c.get("auth").accountId, c.req.valid("json"))), 201),
  );

  app.openapi(
    createRoute({ method: "get", path: "/contacts/{id}", tags, request: { params }, responses: { 200: jsonResponse(contact, "Contact"), ...errorResponses } }),
    (c) => c.json(present(readContact(deps, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/contacts/{id}", tags, request: { params, ...jsonBody(contactPatch) }, responses: { 200: jsonResponse(contact, "Updated"), ...errorResponses } }),
    (c) => c.json(present(updateContact(deps, c.get("auth").accountId, c.req.valid("param").id, c.req.valid("json"))), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/contacts/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      deleteContact(deps.db, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
}
