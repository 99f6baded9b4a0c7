import { createRoute, z } from "@hono/zod-openapi";
import type { ServiceDeps } from "../../../services/deps";
import { lockPropertiesOf, shareLock, unshareLock } from "../../../services/locks/shared-doors";
import { errorResponses, idParam, jsonResponse } from "../../common-schemas";
import type { ApiApp } from "../../env";

const tags = ["Locks"];
const params = idParam("Lock", "lock_0abc");
const pairParams = params.extend({
  propertyId: z.string().min(1).max(64).openapi({ param: { name: "propertyId", in: "path" }, example: "prop_0abc", description: "Property id" }),
});

const lockProperties = z
  .object({
    data: z.array(z.object({
      propertyId: z.string(),
      name: z.string(),
      own: z.boolean().openapi({ description: "The property the lock was added to; it always serves it" }),
    })),
  })
  .openapi("LockProperties");

/** Shared doors: the properties a lock serves (a building entrance or gate serving several units). */
export function registerLockProperties(app: ApiApp, deps: ServiceDeps) {
  app.openapi(
    createRoute({ method: "get", path: "/locks/{id}/properties", tags, summary: "The properties a lock serves", request: { params }, responses: { 200: jsonResponse(lockProperties, "Properties"), ...errorResponses } }),
    (c) => c.json({ data: lockPropertiesOf(deps, c.get("auth").accountId, c.req.valid("param").id) }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/locks/{id}/properties/{propertyId}",
      tags,
      summary: "Share a lock with another property: its guests and cleaners get their codes on it too",
      request: { params: pairParams },
      responses: { 200: jsonResponse(lockProperties, "Properties"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { id, propertyId } = c.req.valid("param");
      return c.json({ data: await shareLock(deps, accountId, id, propertyId, actor) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/locks/{id}/properties/{propertyId}",
      tags,
      summary: "Stop sharing a lock with a property: that property's codes on it are removed and read back gone",
      request: { params: pairParams },
      responses: { 200: jsonResponse(lockProperties, "Properties"), ...errorResponses },
    }),
    async (c) => {
      const { accountId, actor } = c.get("auth");
      const { id, propertyId } = c.req.valid("param");
      return c.json({ data: await unshareLock(deps, accountId, id, propertyId, actor) }, 200);
    },
  );
}
