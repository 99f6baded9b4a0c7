import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { CoreDeps } from "../../../deps";
import { setPropertyCleaners } from "../../../services/contacts/directory";
import type { ServiceDeps } from "../../../services/deps";
import {
  createProperty,
  deleteProperty,
  getProperty,
  listProperties,
  updateProperty,
  type PropertyWithCleaners,
} from "../../../services/properties/properties";
import { errorResponses, idParam, jsonBody, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";
import { listQuery, pageOf } from "../../pagination";
import { toWire } from "../../serialize";
import { guestLinkUrl } from "../../guest-link-url";
import { checkinPath } from "../../../services/guests/guest-links";
import { property, propertyInput, propertyPatch, withCurrentNames } from "./schema";

/** Routes of other resources still import the lookup from here; it is the services' one lookup. */
export { findProperty } from "../../../services/lookups";

const tags = ["Properties"];
const params = idParam("Property", "prop_0abc");

const present = (deps: CoreDeps, c: Context) => {
  const origin = guestLinkUrl(deps, c, ""); // once per answer, not once per property of a page
  // The account is the caller's own and not part of the answer.
  return ({ accountId: _account, ...row }: PropertyWithCleaners) => toWire({ ...row, address: row.address ?? null, checkInLink: `${origin}${checkinPath(deps.box, { id: row.id, accountId: _account })}` });
};

export function registerProperties(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/properties", tags, request: { query: listQuery() }, responses: { 200: jsonResponse(pageOf(property), "Properties"), ...errorResponses } }),
    (c) => {
      const auth = c.get("auth");
      const p = listProperties(deps, auth.accountId, { ...c.req.valid("query"), propertyIds: auth.propertyIds });
      return c.json({ data: p.data.map(present(deps, c)), nextCursor: p.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({ method: "post", path: "/properties", tags, request: jsonBody(propertyInput), responses: { 201: jsonResponse(property, "Created"), ...errorResponses } }),
    async (c) => c.json(present(deps, c)(createProperty(deps, c.get("auth").accountId, withCurrentNames(c.req.valid("json"), await c.req.json()))), 201),
  );

  app.openapi(
    createRoute({ method: "get", path: "/properties/{id}", tags, request: { params }, responses: { 200: jsonResponse(property, "Property"), ...errorResponses } }),
    (c) => c.json(present(deps, c)(getProperty(deps, c.get("auth").accountId, c.req.valid("param").id)), 200),
  );

  app.openapi(
    createRoute({ method: "patch", path: "/properties/{id}", tags, request: { params, ...jsonBody(propertyPatch) }, responses: { 200: jsonResponse(property, "Updated"), ...errorResponses } }),
    async (c) => c.json(present(deps, c)(updateProperty(deps, c.get("auth").accountId, c.req.valid("param").id, withCurrentNames(c.req.valid("json"), await c.req.json()))), 200),
  );

  app.openapi(
    createRoute({ method: "delete", path: "/properties/{id}", tags, request: { params }, responses: { 204: { description: "Deleted" }, ...errorResponses } }),
    (c) => {
      deleteProperty(deps, c.get("auth").accountId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/properties/{id}/cleaners",
      tags,
      summary: "Assign the cleaners who get codes for this property's turnovers",
      request: { params, ...jsonBody(z.object({ contactIds: z.array(z.string().max(64)).max(50) }).strict().openapi("PropertyCleaners")) },
      responses: { 200: jsonResponse(property, "Updated"), ...errorResponses },
    }),
    async (c) => {
      const accountId = c.get("auth").accountId;
      const id = c.req.valid("param").id;
      // The dashboard's service: a cleaner taken off the property loses their codes there, removed from the lock now.
      await setPropertyCleaners(deps, accountId, id, [...new Set(c.req.valid("json").contactIds)]);
      return c.json(present(deps, c)(getProperty(deps, accountId, id)), 200);
    },
  );
}
